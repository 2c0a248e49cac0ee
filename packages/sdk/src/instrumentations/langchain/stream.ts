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
 */
export function bindAsyncGenerator<T>(generator: AsyncGenerator<T>, ctx: Context): AsyncGenerator<T> {
  const bound = Object.create(Object.getPrototypeOf(generator) as object) as AsyncGenerator<T>;
  Object.defineProperties(bound, {
    next: { value: (...args: [] | [unknown]) => context.with(ctx, () => generator.next(...args)), writable: true, configurable: true },
    return: { value: (value: T) => context.with(ctx, () => generator.return(value)), writable: true, configurable: true },
    throw: { value: (error: unknown) => context.with(ctx, () => generator.throw(error)), writable: true, configurable: true },
    [Symbol.asyncIterator]: { value: () => bound, writable: true, configurable: true },
  });
  return bound;
}
