/*
 * Observes the SDK's `Stream` in place: the app keeps the very object it
 * got — `for await`, `tee()`, `toReadableStream()`, `controller` and
 * `Stream.fromReadableStream()` round-trips all work as without agentmeter.
 *
 * Every way of reading a Stream goes through its own `iterator` property:
 * `[Symbol.asyncIterator]()` returns `this.iterator()`, `tee()` reads one
 * `this.iterator()` for both branches, `toReadableStream()` pulls from
 * `this[Symbol.asyncIterator]()`, and 7.x's chat-chunk normalisation and
 * beta `__betaTransformIterator` wrap it. So that property is shadowed on
 * the instance, and the async generator it returns — the SDK's own, handed
 * to the app unchanged — has its next/return/throw observed (manual/stream.ts).
 * Only the first iteration is observed: a second one fails in the SDK
 * ("Cannot iterate over a consumed stream") and is the app's business.
 * Shape checked in openai 4.104.0 (streaming.js), 5.23.2, 6.49.0 and 7.57.0
 * (core/streaming.js).
 */
import { isAsyncIterable, observeAsyncIterable, observeIterator, type StreamObserver } from '../../manual/stream.js';
import { shadowOwn } from './own-property.js';

export type StreamEnd =
  /** The SDK's iterator finished: the stream ended or was cancelled through its controller/AbortSignal. */
  | { how: 'completed' }
  /** The app stopped reading (`break`, `return()`, cancelling a ReadableStream or both tee branches). */
  | { how: 'broken-off' }
  | { how: 'failed'; error: unknown };

export interface StreamWatcher {
  /** The app started reading. */
  onStart(): void;
  onChunk(chunk: unknown): void;
  /** Called once. */
  onEnd(end: StreamEnd): void;
}

export const isStream = (value: unknown): boolean => isAsyncIterable(value) && typeof value !== 'string';

/** True when the stream's request was aborted (the app's AbortSignal, or `stream.controller.abort()`). */
export function streamAborted(stream: unknown): boolean {
  const controller = (stream as { controller?: { signal?: { aborted?: unknown } } } | undefined)?.controller;
  return controller?.signal?.aborted === true;
}

/** @returns false when the stream cannot be observed (the caller ends its span now). */
export function observeStream(stream: unknown, watcher: StreamWatcher): boolean {
  const observer: StreamObserver = {
    onChunk: chunk => watcher.onChunk(chunk),
    onEnd: (error, brokenOff) =>
      watcher.onEnd(brokenOff ? { how: 'broken-off' } : error === undefined ? { how: 'completed' } : { how: 'failed', error }),
  };
  const target = stream as { iterator?: unknown };
  const iterator = target.iterator;
  if (typeof iterator === 'function' && Object.prototype.hasOwnProperty.call(target, 'iterator')) {
    let started = false;
    const observed = function (this: unknown, ...args: unknown[]) {
      const generator = (iterator as (...a: unknown[]) => AsyncIterable<unknown>).apply(this, args);
      if (!started) {
        started = true;
        watcher.onStart();
        if (!observeIterator(generator, observer)) observer.onEnd(undefined, false);
      }
      return generator;
    };
    try {
      // the SDK sets `iterator` in the constructor, a plain property
      shadowOwn(target, 'iterator', observed);
      return true;
    } catch {
      return false;
    }
  }
  // A stream without an own `iterator` (not seen in the checked versions): observe its async iterator.
  if (!isStream(stream) || !observeAsyncIterable(stream as AsyncIterable<unknown>, observer)) return false;
  watcher.onStart();
  return true;
}
