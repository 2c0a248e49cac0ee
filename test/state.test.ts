import { OtlpReceiver, type ReceivedSpan } from './helpers/otlp-receiver';
import { freePort, jsonLine, parsePrometheus, runFixture, type FixtureResult } from './helpers/spawn-fixture';

/**
 * instrumentStore / instrumentCache in real child processes started with the
 * zero-code entries: state spans reach OTLP and the root analysis, state
 * durations and exact cache hit/miss counts reach /metrics, and the app sees
 * the same values and errors as with the unwrapped stores.
 */
const variants = [
  { name: 'CommonJS app with -r', script: 'state/store-and-cache.cjs', flags: ['-r', '@agentmeter/sdk/register'] },
  { name: 'ESM app with --import', script: 'state/store-and-cache.mjs', flags: ['--import', '@agentmeter/sdk/register'] },
];

describe.each(variants)('$name', ({ script, flags }) => {
  const receiver = new OtlpReceiver();
  let metricsText = '';
  let result: FixtureResult;
  let baseline: FixtureResult;

  beforeAll(async () => {
    const otlp = await receiver.start();
    const port = await freePort();
    result = await runFixture(script, {
      flags,
      env: {
        OTEL_SERVICE_NAME: 'state-it',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      whenReady: async () => {
        metricsText = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      },
    });
    baseline = await runFixture(script, { env: { AGENTMETER_FIXTURE_PLAIN: '1' } });
  });
  afterAll(() => receiver.stop());

  const samples = (name: string, labels: Record<string, string>) =>
    parsePrometheus(metricsText).filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const value = (name: string, labels: Record<string, string>, withError = false) =>
    samples(name, labels)
      .filter(s => withError || s.labels.error_type === undefined)
      .reduce((sum, s) => sum + s.value, 0);
  const one = (name: string): ReceivedSpan => {
    const found = receiver.spans.filter(s => s.name === name);
    expect(found.map(s => s.name)).toEqual([name]);
    return found[0];
  };

  it('gives the app the same values and the same error as the unwrapped stores', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const instrumented = jsonLine(result.stdout, 'ready').results;
    expect(instrumented).toEqual(jsonLine(baseline.stdout, 'ready').results);
    expect(instrumented.syncGet).toEqual({ value: 'alice', isPromise: false });
    expect(instrumented.chained).toBe(true);
    expect(instrumented.isMap).toBe(true);
    expect(instrumented.error).toMatchObject({ constructor: 'NotFoundError', code: 'E_NO_THREAD', same: true });
    expect(instrumented.listed).toEqual(['cp1']);
  });

  it('exports state spans under the agent with store, operation and method — no keys or values', () => {
    const agent = one('invoke_agent planner');
    const state = receiver.spans.filter(s => s.attributes['agentmeter.state.store'] !== undefined);
    expect(state.every(s => s.parentSpanId === agent.spanId)).toBe(true);
    const byName = (store: string) =>
      state.filter(s => s.attributes['agentmeter.state.store'] === store).sort((a, b) => Number(a.startNs - b.startNs)).map(s => `${s.name}/${s.attributes['agentmeter.state.method']}`);
    expect(byName('sessions')).toEqual(['write sessions/set', 'read sessions/get', 'read sessions/has', 'delete sessions/delete']);
    expect(byName('checkpointer')).toEqual([
      'write checkpointer/put',
      'read checkpointer/getTuple',
      'read checkpointer/list',
      'read checkpointer/getTuple',
      'delete checkpointer/deleteThread',
    ]);
    const failed = state.filter(s => s.status.code === 2);
    expect(failed.map(s => [s.name, s.attributes['error.type']])).toEqual([['read checkpointer', 'NotFoundError']]);
    expect(JSON.stringify(state.map(s => [s.attributes, s.events, s.status]))).not.toMatch(/alice|no checkpoint|"user"|t1/);
    expect(state.find(s => s.attributes['agentmeter.state.method'] === 'set')?.attributes['agentmeter.bytes']).toBe(5);
  });

  it('counts the store time as state I/O in the root analysis', () => {
    const root = one('invoke_workflow state-demo');
    expect(root.attributes['agentmeter.breakdown.state_ms']).toBeGreaterThan(3); // includes the 3 ms put
  });

  it('serves agentmeter_state_duration per store and operation, failures with error.type', () => {
    const count = (store: string, operation: string) =>
      value('agentmeter_state_duration_count', { agentmeter_state_store: store, agentmeter_state_operation: operation });
    expect([count('sessions', 'write'), count('sessions', 'read'), count('sessions', 'delete')]).toEqual([1, 2, 1]);
    expect([count('checkpointer', 'write'), count('checkpointer', 'read'), count('checkpointer', 'delete')]).toEqual([1, 2, 1]);
    expect(
      value('agentmeter_state_duration_count', { agentmeter_state_store: 'checkpointer', agentmeter_state_operation: 'read', error_type: 'NotFoundError' }, true),
    ).toBe(1);
  });

  it('serves exact cache hit/miss counts and the time the hits saved', () => {
    const requests = (result: string) => value('agentmeter_cache_requests_total', { agentmeter_cache_name: 'embeddings', agentmeter_cache_result: result });
    expect(requests('hit')).toBe(4);
    expect(requests('miss')).toBe(3);
    const saved = value('agentmeter_cache_saved_total', { agentmeter_cache_name: 'embeddings' });
    // 4 hits × the ~15 ms miss path (timers may fire ~1 ms early), well under a second each
    expect(saved).toBeGreaterThanOrEqual(4 * 0.013);
    expect(saved).toBeLessThan(4);
  });
});
