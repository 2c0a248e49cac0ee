import { context, type Context } from '@opentelemetry/api';

/**
 * An async generator that runs every step of `generator` inside `ctx`.
 *
 * A generator's body runs in the context of whoever calls next(), not of
 * whoever created it; LangChain's `_streamIterator` methods do their work
 * (the provider request, the graph loop) inside next(), so binding the steps
 * is what puts that work under the run's span. The result inherits from the
 * generator's own prototype (Symbol.toStringTag, Symbol.asyncDispose) and
 * supports everything `yield*` and `for await` use: next, return, throw.
 * Observers: `onFirstValue` when the first value is handed out (time to
 * first chunk, as the app sees it); `onReturn` after `return()` — the
 * consumer stopped early (a `break` out of `for await`), which LangChain
 * reports to no callback. The promises handed back are the generator's own.
 */
export function bindAsyncGenerator<T>(
  generator: AsyncGenerator<T>,
  ctx: Context,
  observers: { onFirstValue?: () => void; onReturn?: () => void } = {},
): AsyncGenerator<T> {
  const bound = Object.create(Object.getPrototypeOf(generator) as object) as AsyncGenerator<T>;
  const { onReturn } = observers;
  let onFirstValue = observers.onFirstValue;
  const stopped = <R>(result: Promise<R>): Promise<R> => {
    if (onReturn) void result.then(onReturn, onReturn);
    return result;
  };
  const step = (result: Promise<IteratorResult<T>>): Promise<IteratorResult<T>> => {
    if (onFirstValue) {
      void result.then(
        r => {
          if (!r.done && onFirstValue) {
            onFirstValue();
            onFirstValue = undefined;
          }
        },
        () => undefined,
      );
    }
    return result;
  };
  Object.defineProperties(bound, {
    next: { value: (...args: [] | [unknown]) => step(context.with(ctx, () => generator.next(...args))), writable: true, configurable: true },
    return: { value: (value: T) => stopped(context.with(ctx, () => generator.return(value))), writable: true, configurable: true },
    throw: { value: (error: unknown) => context.with(ctx, () => generator.throw(error)), writable: true, configurable: true },
    [Symbol.asyncIterator]: { value: () => bound, writable: true, configurable: true },
  });
  return bound;
}
