import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AgentmeterConfigError, instrumentStore, withAgent } from '../../src/index';
import { setupInMemoryOtel, type InMemoryOtel } from '../helpers/in-memory-otel';

let otel: InMemoryOtel;
beforeAll(() => {
  otel = setupInMemoryOtel();
});
beforeEach(() => otel.exporter.reset());
afterAll(() => otel.shutdown());

const names = () => otel.spans().map(s => s.name);

describe('instrumentStore over a Map', () => {
  it('makes get/has/set/delete/clear state spans and returns what the Map returns, synchronously', () => {
    const map = new Map<string, string>();
    const sessions = instrumentStore(map, { name: 'sessions' });
    expect(sessions.set('k', 'hello')).toBe(sessions); // set returns its receiver: the proxy, so chaining stays instrumented
    expect(sessions.get('k')).toBe('hello');
    expect(sessions.has('k')).toBe(true);
    expect(sessions.delete('k')).toBe(true);
    sessions.clear();
    expect(names()).toEqual(['write sessions', 'read sessions', 'read sessions', 'delete sessions', 'delete sessions']);
    const write = otel.spans()[0];
    expect(write.kind).toBe(SpanKind.INTERNAL);
    expect(write.attributes).toEqual({
      'agentmeter.state.store': 'sessions',
      'agentmeter.state.operation': 'write',
      'agentmeter.state.method': 'set',
      'agentmeter.bytes': 5,
    });
    expect(otel.spans()[1].attributes['agentmeter.bytes']).toBe(5);
    expect(otel.spans()[2].attributes['agentmeter.bytes']).toBeUndefined();
  });

  it('behaves as the Map: instanceof, size, iteration, forEach, chaining; writes land in the original, which stays uninstrumented', () => {
    const map = new Map<string, number>([['a', 1]]);
    const store = instrumentStore(map, { name: 'counts' });
    expect(store).toBeInstanceOf(Map);
    expect(Object.getPrototypeOf(store)).toBe(Map.prototype);
    store.set('b', 2).set('c', 3);
    expect(store.size).toBe(3);
    expect([...store]).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect([...store.keys()]).toEqual(['a', 'b', 'c']);
    const seen: string[] = [];
    store.forEach((_v, k) => seen.push(k));
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(map.get('c')).toBe(3);
    expect(store.get).toBe(store.get); // stable method identity
    expect(names()).toEqual(['write counts', 'write counts']); // map.get above: not through the proxy, not counted
  });

  it('records bytes of binary values and leaves objects unmeasured (never serialized)', () => {
    const store = instrumentStore(new Map<string, unknown>(), { name: 'blobs' });
    store.set('bin', Buffer.alloc(1024));
    store.set('obj', { big: 'x'.repeat(1000) });
    expect(otel.spans().map(s => s.attributes['agentmeter.bytes'])).toEqual([1024, undefined]);
  });
});

/** A custom async store shaped like a LangGraph checkpointer, with a private field. */
class ThreadStore {
  #threads = new Map<string, string[]>();
  lastPromise: Promise<unknown> | undefined;
  setupCalls = 0;

  async put(thread: string, checkpoint: string): Promise<string> {
    const list = this.#threads.get(thread) ?? [];
    list.push(checkpoint);
    this.#threads.set(thread, list);
    return `${thread}:${list.length}`;
  }
  putWrites(thread: string): Promise<void> {
    this.lastPromise = new Promise(resolve => setTimeout(resolve, 5));
    return this.lastPromise as Promise<void>;
  }
  async getTuple(thread: string): Promise<string> {
    const list = this.#threads.get(thread);
    if (!list) throw new NotFoundError(`no thread ${thread}`);
    return list[list.length - 1];
  }
  async *list(thread: string): AsyncGenerator<string> {
    for (const checkpoint of this.#threads.get(thread) ?? []) {
      await new Promise(resolve => setTimeout(resolve, 2));
      yield checkpoint;
    }
  }
  async deleteThread(thread: string): Promise<void> {
    this.#threads.delete(thread);
  }
  /** Not state I/O despite the name: `setup` is not `set` + a word. */
  async setup(): Promise<void> {
    this.setupCalls += 1;
  }
  get settings(): string {
    return 'private-field-safe:' + this.#threads.size;
  }
  getMany(threads: string[]): Promise<string[]> {
    return Promise.all(threads.map(t => this.getTuple(t)));
  }
}
class NotFoundError extends Error {}

describe('instrumentStore over a custom async store', () => {
  it('maps get*/list*/put*/delete* to read/write/delete, returns the very same promise, leaves setup alone', async () => {
    const target = new ThreadStore();
    const store = instrumentStore(target, { name: 'checkpointer' });
    expect(await store.put('t1', 'cp1')).toBe('t1:1');
    const pending = store.putWrites('t1');
    expect(pending).toBe(target.lastPromise);
    await pending;
    expect(await store.getTuple('t1')).toBe('cp1');
    await store.setup();
    expect(target.setupCalls).toBe(1);
    expect(store.settings).toBe('private-field-safe:1');
    await store.deleteThread('t1');
    expect(otel.spans().map(s => [s.name, s.attributes['agentmeter.state.method']])).toEqual([
      ['write checkpointer', 'put'],
      ['write checkpointer', 'putWrites'],
      ['read checkpointer', 'getTuple'],
      ['delete checkpointer', 'deleteThread'],
    ]);
    const putWrites = otel.spans()[1];
    // the span lasted until the promise settled (≥ the 5 ms timer, minus timer rounding)
    expect(putWrites.duration[0] * 1e3 + putWrites.duration[1] / 1e6).toBeGreaterThanOrEqual(4);
  });

  it('rejects with the very same error object; the span is ERROR with error.type and no message', async () => {
    const store = instrumentStore(new ThreadStore(), { name: 'checkpointer' });
    const caught = await store.getTuple('missing').catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(NotFoundError);
    const span = otel.span('read checkpointer');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(span.attributes['error.type']).toBe('NotFoundError');
    expect(JSON.stringify([span.attributes, span.events, span.status])).not.toContain('no thread');
  });

  it('rethrows a sync throw as the same object, synchronously', () => {
    const boom = new TypeError('bad key');
    const store = instrumentStore({ get: (_k: string): string => { throw boom; } }, { name: 'sync' });
    expect(() => store.get('x')).toThrow(boom);
    expect(otel.span('read sync').attributes['error.type']).toBe('TypeError');
  });

  it('keeps a list() async generator as it is and ends the span when the iteration ends', async () => {
    const store = instrumentStore(new ThreadStore(), { name: 'checkpointer' });
    await store.put('t', 'a');
    await store.put('t', 'b');
    otel.exporter.reset();
    const iterable = store.list('t');
    expect(Object.prototype.toString.call(iterable)).toBe('[object AsyncGenerator]');
    expect(names()).toEqual([]); // still open while nothing was consumed
    const got: string[] = [];
    for await (const checkpoint of iterable) got.push(checkpoint);
    expect(got).toEqual(['a', 'b']);
    expect(names()).toEqual(['read checkpointer']);
  });

  it('counts one span for a method that calls other store methods internally (this = the store)', async () => {
    const store = instrumentStore(new ThreadStore(), { name: 'checkpointer' });
    await store.put('a', '1');
    await store.put('b', '2');
    otel.exporter.reset();
    expect(await store.getMany(['a', 'b'])).toEqual(['1', '2']);
    expect(names()).toEqual(['read checkpointer']);
  });

  it('nests its spans under the active span', async () => {
    const store = instrumentStore(new Map<string, number>(), { name: 'memory' });
    await withAgent('planner', async () => {
      store.set('x', 1);
    });
    const agent = otel.span('invoke_agent planner');
    expect(otel.span('write memory').parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
  });
});

describe('instrumentStore options and limits', () => {
  it('takes per-method overrides: an operation, or false to leave a method out', () => {
    const store = instrumentStore(
      { get: (k: string) => k, lookup: (k: string) => k.length, evict: () => true },
      { name: 'custom', methods: { get: false, lookup: 'read', evict: 'delete' } },
    );
    expect(store.get('abc')).toBe('abc');
    expect(store.lookup('abc')).toBe(3);
    expect(store.evict()).toBe(true);
    expect(otel.spans().map(s => [s.name, s.attributes['agentmeter.state.method']])).toEqual([
      ['read custom', 'lookup'],
      ['delete custom', 'evict'],
    ]);
  });

  it('returns frozen own methods as they are (Proxy invariant) instead of throwing', () => {
    const frozen = Object.freeze({ get: (k: string) => `v:${k}` });
    const store = instrumentStore(frozen, { name: 'frozen' });
    expect(store.get('a')).toBe('v:a');
    expect(store.get).toBe(frozen.get);
    expect(names()).toEqual([]);
  });

  it('rejects a missing store or name with an AgentmeterConfigError naming the field', () => {
    expect(() => instrumentStore(null as unknown as object, { name: 'x' })).toThrow(AgentmeterConfigError);
    expect(() => instrumentStore(new Map(), { name: '' })).toThrow(/invalid option name/);
    expect(() => instrumentStore(new Map(), undefined as unknown as { name: string })).toThrow(/invalid option name/);
  });
});
