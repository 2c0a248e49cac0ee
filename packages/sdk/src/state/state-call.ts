import { context, SpanKind, trace, type Span } from '@opentelemetry/api';
import { reportInternalError } from '../diag.js';
import { markFailed } from '../manual/with-span.js';
import { isAsyncIterable, observeAsyncIterable } from '../manual/stream.js';
import {
  ATTR_AGENTMETER_BYTES,
  ATTR_AGENTMETER_STATE_METHOD,
  ATTR_AGENTMETER_STATE_OPERATION,
  ATTR_AGENTMETER_STATE_STORE,
} from '../semconv.js';
import { VERSION } from '../version.js';
import { byteSize } from './bytes.js';
import type { Invoke } from './method-proxy.js';
import type { StateOperation } from './store-operations.js';

const tracer = trace.getTracer('@agentmeter/sdk', VERSION);

/**
 * One store call as a state span `{operation} {store}` (INTERNAL) with
 * agentmeter.state.store / .operation / .method and, when cheap,
 * agentmeter.bytes (the value written by `set(key, value)`-shaped calls, the
 * value a read returned).
 *
 * Not manual/with-span's withSpan: that one treats any async-iterable result
 * as a stream to observe, which is right for an LLM call but wrong for
 * `map.get(key)` returning a stored generator (it would be patched on every
 * read). Here only `list*` reads are observed as streams (a LangGraph
 * checkpointer's `list()` is an async generator): their span ends when the
 * iteration does. Otherwise the same rules: a sync call stays sync, the very
 * value or promise is returned, the same error is rethrown.
 */
export function stateCall(store: string, operation: StateOperation, method: string, invoke: Invoke, thisArg: unknown, args: unknown[]): unknown {
  let span: Span;
  let ctx;
  try {
    const parent = context.active();
    span = tracer.startSpan(`${operation} ${store}`, {
      kind: SpanKind.INTERNAL,
      attributes: {
        [ATTR_AGENTMETER_STATE_STORE]: store,
        [ATTR_AGENTMETER_STATE_OPERATION]: operation,
        [ATTR_AGENTMETER_STATE_METHOD]: method,
      },
    }, parent);
    ctx = trace.setSpan(parent, span);
  } catch (error) {
    reportInternalError('state.start', error);
    return invoke(thisArg, args);
  }
  if (operation === 'write' && args.length >= 2) setBytes(span, args[1]);

  let result: unknown;
  try {
    result = context.with(ctx, invoke, undefined, thisArg, args);
  } catch (error) {
    fail(span, error);
    throw error;
  }
  try {
    if (result instanceof Promise) {
      result.then(
        value => succeed(span, operation, value),
        error => fail(span, error),
      );
    } else if (method.startsWith('list') && isAsyncIterable(result)) {
      const observed = observeAsyncIterable(result, {
        onChunk: () => {},
        onEnd: (error, brokenOff) => (error !== undefined && !brokenOff ? fail(span, error) : span.end()),
      });
      if (!observed) span.end();
    } else {
      succeed(span, operation, result);
    }
  } catch (error) {
    reportInternalError('state.result', error);
  }
  return result;
}

function succeed(span: Span, operation: StateOperation, value: unknown): void {
  try {
    if (operation === 'read') setBytes(span, value);
    span.end();
  } catch (error) {
    reportInternalError('state.end', error);
  }
}

function fail(span: Span, error: unknown): void {
  try {
    markFailed(span, error);
    span.end();
  } catch (internal) {
    reportInternalError('state.end', internal);
  }
}

function setBytes(span: Span, value: unknown): void {
  const bytes = byteSize(value);
  if (bytes !== undefined) span.setAttribute(ATTR_AGENTMETER_BYTES, bytes);
}
