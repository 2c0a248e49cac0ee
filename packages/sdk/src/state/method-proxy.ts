import { reportInternalError } from '../diag.js';

type AnyFunction = (this: any, ...args: any[]) => any;

/** Calls the original method with the right receiver (the target when called through the proxy). */
export type Invoke = (thisArg: unknown, args: unknown[]) => unknown;

/** Builds the wrapper of one method from `invoke`; undefined leaves the method as it is (only rebound). */
export type WrapMethod = (method: string, invoke: Invoke) => AnyFunction | undefined;

/** Distinct properties whose wrappers are remembered (method names are few; this only bounds pathological use). */
const MAX_CACHED = 256;

/**
 * A Proxy over `target` whose methods run with `this` = the target itself,
 * and whose selected methods are replaced by wrappers.
 *
 * Why a Proxy and not patching the object: the app's original object stays
 * untouched (a Map shared with other code is not instrumented behind its
 * back), `instanceof`, prototype, own keys and property writes behave as on
 * the target, and objects we cannot patch (frozen, class instances with
 * private fields) work too. Why `this` = target: built-ins (Map, Set) and
 * classes with `#private` fields reject a Proxy as receiver
 * (`Map.prototype.get called on incompatible receiver`), so every method
 * and accessor is called on the target — which also means a store method
 * calling `this.get()` internally is not counted twice.
 *
 * Limits: the proxy is a different object (`proxy !== target`), and
 * `structuredClone(proxy)` throws as for any Proxy. A non-configurable,
 * read-only own method (a frozen object's) is returned as it is (Proxy
 * invariant), so it is not instrumented.
 */
export function proxyMethods<T extends object>(target: T, wrap: WrapMethod): T {
  const cache = new Map<PropertyKey, { original: AnyFunction; wrapped: AnyFunction }>();
  const proxy: T = new Proxy(target, {
    get(t, property) {
      const value: unknown = Reflect.get(t, property, t);
      if (typeof value !== 'function' || property === 'constructor') return value;
      const cached = cache.get(property);
      if (cached !== undefined && cached.original === value) return cached.wrapped;
      if (isFixed(t, property)) return value;
      let wrapped: AnyFunction;
      try {
        const original = value as AnyFunction;
        // A method returning its receiver (`map.set(k, v)` returns the map) returns the proxy, so chained calls stay instrumented.
        const invoke: Invoke = (thisArg, args) => {
          if (thisArg !== proxy) return original.apply(thisArg, args);
          const result = original.apply(t, args);
          return result === t ? proxy : result;
        };
        const custom = typeof property === 'string' ? wrap(property, invoke) : undefined;
        wrapped = custom ?? rebind(original, invoke);
        copyName(wrapped, value as AnyFunction);
      } catch (error) {
        reportInternalError('state.proxy', error);
        return value;
      }
      if (cache.size < MAX_CACHED || cache.has(property)) cache.set(property, { original: value as AnyFunction, wrapped });
      return wrapped;
    },
    set(t, property, value) {
      return Reflect.set(t, property, value, t);
    },
  });
  return proxy;
}

function rebind(original: AnyFunction, invoke: Invoke): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    if (new.target !== undefined) return Reflect.construct(original, args, new.target);
    return invoke(this, args);
  };
}

/** Proxy invariant: a non-configurable, non-writable own data property must be reported as it is. */
function isFixed(target: object, property: PropertyKey): boolean {
  const own = Object.getOwnPropertyDescriptor(target, property);
  return own !== undefined && own.configurable === false && own.writable === false;
}

function copyName(wrapped: AnyFunction, original: AnyFunction): void {
  try {
    Object.defineProperty(wrapped, 'name', { configurable: true, value: original.name });
    Object.defineProperty(wrapped, 'length', { configurable: true, value: original.length });
  } catch {
    // Cosmetic only.
  }
}
