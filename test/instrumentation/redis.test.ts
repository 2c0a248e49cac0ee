import { OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { startRedisServer, type RedisServer } from '../helpers/redis-server';
import { freePort, jsonLine, parsePrometheus, runFixture, type FixtureResult } from '../helpers/spawn-fixture';

/**
 * Redis clients against a real redis-server, in child processes started
 * with agentmeter's zero-code entries: the contrib instrumentations register()
 * enables produce state-I/O spans (db.system.name=redis) that the processor
 * classifies, maps to read/write/delete and measures — without keys or
 * values on any span, and without changing what the app sees.
 */
const ESM = ['--import', '@agentmeter/sdk/register'];
const CJS = ['-r', '@agentmeter/sdk/register'];
const variants = [
  { client: 'ioredis', script: 'redis/ioredis.cjs', flags: CJS, span: (c: string) => c.toLowerCase() },
  { client: 'ioredis', script: 'redis/ioredis.mjs', flags: ESM, span: (c: string) => c.toLowerCase() },
  { client: 'node-redis', script: 'redis/node-redis.cjs', flags: CJS, span: (c: string) => `redis-${c.toUpperCase()}` },
  { client: 'node-redis', script: 'redis/node-redis.mjs', flags: ESM, span: (c: string) => `redis-${c.toUpperCase()}` },
];

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(() => redis?.stop());

function envFor(otlp: string, metricsPort: number, extra: Record<string, string> = {}) {
  return {
    REDIS_PORT: String(redis.port),
    OTEL_SERVICE_NAME: 'redis-it',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
    OTEL_EXPORTER_PROMETHEUS_PORT: String(metricsPort),
    OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
    OTEL_METRICS_EXPORTER: 'prometheus',
    OTEL_BSP_SCHEDULE_DELAY: '50',
    ...extra,
  };
}

describe.each(variants)('$client, $script', ({ script, flags, span: spanName }) => {
  const receiver = new OtlpReceiver();
  let metricsText = '';
  let result: FixtureResult;
  let baseline: FixtureResult;

  beforeAll(async () => {
    const otlp = await receiver.start();
    const port = await freePort();
    result = await runFixture(script, {
      flags,
      env: envFor(otlp, port),
      whenReady: async () => {
        metricsText = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      },
    });
    baseline = await runFixture(script, { env: { REDIS_PORT: String(redis.port) } });
  });
  afterAll(() => receiver.stop());

  const sample = (name: string, labels: Record<string, string>) =>
    parsePrometheus(metricsText).filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const redisSpans = () => receiver.spans.filter(s => s.attributes['db.system.name'] === 'redis');
  const one = (name: string): ReceivedSpan => {
    const found = receiver.spans.filter(s => s.name === name);
    expect(found.map(s => s.name)).toEqual([name]);
    return found[0];
  };

  it('leaves the app unchanged: same replies and the same reply error as without agentmeter', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(baseline.code).toBe(0);
    const instrumented = jsonLine(result.stdout, 'ready').results;
    expect(instrumented).toEqual(jsonLine(baseline.stdout, 'ready').results);
    expect(instrumented.get).toBe('secret-value-xyz');
    expect(instrumented.error.message).toMatch(/^WRONGTYPE/);
  });

  it('exports one CLIENT span per command under the agent, with db.system.name=redis and db.operation.name', () => {
    const agent = one('invoke_agent memory');
    const commands = redisSpans().filter(s => s.parentSpanId === agent.spanId);
    expect(commands.map(s => s.name).sort()).toEqual(
      ['set', 'get', 'del', 'lpush', 'get', 'del'].map(spanName).sort(),
    );
    for (const s of commands) {
      expect(s.kind).toBe(3); // SPAN_KIND_CLIENT
      expect(String(s.attributes['db.operation.name']).toLowerCase()).toBe(s.name.replace(/^redis-/, '').toLowerCase());
      expect(s.attributes['server.port']).toBe(redis.port);
    }
    const failed = commands.filter(s => s.status.code === 2);
    expect(failed.map(s => s.name)).toEqual([spanName('get')]);
  });

  it('records no key, value or query text on any span by default', () => {
    const spans = redisSpans();
    expect(spans.length).toBeGreaterThanOrEqual(6);
    for (const s of spans) expect(s.attributes['db.query.text']).toBeUndefined();
    expect(JSON.stringify(receiver.spans.map(s => [s.name, s.attributes, s.events]))).not.toContain('secret');
  });

  it('records payload sizes, never payloads: agentmeter.bytes on the SET and the successful GET', () => {
    const agent = one('invoke_agent memory');
    const commands = redisSpans().filter(s => s.parentSpanId === agent.spanId);
    const set = commands.find(s => s.name === spanName('set'))!;
    const get = commands.find(s => s.name === spanName('get') && s.status.code !== 2)!;
    expect(set.attributes['agentmeter.bytes']).toBe('secret-value-xyz'.length);
    expect(get.attributes['agentmeter.bytes']).toBe('secret-value-xyz'.length);
  });

  it('traces no command outside a trace (the PING before the workflow, the connection handshake)', () => {
    const workflow = one('invoke_workflow redis-session');
    expect(receiver.spans.filter(s => s.name === spanName('ping'))).toEqual([]);
    const outside = redisSpans().filter(s => s.traceId !== workflow.traceId);
    // As of instrumentation-redis 0.71.0, node-redis' connect() opens a `redis-connect` span even without a parent.
    expect(outside.map(s => s.name)).toEqual(spanName('ping') === 'ping' ? [] : ['redis-connect']);
  });

  it('counts the commands as state I/O in the root analysis', () => {
    const root = one('invoke_workflow redis-session');
    expect(root.attributes['agentmeter.breakdown.state_ms']).toBeGreaterThan(0);
  });

  it('serves agentmeter_state_duration by store=redis and operation read/write/delete, failed reads with error.type', () => {
    const count = (operation: string, extra: Record<string, string> = {}) =>
      sample('agentmeter_state_duration_count', { agentmeter_state_store: 'redis', agentmeter_state_operation: operation, ...extra })
        .filter(s => extra.error_type !== undefined || s.labels.error_type === undefined)
        .reduce((sum, s) => sum + s.value, 0);
    expect(count('read')).toBe(1);
    // contrib spans carry no error.type: the processor takes the exception event's exception.type
    const failed = sample('agentmeter_state_duration_count', { agentmeter_state_store: 'redis', agentmeter_state_operation: 'read' }).filter(
      s => s.labels.error_type !== undefined,
    );
    expect(failed.map(s => [s.labels.error_type, s.value])).toEqual([[spanName('ping') === 'ping' ? 'ReplyError' : 'Error', 1]]);
    expect(count('write')).toBe(2);
    expect(count('delete')).toBe(2);
  });
});

describe('options', () => {
  const run = async (script: string, flags: string[], extra: Record<string, string>) => {
    const receiver = new OtlpReceiver();
    const otlp = await receiver.start();
    try {
      const result = await runFixture(script, { flags, env: envFor(otlp, await freePort(), { ...extra, OTEL_METRICS_EXPORTER: 'none' }) });
      return { result, spans: receiver.spans.filter(s => s.attributes['db.system.name'] === 'redis') };
    } finally {
      await receiver.stop();
    }
  };

  it.each([
    ['redis/ioredis.cjs', CJS, 'set session:secret-user-42 [1 other arguments]'],
    ['redis/node-redis.mjs', ESM, 'SET session:secret-user-42 [1 other arguments]'],
  ])('captureContent records the command with its key in db.query.text, never the value (%s)', async (script, flags, setText) => {
    const { result, spans } = await run(script, flags, { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' });
    expect(result.code).toBe(0);
    const texts = spans.map(s => s.attributes['db.query.text']);
    expect(texts).toContain(setText);
    expect(texts.filter(t => /^get /i.test(String(t)))).toEqual([expect.stringMatching(/^get session:secret-user-42$/i), expect.stringMatching(/^get list:secret-list$/i)]);
    expect(JSON.stringify(spans.map(s => s.attributes))).not.toContain('secret-value-xyz');
  });

  it('truncates captured query text to AGENTMETER_CONTENT_MAX_LENGTH', async () => {
    const { spans } = await run('redis/ioredis.cjs', CJS, { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true', AGENTMETER_CONTENT_MAX_LENGTH: '10' });
    expect(spans.map(s => s.attributes['db.query.text'])).toContain('set sessio…[truncated]');
  });

  it.each([
    ['redis/ioredis.cjs', CJS, 'ioredis'],
    ['redis/node-redis.mjs', ESM, 'redis'],
  ])('AGENTMETER_DISABLED_INSTRUMENTATIONS turns the Redis spans off, the app still runs (%s)', async (script, flags, name) => {
    const { result, spans } = await run(script, flags, { AGENTMETER_DISABLED_INSTRUMENTATIONS: name });
    expect(result.stderr).toBe('');
    expect(jsonLine(result.stdout, 'ready').results.get).toBe('secret-value-xyz');
    expect(spans).toEqual([]);
  });
});
