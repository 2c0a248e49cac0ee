/*
 * Observes the SDK's `APIPromise` without consuming it.
 *
 * An APIPromise is lazy: its body is parsed only when the app awaits it
 * (then/catch/finally/withResponse all go through `parse()`), and
 * `asResponse()` hands the app the raw Response with an unread body.
 * Calling `.then()` on it from agentmeter would parse — read — the body
 * behind the app's back and break `asResponse()` (the class of bug in
 * opentelemetry-js-contrib#3286). So the instance's own `parse` and
 * `asResponse` are shadowed (non-enumerable own properties; the prototype,
 * class and every helper stay as they are) and the call is observed when the
 * app consumes it, as the SDK's own tracing (>= 0.134.0) does.
 * Shape checked on @anthropic-ai/sdk 0.39.0 (core.js) and 1.14.0 (core/api-promise.js).
 */

export interface ApiPromiseObserver {
  /** The parsed body: a Message, or the SDK's Stream for `stream: true`. */
  onData(data: unknown): void;
  /** The request or the parse failed (the same error object the app gets). */
  onError(error: unknown): void;
  /** The app took the raw Response (`asResponse()`) before any parse: the body is the app's to read. */
  onRawResponse(): void;
}

type Fn = (...args: unknown[]) => unknown;
type Thenable = { then: (onFulfilled: (value: unknown) => void, onRejected: (error: unknown) => void) => unknown };

const isThenable = (value: unknown): value is Thenable =>
  value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as Thenable).then === 'function';

/** @returns false when `promise` is not shaped like an APIPromise (nothing was changed). */
export function observeApiPromise(promise: unknown, observer: ApiPromiseObserver): boolean {
  if (promise === null || typeof promise !== 'object') return false;
  const target = promise as { parse?: unknown; asResponse?: unknown; responsePromise?: unknown };
  const parse = target.parse;
  const asResponse = target.asResponse;
  if (typeof parse !== 'function' || typeof asResponse !== 'function') return false;
  let observed = false;
  const watch = (source: unknown, onValue: (value: unknown) => void) => {
    if (observed || !isThenable(source)) return;
    observed = true;
    // A reaction on the SDK's internal promise: the promise the app holds keeps its own (un)handled state.
    source.then(onValue, error => observer.onError(error));
  };
  try {
    define(target, 'parse', function (this: unknown, ...args: unknown[]) {
      const parsed = (parse as Fn).apply(this, args);
      watch(parsed, data => observer.onData(data));
      return parsed;
    });
    define(target, 'asResponse', function (this: unknown, ...args: unknown[]) {
      const response = (asResponse as Fn).apply(this, args);
      watch((this as typeof target)?.responsePromise, () => observer.onRawResponse());
      return response;
    });
    return true;
  } catch {
    return false;
  }
}

function define(target: object, key: string, value: Fn): void {
  Object.defineProperty(target, key, { configurable: true, writable: true, enumerable: false, value });
}
