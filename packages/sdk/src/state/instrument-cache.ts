import { reportInternalError } from '../diag.js';
import { AgentmeterConfigError } from '../errors.js';
import { CacheMeter } from './cache-metrics.js';
import { proxyMethods, type Invoke } from './method-proxy.js';
import { MissPath } from './miss-path.js';

export interface InstrumentCacheOptions {
  /**
   * Low-cardinality name of the cache (`embeddings`, `llm-responses`): the
   * `agentmeter.cache.name` label. The first 32 distinct names get a label
   * of their own, later ones `_other`. Required.
   */
  name: string;
  /** Whether a looked-up value is a hit. Default: anything but `undefined` and `null`. */
  isHit?: (value: unknown) => boolean;
}

const defaultIsHit = (value: unknown) => value !== undefined && value !== null;

/**
 * Counts a cache's lookups by result — `agentmeter.cache.requests{agentmeter.cache.name, agentmeter.cache.result=hit|miss}`,
 * the hit-rate KPI — and the time its hits saved, `agentmeter.cache.saved`
 * (seconds; estimator in miss-path.ts). Works with any cache shaped like
 * - a Map / key-value store: `get(key)` (sync or async) is the lookup,
 *   `set(key, value)` or `put(key, value)` after a miss closes the miss path;
 * - cache-manager: `wrap(key, loader, …)` is a hit when the loader did not run.
 *
 * Returns a Proxy of the cache (see method-proxy.ts): the very same values,
 * promises and errors; a sync cache stays sync. A lookup that throws or
 * rejects is neither a hit nor a miss (its error reaches the app unchanged).
 * No spans: compose with instrumentStore for those —
 * `instrumentCache(instrumentStore(lru, { name: 'emb' }), { name: 'emb' })`.
 */
export function instrumentCache<T extends object>(cache: T, options: InstrumentCacheOptions): T {
  if (cache === null || (typeof cache !== 'object' && typeof cache !== 'function')) {
    throw new AgentmeterConfigError('invalid_cache', 'cache', 'expected an object with a get or wrap method');
  }
  const name = options?.name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new AgentmeterConfigError('invalid_cache_name', 'name', 'expected a non-empty cache name');
  }
  if (options.isHit !== undefined && typeof options.isHit !== 'function') {
    throw new AgentmeterConfigError('invalid_cache_is_hit', 'isHit', 'expected a function (value) => boolean');
  }
  const recorder = new CacheRecorder(new CacheMeter(name), options.isHit ?? defaultIsHit);
  return proxyMethods(cache, (method, invoke) => {
    if (method === 'get') return function (this: unknown, ...args: unknown[]) { return recorder.get(invoke, this, args); };
    if (method === 'set' || method === 'put') return function (this: unknown, ...args: unknown[]) { return recorder.set(invoke, this, args); };
    if (method === 'wrap') return function (this: unknown, ...args: unknown[]) { return recorder.wrap(invoke, this, args); };
    return undefined;
  });
}

/** The per-cache logic behind the proxy's get / set / wrap. */
class CacheRecorder {
  private readonly _missPath = new MissPath();

  constructor(
    private readonly _meter: CacheMeter,
    private readonly _isHit: (value: unknown) => boolean,
  ) {}

  get(invoke: Invoke, thisArg: unknown, args: unknown[]): unknown {
    const start = performance.now();
    const result = invoke(thisArg, args);
    settled(result, value => this._lookedUp(args[0], start, value));
    return result;
  }

  set(invoke: Invoke, thisArg: unknown, args: unknown[]): unknown {
    const result = invoke(thisArg, args);
    settled(result, () => this._missPath.stored(args[0], performance.now()));
    return result;
  }

  /** cache-manager `wrap(key, loader, …)`: a hit when the loader did not run. */
  wrap(invoke: Invoke, thisArg: unknown, args: unknown[]): unknown {
    const loader = args[1];
    if (typeof loader !== 'function') return invoke(thisArg, args);
    let loaded = false;
    const wrapped = args.slice();
    wrapped[1] = function (this: unknown, ...loaderArgs: unknown[]) {
      loaded = true;
      return loader.apply(this, loaderArgs);
    };
    const start = performance.now();
    const result = invoke(thisArg, wrapped);
    settled(result, () => {
      const ms = performance.now() - start;
      if (loaded) {
        this._missPath.sample(ms);
        this._meter.miss();
      } else {
        this._meter.hit(this._missPath.savedSeconds(ms));
      }
    });
    return result;
  }

  private _lookedUp(key: unknown, start: number, value: unknown): void {
    if (this._isHit(value)) {
      this._meter.hit(this._missPath.savedSeconds(performance.now() - start));
    } else {
      this._meter.miss();
      this._missPath.missed(key, start);
    }
  }
}

/** Runs `onValue` once `result` has a value (now, or when its promise fulfils); never throws, never touches a rejection's error. */
function settled(result: unknown, onValue: (value: unknown) => void): void {
  const run = (value: unknown) => {
    try {
      onValue(value);
    } catch (error) {
      reportInternalError('cache.record', error);
    }
  };
  if (result instanceof Promise) result.then(run, () => {});
  else run(result);
}
