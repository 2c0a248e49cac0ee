import { context, INVALID_SPAN_CONTEXT, SpanStatusCode, trace, type Attributes, type Span, type SpanKind } from '@opentelemetry/api';
import { reportInternalError } from '../diag.js';
import { ATTR_ERROR_TYPE, ERROR_TYPE_VALUE_OTHER } from '../semconv.js';
import { isAsyncIterable, observeAsyncIterable } from './stream.js';

const tracer = trace.getTracer('@agentmeter/sdk', '0.1.0');

/** What a kind of wrapper adds to the single wrapper below. */
export interface SpanKindHooks<H> {
  /** The handle `fn` receives. */
  handle(span: Span): H;
  /** Look at the (resolved) result, e.g. read `usage` from an LLM reply. Never changes it. */
  onResult?(handle: H, result: unknown): void;
  /** Look at one chunk of a streamed result. */
  onChunk?(handle: H, chunk: unknown): void;
  /** Called once the first chunk arrived (time to first chunk). */
  onFirstChunk?(handle: H): void;
  /** Called just before the span ends, whichever way it ends (apply what a stream delivered). */
  beforeEnd?(handle: H): void;
}

/**
 * The single wrapper behind withAgent/withTool/withLLM/…: runs `fn` in a new
 * active span and ends the span when `fn` is done — returned, thrown, its
 * promise settled, or (for an async iterable result) the stream consumed,
 * broken off or failed.
 *
 * Never breaks the host: a sync function stays sync and its value is returned
 * as the same object; a plain promise is returned as a promise of the same
 * value or the same error (settling after the span ended, so an unhandled
 * rejection stays unhandled); a Promise subclass is returned as the very
 * object; an error `fn` throws is rethrown as the same object; if agentmeter
 * itself fails, `fn` still runs exactly once.
 */
export function withSpan<H, R>(
  name: string,
  kind: SpanKind,
  attributes: Attributes,
  hooks: SpanKindHooks<H>,
  fn: (handle: H) => R,
): R {
  let span: Span;
  let handle: H;
  let ctx;
  try {
    const parent = context.active();
    span = tracer.startSpan(name, { kind, attributes }, parent);
    handle = hooks.handle(span);
    ctx = trace.setSpan(parent, span);
  } catch (error) {
    reportInternalError('manual.start', error);
    return fn(hooks.handle(trace.wrapSpanContext(INVALID_SPAN_CONTEXT)));
  }

  let result: R;
  try {
    result = context.with(ctx, fn, undefined, handle);
  } catch (error) {
    end(span, handle, hooks, true, error);
    throw error;
  }
  try {
    if (result instanceof Promise) {
      if (Object.getPrototypeOf(result) === Promise.prototype) {
        // A plain promise: hand back the promise that settles once the span has ended, with the
        // same value or the same error — and, unlike observing the original, an unhandled
        // rejection stays unhandled (Node still reports it) exactly as without agentmeter.
        return result.then(
          value => {
            finish(span, handle, hooks, value);
            return value;
          },
          error => {
            end(span, handle, hooks, true, error);
            throw error;
          },
        ) as R;
      }
      // A Promise subclass (e.g. openai's APIPromise with .withResponse()): the very object is
      // returned and observed. Observing attaches a handler, so a rejection of it the app never
      // handles is not reported as unhandled; everything else is unchanged.
      result.then(
        value => finish(span, handle, hooks, value),
        error => end(span, handle, hooks, true, error),
      );
    } else {
      finish(span, handle, hooks, result);
    }
  } catch (error) {
    reportInternalError('manual.result', error);
  }
  return result;
}

function finish<H>(span: Span, handle: H, hooks: SpanKindHooks<H>, value: unknown): void {
  try {
    if (isAsyncIterable(value) && typeof value !== 'string') {
      let first = true;
      const observed = observeAsyncIterable(value, {
        onChunk: chunk => {
          if (first) {
            first = false;
            hooks.onFirstChunk?.(handle);
          }
          hooks.onChunk?.(handle, chunk);
        },
        onEnd: (error, brokenOff) => end(span, handle, hooks, !brokenOff && error !== undefined, error),
      });
      if (observed) return;
    }
    hooks.onResult?.(handle, value);
  } catch (error) {
    reportInternalError('manual.finish', error);
  }
  end(span, handle, hooks, false, undefined);
}

/** Ends the span once; an error marks it failed with a low-cardinality error.type. */
function end<H>(span: Span, handle: H, hooks: SpanKindHooks<H>, failed: boolean, error: unknown): void {
  try {
    hooks.beforeEnd?.(handle);
  } catch (internal) {
    reportInternalError('manual.beforeEnd', internal);
  }
  try {
    if (failed) markFailed(span, error);
    span.end();
  } catch (internal) {
    reportInternalError('manual.end', internal);
  }
}

/** Sets status ERROR and error.type; the message is not recorded (it may carry user content). */
export function markFailed(span: Span, error: unknown): void {
  span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** The error's class name (`RateLimitError`, `TypeError`), its `code` (`ECONNRESET`), or `_OTHER`. */
export function errorType(error: unknown): string {
  if (error instanceof Error) {
    const name = error.constructor?.name;
    if (name && name !== 'Error') return name;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.length <= 64) return code;
    return name || ERROR_TYPE_VALUE_OTHER;
  }
  return ERROR_TYPE_VALUE_OTHER;
}
