/*
 * Finding the classes to patch in what a hooked module exports, for both
 * builds. Each lookup checks the shape it relies on and returns undefined
 * otherwise (the patch is then skipped, never half-applied).
 */
import type { Obj } from './attributes.js';
import type { Method } from './patches.js';

type HandlerBase = new (input?: unknown) => object;

/**
 * BaseCallbackHandler of the same @langchain/core copy as `CallbackManager`:
 * `CallbackManager.fromHandlers({})` builds a handler of a local subclass of it.
 */
export function baseHandlerClass(CallbackManager: unknown): HandlerBase | undefined {
  try {
    const fromHandlers = (CallbackManager as { fromHandlers?: (methods: object) => { handlers?: unknown[] } }).fromHandlers;
    if (typeof fromHandlers !== 'function') return undefined;
    const handler = fromHandlers.call(CallbackManager, {}).handlers?.[0] as object | undefined;
    const Base = handler ? Object.getPrototypeOf(handler.constructor) : undefined;
    return typeof Base === 'function' && typeof Base.prototype?.copy === 'function' ? (Base as HandlerBase) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CallbackManager from the `@langchain/core/runnables` entry, for ES-module
 * apps that never import `@langchain/core/callbacks/manager` by name:
 * `mergeConfigs` builds a `new CallbackManager(...)` when both configs
 * carry a manager-shaped `callbacks` (runnables/config.ts, core 0.3–1.4).
 */
export function callbackManagerOf(runnables: Obj): unknown {
  const mergeConfigs = runnables.mergeConfigs;
  if (typeof mergeConfigs !== 'function') return undefined;
  const shape = () => ({ handlers: [], inheritableHandlers: [], tags: [], inheritableTags: [], metadata: {}, inheritableMetadata: {} });
  try {
    const merged = (mergeConfigs as Method)({ callbacks: shape() }, { callbacks: shape() }) as { callbacks?: object } | undefined;
    const CallbackManager = merged?.callbacks?.constructor as { _configureSync?: unknown; fromHandlers?: unknown } | undefined;
    return typeof CallbackManager?._configureSync === 'function' && typeof CallbackManager.fromHandlers === 'function' ? CallbackManager : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `Pregel.prototype`: exported as `Pregel` by dist/pregel/index; from the
 * main entry, the prototype of CompiledStateGraph's chain that defines
 * `_streamIterator` and `_runLoop` (Runnable's own `_streamIterator` has no `_runLoop`).
 */
export function pregelPrototype(exports: Obj): Record<string, Method> | undefined {
  const direct = (exports.Pregel as { prototype?: Record<string, Method> } | undefined)?.prototype;
  if (direct && typeof direct._streamIterator === 'function') return direct;
  const compiled = exports.CompiledStateGraph as { prototype?: object } | undefined;
  for (let proto = compiled?.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const own = (key: string) => Object.prototype.hasOwnProperty.call(proto, key);
    if (own('_streamIterator') && 'getState' in proto && '_runLoop' in proto) return proto as Record<string, Method>;
  }
  return undefined;
}
