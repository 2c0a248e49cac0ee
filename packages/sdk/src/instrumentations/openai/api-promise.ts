/*
 * Observes the `APIPromise` an openai resource method returns, without
 * consuming it and without changing what the app sees.
 *
 * An APIPromise is lazy: the body is read only when someone asks for it —
 * then/catch/finally/withResponse go through `parse()`, `asResponse()`
 * hands out the raw Response with its body unread, and the SDK's helpers
 * derive new APIPromises with `_thenUnwrap()` (chat.completions.parse,
 * responses.stream, default-encoded embeddings). Subscribing to it with
 * `.then()` would read the body behind the app's back: that is how
 * @opentelemetry/instrumentation-openai broke `chat.completions.parse()`
 * (opentelemetry-js-contrib#3586), and why returning `.then()`'s promise
 * instead lost `.withResponse()` (#3286). So agentmeter only shadows the
 * instance's own `parse`, `asResponse` and `_thenUnwrap` (non-enumerable own
 * properties; class, prototype and identity unchanged) and observes what
 * the app itself asks for, plus the raw `responsePromise` for when headers
 * arrive or the request fails.
 *
 * Shape checked in openai 4.104.0 (core.js), 5.23.2, 6.49.0 and 7.57.0
 * (core/api-promise.js). As of 7.x the client overrides `_thenUnwrap` and
 * `withResponse` per instance with closures over the request, which is why
 * derived promises are observed through their own `parse` rather than
 * through the parent's `parseResponse`.
 *
 * Unhandled rejections stay as they were: a failed request that nobody
 * consumed rejects unhandled without agentmeter (Node then warns or exits),
 * so observing `responsePromise` — which marks it handled — is paired with
 * re-raising the same error on a promise of our own, until the app consumes
 * the call (then that promise is marked handled, like the SDK's would be).
 */

import { shadowOwn } from './own-property.js';

export type Consumer = 'parse' | 'raw' | 'none';

export interface ApiPromiseObserver {
  /** The app asked for the parsed body and it arrived: a reply object, or the SDK's Stream. */
  onData(data: unknown): void;
  /** The request or the parse failed: the same error object the app gets. */
  onError(error: unknown): void;
  /** Response headers arrived; `consumer` says what the app has asked for so far. */
  onResponse(consumer: Consumer): void;
}

interface Family {
  readonly observer: ApiPromiseObserver;
  parse: boolean;
  raw: boolean;
  watching: boolean;
  /** The re-raised rejection of a failed, not (yet) consumed request. */
  unhandled: Promise<never> | undefined;
}

type Fn = (...args: unknown[]) => unknown;
type Thenable = { then(onValue: (value: unknown) => void, onError: (error: unknown) => void): unknown };

const isThenable = (value: unknown): value is Thenable =>
  value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as Thenable).then === 'function';

const ignore = () => {};

/** @returns false when `promise` is not shaped like an APIPromise (nothing was changed). */
export function observeApiPromise(promise: unknown, observer: ApiPromiseObserver): boolean {
  const family: Family = { observer, parse: false, raw: false, watching: false, unhandled: undefined };
  if (!hook(promise, family)) return false;
  const response = (promise as { responsePromise?: unknown }).responsePromise;
  if (isThenable(response)) {
    response.then(
      () => observer.onResponse(family.parse ? 'parse' : family.raw ? 'raw' : 'none'),
      error => {
        observer.onError(error);
        if (!family.parse && !family.raw) family.unhandled = Promise.reject(error);
      },
    );
  }
  return true;
}

function consumed(family: Family): void {
  family.unhandled?.catch(ignore);
  family.unhandled = undefined;
}

function hook(promise: unknown, family: Family): boolean {
  if (promise === null || typeof promise !== 'object') return false;
  const target = promise as { parse?: unknown; asResponse?: unknown; _thenUnwrap?: unknown };
  const { parse, asResponse, _thenUnwrap: thenUnwrap } = target;
  if (typeof parse !== 'function' || typeof asResponse !== 'function') return false;
  try {
    shadowOwn(target, 'parse', function (this: unknown, ...args: unknown[]) {
      family.parse = true;
      consumed(family);
      const parsed = (parse as Fn).apply(this, args);
      if (!family.watching && isThenable(parsed)) {
        family.watching = true;
        // A reaction on the SDK's cached parse promise: the app's own promise keeps its (un)handled state.
        parsed.then(
          data => family.observer.onData(data),
          error => family.observer.onError(error),
        );
      }
      return parsed;
    });
    shadowOwn(target, 'asResponse', function (this: unknown, ...args: unknown[]) {
      family.raw = true;
      consumed(family);
      return (asResponse as Fn).apply(this, args);
    });
    if (typeof thenUnwrap === 'function') {
      shadowOwn(target, '_thenUnwrap', function (this: unknown, ...args: unknown[]) {
        const derived = (thenUnwrap as Fn).apply(this, args);
        hook(derived, family);
        return derived;
      });
    }
    return true;
  } catch {
    return false;
  }
}
