/**
 * Observes a streamed reply without replacing it: the app keeps the very
 * object it got (an OpenAI `Stream`, an async generator, a ReadableStream),
 * and agentmeter learns when it is fully consumed, broken off or failed.
 *
 * Async generators are observed through their own next/return/throw (an app
 * may call next() directly); other async iterables through the iterator their
 * Symbol.asyncIterator method returns. Both are patched on the instance only.
 */
export interface StreamObserver {
  onChunk(chunk: unknown): void;
  /** Called exactly once: error undefined when the stream completed or was broken off. */
  onEnd(error: unknown, brokenOff: boolean): void;
}

type AsyncIter = AsyncIterator<unknown> & { return?: AsyncIterator<unknown>['return']; throw?: AsyncIterator<unknown>['throw'] };

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function'
  );
}

/** @returns false when the object cannot be observed (frozen): the caller ends its span now. */
export function observeAsyncIterable(iterable: AsyncIterable<unknown>, observer: StreamObserver): boolean {
  const finish = once(observer);
  if (Object.prototype.toString.call(iterable) === '[object AsyncGenerator]') {
    return patchIterator(iterable as unknown as AsyncIter, observer, finish);
  }
  const original = iterable[Symbol.asyncIterator];
  try {
    Object.defineProperty(iterable, Symbol.asyncIterator, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        const iterator = (original as (...a: unknown[]) => AsyncIter).apply(this, args);
        patchIterator(iterator, observer, finish);
        return iterator;
      },
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Observes an iterator itself (an async generator, or any `{ next }`): its
 * next/return/throw are patched in place.
 * @returns false when it is no iterator or cannot be patched (frozen).
 */
export function observeIterator(iterator: unknown, observer: StreamObserver): boolean {
  if (iterator === null || typeof iterator !== 'object' || typeof (iterator as AsyncIter).next !== 'function') return false;
  return patchIterator(iterator as AsyncIter, observer, once(observer));
}

/** observer.onEnd, called at most once. */
function once(observer: StreamObserver): (error: unknown, brokenOff: boolean) => void {
  let done = false;
  return (error, brokenOff) => {
    if (done) return;
    done = true;
    observer.onEnd(error, brokenOff);
  };
}

/** A property the instance shadows: not enumerable, like the prototype method it hides. */
const shadow = (value: unknown): PropertyDescriptor => ({ configurable: true, writable: true, value });

function patchIterator(
  iterator: AsyncIter,
  observer: StreamObserver,
  finish: (error: unknown, brokenOff: boolean) => void,
): boolean {
  const next = iterator.next;
  const ret = iterator.return;
  const thr = iterator.throw;
  // One pair of reactions per stream, not per chunk: every chunk costs one derived promise only.
  const onResult = (result: IteratorResult<unknown>) => {
    if (result.done) finish(undefined, false);
    else safeChunk(observer, result.value);
  };
  const onError = (error: unknown) => finish(error, false);
  try {
    Object.defineProperty(
      iterator,
      'next',
      shadow(function (this: unknown) {
        // `arguments`, not a rest parameter: no array per chunk
        const promise = Promise.resolve((next as (...a: unknown[]) => Promise<IteratorResult<unknown>>).apply(this, arguments as unknown as unknown[]));
        promise.then(onResult, onError);
        return promise;
      }),
    );
    if (typeof ret === 'function') {
      Object.defineProperty(
        iterator,
        'return',
        shadow(function (this: unknown, ...args: unknown[]) {
          const result = (ret as (...a: unknown[]) => Promise<IteratorResult<unknown>>).apply(this, args);
          finish(undefined, true);
          return result;
        }),
      );
    }
    if (typeof thr === 'function') {
      Object.defineProperty(
        iterator,
        'throw',
        shadow(function (this: unknown, ...args: unknown[]) {
          const result = (thr as (...a: unknown[]) => Promise<IteratorResult<unknown>>).apply(this, args);
          finish(args[0], false);
          return result;
        }),
      );
    }
    return true;
  } catch {
    return false;
  }
}

function safeChunk(observer: StreamObserver, chunk: unknown): void {
  try {
    observer.onChunk(chunk);
  } catch {
    // An observer failure must not touch the app's stream.
  }
}
