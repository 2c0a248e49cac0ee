/** What a store call does to state: the `agentmeter.state.operation` value. */
export type StateOperation = 'read' | 'write' | 'delete';

/** Per-method choice: an operation, or `false` to leave the method uninstrumented. */
export type StoreMethods = Record<string, StateOperation | false>;

/** The Map interface (Map, Keyv, LRU caches, most key-value clients). */
const EXACT: Record<string, StateOperation> = {
  get: 'read',
  has: 'read',
  set: 'write',
  delete: 'delete',
  clear: 'delete',
};

/**
 * Method-name prefixes of custom async stores, e.g. a LangGraph checkpointer:
 * getTuple → read, list → read, put / putWrites → write, deleteThread → delete.
 */
const PREFIXES: Array<[string, StateOperation]> = [
  ['get', 'read'],
  ['list', 'read'],
  ['set', 'write'],
  ['put', 'write'],
  ['delete', 'delete'],
];

/**
 * The state operation a method call performs, or undefined for a method
 * that is not state I/O. A prefix only counts at a word boundary of a
 * camelCase or snake_case name: `getTuple`, `put_writes` and `list` match,
 * `settings`, `setup` and `getter` do not. `overrides` (from the user) win.
 */
export function storeOperation(method: string, overrides?: StoreMethods): StateOperation | undefined {
  if (overrides && Object.prototype.hasOwnProperty.call(overrides, method)) {
    const chosen = overrides[method];
    return chosen === false ? undefined : chosen;
  }
  const exact = EXACT[method];
  if (exact !== undefined && Object.prototype.hasOwnProperty.call(EXACT, method)) return exact;
  for (const [prefix, operation] of PREFIXES) {
    if (method === prefix) return operation;
    if (method.startsWith(prefix) && isWordBoundary(method.charCodeAt(prefix.length))) return operation;
  }
  return undefined;
}

/** An upper-case letter, a digit, `_` or `$` starts the next word of a method name. */
function isWordBoundary(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}
