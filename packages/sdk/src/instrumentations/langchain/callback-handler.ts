/*
 * The callback handler agentmeter attaches to every LangChain run: a
 * BaseCallbackHandler subclass (of the @langchain/core copy that runs it)
 * that only observes — it never throws (LangChain would console.warn it),
 * never asks for streaming (`lc_prefer_streaming` would change how chat
 * models are called) and returns nothing.
 * https://v03.api.js.langchain.com/classes/_langchain_core.callbacks_base.BaseCallbackHandler.html
 */
import { context, trace } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import {
  ATTR_AGENTMETER_CACHE_RESULT,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
} from '../../semconv.js';
import { captureContent } from '../content.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { obj, readRunUsage, responseAttributes, usageAttributes, type Obj } from './attributes.js';
import { className } from './provider.js';
import { inputMessages, outputMessages, promptMessages, toolCallIdOf, toolResult } from './messages.js';
import { classifyChain } from './run-kinds.js';
import type { RunTracer } from './run-tracer.js';

/** The handler's `name`: LangChain de-duplicates handlers by it in places. */
export const HANDLER_NAME = 'agentmeter_callback_handler';

type HandlerBase = new (input?: unknown) => object;

function guard(where: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportInternalError(where, error);
  }
}

/**
 * A handler instance whose class extends `Base` (the BaseCallbackHandler of
 * the @langchain/core copy being patched; a plain class if it was not found —
 * LangChain only duck-types handlers).
 */
export function createCallbackHandler(Base: HandlerBase | undefined, runs: RunTracer, config: () => AgentmeterInstrumentationConfig): object {
  const Parent: HandlerBase = Base ?? class {};
  const endLlm = (output: unknown, runId: string, extraParams: Obj | undefined) => {
    const span = runs.get(runId)?.span;
    if (span) {
      // A reply from LangChain's model cache (`cache: true`) cost no tokens: its stored usage is not recorded again.
      const cached = extraParams?.cached === true;
      span.setAttributes({ ...responseAttributes(output), ...(cached ? { [ATTR_AGENTMETER_CACHE_RESULT]: 'hit' } : usageAttributes(readRunUsage(output))) });
      captureContent(span, config(), ATTR_GEN_AI_OUTPUT_MESSAGES, () => outputMessages(output));
    }
    runs.end(runId);
  };

  class AgentmeterCallbackHandler extends Parent {
    name = HANDLER_NAME;
    // Called inline, so spans start and end when the run does, in the caller's context.
    awaitHandlers = true;
    raiseError = false;
    ignoreRetriever = true;
    ignoreCustomEvent = true;

    handleChainStart(serialized: unknown, _inputs: unknown, runId: string, parentRunId?: string, tags?: string[], metadata?: Obj, _runType?: string, runName?: string): void {
      guard('langchain.chainStart', () => {
        const parent = runs.get(parentRunId);
        const info = classifyChain({
          serialized,
          tags,
          metadata,
          runName,
          hasParentRun: parent !== undefined,
          parentIsGraph: parent?.graph === true,
          parentIsNode: parent?.node === true,
          hasActiveSpan: trace.getSpan(context.active())?.isRecording() === true,
        });
        runs.startChain(runId, parentRunId, info, metadata);
      });
    }

    handleChainEnd(_outputs: unknown, runId: string): void {
      guard('langchain.chainEnd', () => runs.end(runId));
    }

    handleChainError(error: unknown, runId: string): void {
      guard('langchain.chainError', () => runs.end(runId, error));
    }

    handleChatModelStart(llm: unknown, messages: unknown, runId: string, parentRunId?: string, extraParams?: Obj, _tags?: string[], metadata?: Obj): void {
      guard('langchain.chatModelStart', () => {
        const run = runs.startLlm(runId, parentRunId, GEN_AI_OPERATION_NAME_VALUE_CHAT, llm, extraParams, metadata);
        if (run.span) captureContent(run.span, config(), ATTR_GEN_AI_INPUT_MESSAGES, () => inputMessages(messages));
      });
    }

    handleLLMStart(llm: unknown, prompts: unknown, runId: string, parentRunId?: string, extraParams?: Obj, _tags?: string[], metadata?: Obj): void {
      guard('langchain.llmStart', () => {
        const run = runs.startLlm(runId, parentRunId, GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION, llm, extraParams, metadata);
        if (run.span) captureContent(run.span, config(), ATTR_GEN_AI_INPUT_MESSAGES, () => promptMessages(prompts));
      });
    }

    handleLLMNewToken(_token: unknown, _index: unknown, runId: string): void {
      guard('langchain.llmNewToken', () => runs.chunk(runId));
    }

    handleLLMEnd(output: unknown, runId: string, _parentRunId?: string, _tags?: string[], extraParams?: Obj): void {
      guard('langchain.llmEnd', () => endLlm(output, runId, extraParams));
    }

    handleLLMError(error: unknown, runId: string): void {
      guard('langchain.llmError', () => runs.end(runId, error));
    }

    handleToolStart(tool: unknown, input: unknown, runId: string, parentRunId?: string, _tags?: string[], metadata?: Obj, runName?: string, toolCallId?: string): void {
      guard('langchain.toolStart', () => {
        const name = runName || (obj(tool)?.name as string | undefined) || className(tool) || 'tool';
        const run = runs.startTool(runId, parentRunId, name, toolCallId, metadata);
        if (run.span) captureContent(run.span, config(), ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, () => input);
      });
    }

    handleToolEnd(output: unknown, runId: string): void {
      guard('langchain.toolEnd', () => {
        const span = runs.get(runId)?.span;
        if (span) {
          // @langchain/core 0.3 passes no toolCallId to handleToolStart; the ToolMessage it returns carries it.
          const callId = toolCallIdOf(output);
          if (callId && !runs.get(runId)?.toolCallId) span.setAttribute(ATTR_GEN_AI_TOOL_CALL_ID, callId);
          captureContent(span, config(), ATTR_GEN_AI_TOOL_CALL_RESULT, () => toolResult(output));
        }
        runs.end(runId);
      });
    }

    handleToolError(error: unknown, runId: string): void {
      guard('langchain.toolError', () => runs.end(runId, error));
    }
  }
  return new AgentmeterCallbackHandler();
}
