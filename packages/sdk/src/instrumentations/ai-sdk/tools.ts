/*
 * Tool executions as semconv `execute_tool {gen_ai.tool.name}` INTERNAL spans.
 * https://ai-sdk.dev/docs/ai-sdk-core/tools-and-tool-calling
 *
 * The SDK runs a tool as `tool.execute(input, { toolCallId, messages,
 * abortSignal, … })` (ai@5/6 bind `this` to the tool). The app's tool set is
 * not touched: the SDK gets, for this call, a copy of the set in which each
 * tool that has an `execute` is a copy of that tool (same prototype, same
 * property descriptors) with an observed execute that calls the original
 * with the original tool as `this`. execute may return a value, a promise or
 * (streaming tools, ai@5+) an async iterable, observed in place.
 */
import { context, SpanKind, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import { isAsyncIterable, observeAsyncIterable } from '../../manual/stream.js';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
} from '../../semconv.js';
import { captureContent } from '../content.js';
import type { AgentRun, Tracing } from './agent-run.js';
import { asObject, str } from './attributes.js';
import { failSpan } from './errors.js';

type Execute = (this: unknown, input: unknown, options: unknown) => unknown;

/** A copy of the tool set with observed executes; anything that is not a plain tool set passes through. */
export function wrapTools<T>(tools: T, tracing: Tracing, run: AgentRun | undefined): T {
  const set = asObject(tools);
  if (!set || Array.isArray(set)) return tools;
  const copy: Record<string, unknown> = Object.create(Object.getPrototypeOf(set));
  for (const name of Object.keys(set)) {
    copy[name] = wrapTool(name, set[name], tracing, run);
  }
  return copy as T;
}

function wrapTool(name: string, tool: unknown, tracing: Tracing, run: AgentRun | undefined): unknown {
  const t = asObject(tool);
  if (!t || typeof t.execute !== 'function') return tool;
  const original = t.execute as Execute;
  const copy = Object.create(Object.getPrototypeOf(t), Object.getOwnPropertyDescriptors(t)) as Record<string, unknown>;
  Object.defineProperty(copy, 'execute', {
    configurable: true,
    enumerable: true,
    writable: true,
    value: function execute(input: unknown, options: unknown) {
      let span: Span;
      let ctx: Context;
      try {
        const parent = run ? run.parentContext() : context.active();
        span = tracing.tracer.startSpan(`${GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL} ${name}`, { kind: SpanKind.INTERNAL, attributes: toolAttributes(name, t, options) }, parent);
        captureContent(span, tracing.config(), ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, () => input);
        ctx = trace.setSpan(parent, span);
      } catch (error) {
        reportInternalError('ai-sdk.tool.start', error);
        return original.call(tool, input, options);
      }
      return runTool(span, tracing, ctx, () => original.call(tool, input, options));
    },
  });
  return copy;
}

function toolAttributes(name: string, tool: Record<string, unknown>, options: unknown): Attributes {
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: name,
    [ATTR_GEN_AI_TOOL_TYPE]: 'function',
  };
  const id = str(asObject(options)?.toolCallId);
  if (id) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = id;
  const description = str(tool.description);
  if (description) attributes[ATTR_GEN_AI_TOOL_DESCRIPTION] = description.length > 256 ? `${description.slice(0, 256)}…` : description;
  return attributes;
}

/** Runs execute with the tool span active; the span ends when its result is settled or its stream is done. */
function runTool(span: Span, tracing: Tracing, ctx: Context, fn: () => unknown): unknown {
  let result: unknown;
  try {
    result = context.with(ctx, fn);
  } catch (error) {
    failSpan(span, error);
    span.end();
    throw error;
  }
  const done = (value: unknown) => {
    captureContent(span, tracing.config(), ATTR_GEN_AI_TOOL_CALL_RESULT, () => value);
    span.end();
  };
  try {
    if (isAsyncIterable(result) && typeof result !== 'string') {
      let last: unknown;
      const observed = observeAsyncIterable(result, {
        onChunk: chunk => (last = chunk),
        onEnd: error => {
          if (error !== undefined) failSpan(span, error);
          done(last);
        },
      });
      if (observed) return result;
    }
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
      // Only the SDK sees this value, and it awaits it: a derived native promise is equivalent.
      return Promise.resolve(result).then(
        value => {
          done(value);
          return value;
        },
        error => {
          failSpan(span, error);
          span.end();
          throw error;
        },
      );
    }
    done(result);
  } catch (error) {
    reportInternalError('ai-sdk.tool.result', error);
  }
  return result;
}
