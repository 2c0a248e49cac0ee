import { context, type Context } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import { observeResult } from './observe-result.js';
import type { AgentmeterTracingProcessor } from './processor.js';
import { Slot, SLOT_KEY } from './slot.js';
import type { AgentsSpan } from './types.js';

/*
 * The few wrappers the tracing processor cannot do without. Each returns
 * what the original returns (the same async generator object; a plain
 * promise as its derived promise, see observe-result.ts) and lets the
 * original's errors through as the same objects; it only watches.
 *
 * - Runner.run: a failed non-streaming run never ends its trace
 *   (agents-core 0.20 `_wrapFunctionWithTraceLifecycle` calls `trace.end()`
 *   on success only), and the error's class is only visible here.
 * - Model.getResponse / getStreamedResponse of the OpenAI models: the call
 *   runs inside its `chat` span, so the provider call nests in it (the
 *   `openai` instrumentation's span, HTTP; the span processor then counts
 *   tokens and cost once, on the inner span), and its rejection gives the
 *   failed chat span its error class.
 * - tool({ execute }): the tool body runs with the `execute_tool` span
 *   active, so what it does (HTTP, Redis, MCP, another LLM) nests under it,
 *   and a throw gives the span the error's class even though the SDK turns
 *   it into a message for the model.
 */

export interface Bridge {
  processor: AgentmeterTracingProcessor | undefined;
  /** `getCurrentSpan` of @openai/agents-core (one AsyncLocalStorage shared by its CJS and ESM builds). */
  currentSpan: (() => AgentsSpan | null) | undefined;
}

type Fn = (this: unknown, ...args: unknown[]) => unknown;


function inSlot(original: Fn, self: unknown, args: unknown[], ctx: Context, slot: Slot): unknown {
  try {
    return context.with(ctx, original, self, ...args);
  } catch (error) {
    slot.settle(true, error);
    throw error;
  }
}

export function wrapRun(original: Fn): Fn {
  return function run(this: unknown, ...args: unknown[]) {
    const slot = new Slot();
    const result = inSlot(original, this, args, context.active().setValue(SLOT_KEY, slot), slot);
    return observeResult(result, 'openai-agents.run', (failed, error) => slot.settle(failed, error));
  };
}

/** `model._model` of OpenAIResponsesModel (agents-openai 0.20); Chat Completions keeps it private and records it in span data. */
function requestModelOf(model: unknown): string | undefined {
  const value = (model as { _model?: unknown } | null)?._model;
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The slot and context a model call runs in: its `chat` span (pre-started,
 * see AgentmeterTracingProcessor.openModelCall) active. Only when the SDK is
 * tracing this call (`request.tracing`, agents-core 0.20 ModelRequest) inside
 * a span agentmeter knows; otherwise the call runs untouched.
 */
function modelCall(model: unknown, request: unknown, bridge: Bridge): { slot: Slot; ctx: Context } | undefined {
  try {
    const processor = bridge.processor;
    if (!processor?.enabled || !(request as { tracing?: unknown } | null)?.tracing) return undefined;
    const current = bridge.currentSpan?.();
    if (!current) return undefined;
    const slot = new Slot('openai', requestModelOf(model));
    const ctx = processor.openModelCall(current, slot);
    return ctx ? { slot, ctx: ctx.setValue(SLOT_KEY, slot) } : undefined;
  } catch (error) {
    reportInternalError('openai-agents.modelCall', error);
    return undefined;
  }
}

export function wrapGetResponse(original: Fn, bridge: Bridge): Fn {
  return function getResponse(this: unknown, ...args: unknown[]) {
    const call = modelCall(this, args[0], bridge);
    if (!call) return original.apply(this, args);
    const result = inSlot(original, this, args, call.ctx, call.slot);
    return observeResult(result, 'openai-agents.getResponse', (failed, error) => call.slot.settle(failed, error));
  };
}

/**
 * An async generator's body runs inside whoever calls next(), not where it
 * was created, so its next/return/throw are bound to the call's context as
 * own properties of the same generator object.
 */
export function wrapGetStreamedResponse(original: Fn, bridge: Bridge): Fn {
  return function getStreamedResponse(this: unknown, ...args: unknown[]) {
    const call = modelCall(this, args[0], bridge);
    if (!call) return original.apply(this, args);
    const { slot, ctx } = call;
    const generator = inSlot(original, this, args, ctx, slot) as Record<string, unknown> | null;
    try {
      for (const method of ['next', 'return', 'throw'] as const) {
        const step = generator?.[method];
        if (typeof step !== 'function') continue;
        Object.defineProperty(generator, method, {
          configurable: true,
          writable: true,
          value: (...stepArgs: unknown[]) => {
            const result = context.with(ctx, step as Fn, generator, ...stepArgs);
            return observeResult(result, 'openai-agents.getStreamedResponse', (failed, valueOrError) => {
              if (failed) slot.settle(true, valueOrError);
              else if (method !== 'next' || (valueOrError as { done?: boolean } | null)?.done !== false) slot.settle(false);
            });
          },
        });
      }
    } catch (error) {
      reportInternalError('openai-agents.getStreamedResponse', error);
    }
    return generator;
  };
}

export function wrapTool(original: Fn, bridge: Bridge): Fn {
  return function tool(this: unknown, options: unknown, ...rest: unknown[]) {
    let effective = options;
    try {
      const execute = (options as { execute?: unknown } | null)?.execute;
      if (typeof execute === 'function') effective = { ...(options as object), execute: wrapExecute(execute as Fn, bridge) };
    } catch (error) {
      reportInternalError('openai-agents.tool', error);
    }
    return original.call(this, effective, ...rest);
  };
}

function wrapExecute(execute: Fn, bridge: Bridge): Fn {
  const wrapped = function (this: unknown, ...args: unknown[]) {
    let span: AgentsSpan | null | undefined;
    let ctx: Context | undefined;
    try {
      span = bridge.currentSpan?.();
      ctx = span?.spanData?.type === 'function' ? bridge.processor?.contextOf(span) : undefined;
    } catch (error) {
      reportInternalError('openai-agents.execute', error);
    }
    if (!ctx) return execute.apply(this, args);
    let result: unknown;
    try {
      result = context.with(ctx, execute, this, ...args);
    } catch (error) {
      bridge.processor?.recordError(span, error);
      throw error;
    }
    return observeResult(result, 'openai-agents.execute', (failed, error) => {
      if (failed) bridge.processor?.recordError(span, error);
    });
  };
  // tool() names a tool after its execute function when no name is given.
  Object.defineProperty(wrapped, 'name', { value: execute.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: execute.length, configurable: true });
  return wrapped;
}
