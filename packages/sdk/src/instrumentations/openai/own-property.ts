/**
 * Puts `value` on the instance under `key`, shadowing what the class (or an earlier
 * assignment) put there, without the app seeing a difference: a plain writable own
 * property the SDK set itself (7.x `APIPromise._thenUnwrap`, `Stream.iterator`) is simply
 * reassigned, which keeps its attributes and costs less than a define; anything else is
 * defined as invisible as the prototype method it hides (not enumerable).
 * Throws what defineProperty throws (a frozen instance): callers observe nothing then.
 */
export function shadowOwn(target: object, key: string, value: unknown): void {
  const own = Object.getOwnPropertyDescriptor(target, key);
  if (own?.writable === true && own.configurable === true) (target as Record<string, unknown>)[key] = value;
  else Object.defineProperty(target, key, { configurable: true, writable: true, enumerable: own?.enumerable ?? false, value });
}
