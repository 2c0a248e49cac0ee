import { AgentmeterConfigError } from '../errors.js';
import { proxyMethods } from './method-proxy.js';
import { stateCall } from './state-call.js';
import { storeOperation, type StoreMethods } from './store-operations.js';

export interface InstrumentStoreOptions {
  /**
   * Low-cardinality name of the store (`sessions`, `checkpointer`): the span
   * is `{operation} {name}` and `agentmeter.state.store` = name, which is
   * also the store label of `agentmeter.state.duration`. Required.
   */
  name: string;
  /**
   * Which methods are state I/O and what they do, overriding the defaults:
   * `get`/`has` read, `set` writes, `delete`/`clear` delete, and methods
   * named `get…`/`list…` (read), `set…`/`put…` (write), `delete…` (delete).
   * `false` leaves a method uninstrumented. Default: none.
   */
  methods?: StoreMethods;
}

/**
 * Makes every state call of a Map-like or custom (async) store a state span:
 * `store.get(k)` → `read {name}`, `store.put(…)` → `write {name}`, …, so the
 * analysis counts its time as state I/O. Returns a Proxy of the store (the
 * original object stays uninstrumented): methods return the very same
 * values and promises, sync methods stay sync, errors are rethrown as the
 * same object (the span gets status ERROR and `error.type`), `instanceof`
 * and the prototype are those of the store. Keys and values are never
 * recorded; `agentmeter.bytes` is set when a value is a string or binary.
 *
 * @example
 * const sessions = instrumentStore(new Map<string, Session>(), { name: 'sessions' });
 * const checkpointer = instrumentStore(new MemorySaver(), { name: 'checkpointer' });
 */
export function instrumentStore<T extends object>(store: T, options: InstrumentStoreOptions): T {
  if (store === null || (typeof store !== 'object' && typeof store !== 'function')) {
    throw new AgentmeterConfigError('invalid_store', 'store', 'expected an object with get/set/… methods');
  }
  const name = options?.name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new AgentmeterConfigError('invalid_store_name', 'name', 'expected a non-empty store name');
  }
  const methods = options.methods;
  return proxyMethods(store, (method, invoke) => {
    const operation = storeOperation(method, methods);
    if (operation === undefined) return undefined;
    return function (this: unknown, ...args: unknown[]) {
      return stateCall(name, operation, method, invoke, this, args);
    };
  });
}
