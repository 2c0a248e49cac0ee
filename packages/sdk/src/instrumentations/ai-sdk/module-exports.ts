/*
 * Replacing functions on the `ai` module's exports, for both module systems.
 *
 * - ES module (`import`): the instrumentation receives import-in-the-middle's
 *   namespace object, whose properties can be set; setting one rebinds the
 *   export for every importer.
 * - CommonJS (`require`): `ai`'s CJS build is bundled by tsup/esbuild, whose
 *   exports are non-configurable getters (`__export` → defineProperty with
 *   only `get`), so they can be neither assigned nor redefined (shimmer's
 *   `_wrap` fails on them). require-in-the-middle lets the hook return a
 *   different exports object, which every later require() then receives: a
 *   facade with one getter per export, forwarding to the real exports except
 *   for the replaced functions. Checked with ai@5.0.277 and 6.0.326 (CJS);
 *   ai@7 is ESM-only — a Node ≥ 22 `require(esm)` namespace is frozen and gets
 *   the facade too.
 *
 * Replacements are kept per exports object, so unpatch()/patch() (disable,
 * enable) switch the facade's functions without a second facade.
 */

type Exports = Record<string, unknown>;

interface State {
  originals: Map<string, unknown>;
  active: Map<string, unknown>;
  facade?: Exports;
}

const states = new WeakMap<object, State>();

/** @returns the exports object the hook must return (the same one, or a facade). */
export function replaceExports<T>(moduleExports: T, replacements: Map<string, (original: never) => unknown>): T {
  const target = moduleExports as unknown as Exports;
  let state = states.get(target);
  if (!state) {
    state = { originals: new Map(), active: new Map() };
    states.set(target, state);
  }
  let inPlace = state.facade === undefined;
  for (const [name, wrap] of replacements) {
    const original = state.originals.has(name) ? state.originals.get(name) : target[name];
    if (typeof original !== 'function') continue;
    state.originals.set(name, original);
    const replacement = wrap(original as never);
    state.active.set(name, replacement);
    if (inPlace && !assign(target, name, replacement)) inPlace = false;
  }
  if (inPlace) return moduleExports;
  state.facade ??= facade(target, state);
  return state.facade as unknown as T;
}

/** Puts the original functions back (the facade, if any, forwards to them again). */
export function restoreExports(moduleExports: unknown): void {
  const target = moduleExports as Exports;
  const state = states.get(target);
  if (!state) return;
  for (const name of state.active.keys()) {
    if (!state.facade) assign(target, name, state.originals.get(name));
  }
  state.active.clear();
}

function assign(target: Exports, name: string, value: unknown): boolean {
  try {
    target[name] = value;
  } catch {
    // a getter-only or frozen export
  }
  return target[name] === value;
}

function facade(target: Exports, state: State): Exports {
  const out: Exports = {};
  for (const key of Reflect.ownKeys(target)) {
    const descriptor = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(out, key, {
      enumerable: descriptor?.enumerable ?? true,
      configurable: true,
      get: () => (typeof key === 'string' && state.active.has(key) ? state.active.get(key) : target[key as string]),
    });
  }
  return out;
}
