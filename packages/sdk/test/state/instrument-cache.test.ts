import { diag, DiagLogLevel } from '@opentelemetry/api';
import { AgentmeterConfigError, instrumentCache, instrumentStore } from '../../src/index';
import { setupInMemoryOtel, type InMemoryOtel } from '../helpers/in-memory-otel';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

// Wrapped before any MeterProvider exists (as an app may do at import time): counts must still land.
const early = instrumentCache(new Map<string, string>(), { name: 'early' });

let otel: InMemoryOtel;
beforeAll(() => {
  otel = setupInMemoryOtel();
});
afterAll(() => otel.shutdown());

async function requests(name: string): Promise<{ hit: number; miss: number }> {
  const points = await otel.points('agentmeter.cache.requests');
  const count = (result: string) =>
    points.filter(p => p.attributes['agentmeter.cache.name'] === name && p.attributes['agentmeter.cache.result'] === result).reduce((s, p) => s + p.value, 0);
  return { hit: count('hit'), miss: count('miss') };
}
async function saved(name: string): Promise<number> {
  const points = await otel.points('agentmeter.cache.saved');
  return points.filter(p => p.attributes['agentmeter.cache.name'] === name).reduce((s, p) => s + p.value, 0);
}

describe('instrumentCache over a Map (cache-aside)', () => {
  it('counts hits and misses exactly and keeps get/set synchronous with the same return values', async () => {
    const map = new Map<string, string>();
    const cache = instrumentCache(map, { name: 'embeddings' });
    for (const key of ['a', 'b', 'a', 'a', 'c', 'b']) {
      const value = cache.get(key);
      if (value === undefined) expect(cache.set(key, key.toUpperCase())).toBe(cache);
      else expect(value).toBe(key.toUpperCase());
    }
    expect(map.size).toBe(3);
    expect(await requests('embeddings')).toEqual({ hit: 3, miss: 3 });
    expect(otel.spans()).toEqual([]); // metrics only: no spans
  });

  it('counts a cache wrapped before the MeterProvider existed', async () => {
    early.get('x');
    early.set('x', 'y');
    early.get('x');
    expect(await requests('early')).toEqual({ hit: 1, miss: 1 });
  });

  it('estimates saved time from the observed miss path (miss → load → set)', async () => {
    const cache = instrumentCache(new Map<string, number>(), { name: 'slow-loader' });
    const load = async (key: string) => {
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      await sleep(40);
      cache.set(key, key.length);
      return key.length;
    };
    await load('k');
    expect(await saved('slow-loader')).toBe(0);
    await load('k');
    await load('k');
    const total = await saved('slow-loader');
    // two hits, each saving the ~40 ms miss path minus a sub-ms lookup (timers may fire ~1 ms early)
    expect(total).toBeGreaterThanOrEqual(2 * 0.035);
    expect(total).toBeLessThan(2 * 5);
  });
});

describe('instrumentCache over an async cache', () => {
  class AsyncCache {
    private readonly _data = new Map<string, string>();
    last: Promise<unknown> | undefined;
    get(key: string): Promise<string | undefined> {
      if (key === 'broken') {
        this.last = Promise.reject(new RangeError('backend down'));
      } else {
        this.last = Promise.resolve(this._data.get(key));
      }
      return this.last as Promise<string | undefined>;
    }
    async set(key: string, value: string): Promise<boolean> {
      this._data.set(key, value);
      return true;
    }
  }

  it('returns the very same promise and counts when it fulfils', async () => {
    const target = new AsyncCache();
    const cache = instrumentCache(target, { name: 'kv' });
    const first = cache.get('a');
    expect(first).toBe(target.last);
    expect(await first).toBeUndefined();
    expect(await cache.set('a', 'A')).toBe(true);
    expect(await cache.get('a')).toBe('A');
    expect(await requests('kv')).toEqual({ hit: 1, miss: 1 });
  });

  it('passes a rejected lookup through unchanged and counts it as neither hit nor miss', async () => {
    const target = new AsyncCache();
    const cache = instrumentCache(target, { name: 'kv-broken' });
    const promise = cache.get('broken');
    expect(promise).toBe(target.last);
    const caught = await promise.catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(RangeError);
    expect((caught as Error).message).toBe('backend down');
    expect(await requests('kv-broken')).toEqual({ hit: 0, miss: 0 });
  });

  it('rethrows a sync throw of the cache as the same object', () => {
    const boom = new Error('sync boom');
    const cache = instrumentCache({ get: () => { throw boom; } }, { name: 'throws' });
    expect(() => cache.get()).toThrow(boom);
  });
});

describe('instrumentCache over a wrap(key, loader) cache (cache-manager shape)', () => {
  class WrapCache {
    private readonly _data = new Map<string, unknown>();
    async wrap<T>(key: string, loader: () => Promise<T>, _ttl?: number): Promise<T> {
      if (this._data.has(key)) return this._data.get(key) as T;
      const value = await loader();
      this._data.set(key, value);
      return value;
    }
  }

  it('counts a call whose loader ran as a miss, else a hit, and uses the loader calls as miss paths', async () => {
    const cache = instrumentCache(new WrapCache(), { name: 'answers' });
    let loads = 0;
    const loader = async () => {
      loads += 1;
      await sleep(30);
      return { answer: 42 };
    };
    const first = await cache.wrap('q', loader, 1000);
    const second = await cache.wrap('q', loader, 1000);
    expect(second).toBe(first);
    expect(loads).toBe(1);
    expect(await requests('answers')).toEqual({ hit: 1, miss: 1 });
    expect(await saved('answers')).toBeGreaterThanOrEqual(0.025);
  });

  it('passes a failing loader error through unchanged', async () => {
    const cache = instrumentCache(new WrapCache(), { name: 'answers-failing' });
    const failure = new SyntaxError('bad json');
    await expect(cache.wrap('q', async () => { throw failure; })).rejects.toBe(failure);
    expect(await requests('answers-failing')).toEqual({ hit: 0, miss: 0 });
  });
});

describe('instrumentCache options and limits', () => {
  it('takes isHit for caches that store sentinel values', async () => {
    const cache = instrumentCache(new Map<string, string>([['a', 'MISSING']]), { name: 'sentinel', isHit: v => v !== 'MISSING' });
    cache.get('a');
    expect(await requests('sentinel')).toEqual({ hit: 0, miss: 1 });
  });

  it('survives an isHit that throws: the app gets its value, the failure goes to diag', async () => {
    const errors: string[] = [];
    diag.setLogger({ error: (...args: unknown[]) => errors.push(args.join(' ')), warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.ERROR);
    const cache = instrumentCache(new Map([['a', 1]]), { name: 'bad-is-hit', isHit: () => { throw new Error('oops'); } });
    expect(cache.get('a')).toBe(1);
    diag.disable();
    expect(errors.join('\n')).toMatch(/cache\.record/);
  });

  it('rejects a missing cache, name or a non-function isHit with an AgentmeterConfigError', () => {
    expect(() => instrumentCache(undefined as unknown as object, { name: 'x' })).toThrow(AgentmeterConfigError);
    expect(() => instrumentCache(new Map(), { name: ' ' })).toThrow(/invalid option name/);
    expect(() => instrumentCache(new Map(), { name: 'x', isHit: 1 as unknown as () => boolean })).toThrow(/invalid option isHit/);
  });

  it('composes with instrumentStore: state spans plus cache counts', async () => {
    const cache = instrumentCache(instrumentStore(new Map<string, string>(), { name: 'composed' }), { name: 'composed' });
    cache.get('a');
    cache.set('a', 'b');
    cache.get('a');
    expect(await requests('composed')).toEqual({ hit: 1, miss: 1 });
    expect(otel.spans().filter(s => s.attributes['agentmeter.state.store'] === 'composed').map(s => s.name)).toEqual([
      'read composed',
      'write composed',
      'read composed',
    ]);
  });

  it('bounds cache names: beyond 32 distinct names the label is _other, counted as overflow', async () => {
    for (let i = 0; i < 40; i++) instrumentCache(new Map(), { name: `bulk-${i}` }).get('k');
    const points = await otel.points('agentmeter.cache.requests');
    const labels = new Set(points.map(p => p.attributes['agentmeter.cache.name']));
    // names get a label slot when a cache is wrapped: this file's earlier caches took some of the 32
    expect(labels.size).toBeLessThanOrEqual(33);
    expect(labels.has('_other')).toBe(true);
    expect(labels.has('bulk-0')).toBe(true);
    expect(labels.has('bulk-39')).toBe(false);
    const overflow = await otel.points('agentmeter.cardinality.overflow');
    expect(overflow.find(p => p.attributes.attribute === 'agentmeter.cache.name')?.value).toBeGreaterThan(0);
  });
});
