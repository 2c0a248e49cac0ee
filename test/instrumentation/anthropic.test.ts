import { FINAL_REPLY, MODEL, TOOL_USE_REPLY } from '../helpers/anthropic-server';
import type { ReceivedSpan } from '../helpers/otlp-receiver';
import { APPS, REGISTER, runApp, samples, spansUnder, type AppRun } from './anthropic-run';

/*
 * The real @anthropic-ai/sdk client (1.14 at the root, 0.39 in
 * test/versions/anthropic-v0), loaded through require (-r entry) and import
 * (--import entry), against the loopback Anthropic server. Each variant runs
 * the app twice — plain, then with agentmeter — and compares what the app saw.
 */
const variants = [
  { name: '@anthropic-ai/sdk 1.x, CommonJS app with -r', script: APPS.cjs, flags: REGISTER.cjs, major: '1' },
  { name: '@anthropic-ai/sdk 1.x, ESM app with --import', script: APPS.esm, flags: REGISTER.esm, major: '1' },
  { name: '@anthropic-ai/sdk 0.39, CommonJS app with -r', script: APPS.v0cjs, flags: REGISTER.cjs, major: '0' },
  { name: '@anthropic-ai/sdk 0.39, ESM app with --import', script: APPS.v0esm, flags: REGISTER.esm, major: '0' },
];

const CHAT = 'chat claude-sonnet-4-5';
const STATUS_ERROR = 2;
const KIND_CLIENT = 3;
/** input_tokens + cache reads + cache writes: the semconv total. */
const totalInput = (usage: typeof TOOL_USE_REPLY.usage) => usage.input_tokens + usage.cache_read_input_tokens + usage.cache_creation_input_tokens;

describe.each(variants)('$name', ({ script, flags, major }) => {
  let plain: AppRun;
  let run: AppRun;

  beforeAll(async () => {
    plain = await runApp(script, undefined);
    run = await runApp(script, flags);
  }, 180_000);

  /** The one chat span of scenario `name` (run inside agent `s:name`). */
  const chatOf = (name: string): ReceivedSpan => {
    const found = spansUnder(run.spans, `invoke_agent s:${name}`, CHAT);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const errorOf = (name: string) => run.results[name].error;
  /** error.type as agentmeter derives it (manual/with-span.ts errorType): the class, or the code of a plain Error. */
  const expectedType = (error: { class: string; code?: string }) => (error.class === 'Error' && error.code ? error.code : error.class);

  it('loads the SDK version under test and exits cleanly in both runs', () => {
    expect(run.sdkVersion.split('.')[0]).toBe(major);
    expect(plain.sdkVersion).toBe(run.sdkVersion);
    expect(plain.result.code).toBe(0);
    expect(run.result.code).toBe(0);
    expect(run.result.stderr).toBe(plain.result.stderr);
  });

  it('gives the app exactly what it gets without agentmeter: values, object classes and every error', () => {
    expect(run.results).toEqual(plain.results);
    expect(Object.keys(run.results)).toHaveLength(26);
    // spot checks that the scenarios did what they claim
    expect(run.results['agent-loop'].value.second).toBe(FINAL_REPLY.content[0].text);
    expect(run.results['create-stream'].value.classes).toEqual(['Stream', 'AbortController', 'function', 'function']);
    expect(run.results['helper-stream'].value.class).toBe('MessageStream');
    expect(run.results['helper-stream'].value.tool).toEqual(TOOL_USE_REPLY.content[1]);
    expect(run.results['as-response'].value).toMatchObject({ status: 200, id: TOOL_USE_REPLY.id });
    expect(run.results['with-response'].value).toMatchObject({ class: 'APIPromise', id: TOOL_USE_REPLY.id, status: 200 });
    expect(run.results['tee'].value.left).toBeGreaterThan(5);
    expect(run.results['tee'].value.right).toBe(run.results['tee'].value.left);
    expect(errorOf('rate-limit')).toMatchObject({ class: 'RateLimitError', status: 429 });
    expect(errorOf('abort-signal-request').class).toBe('APIUserAbortError');
    expect(errorOf('helper-abort').class).toBe('APIUserAbortError');
  });

  it('exports the agent tool loop as chat CLIENT spans under the agent, next to the tool span', () => {
    const root = run.spans.find(s => s.name === 'invoke_workflow trip')!;
    expect(root.parentSpanId).toBeUndefined();
    const [first, second] = spansUnder(run.spans, 'invoke_agent planner', CHAT).sort((a, b) => Number(a.startNs - b.startNs));
    const tool = spansUnder(run.spans, 'invoke_agent planner', 'execute_tool get_weather');
    expect(tool).toHaveLength(1);
    expect(tool[0].attributes['gen_ai.tool.call.id']).toBe('toolu_01Weather');
    expect(first.kind).toBe(KIND_CLIENT);
    expect(first.scope).toBe('@agentmeter/instrumentation-anthropic');
    expect(first.status.code).not.toBe(STATUS_ERROR);
    expect(first.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.request.max_tokens': 1024,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_k': 5,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.stop_sequences': ['###'],
      'server.address': '127.0.0.1',
      'server.port': expect.any(Number),
      'gen_ai.response.id': TOOL_USE_REPLY.id,
      'gen_ai.response.model': MODEL,
      'gen_ai.response.finish_reasons': ['tool_use'],
      'gen_ai.usage.input_tokens': 2420,
      'gen_ai.usage.output_tokens': 45,
      'gen_ai.usage.cache_read.input_tokens': 2000,
      'gen_ai.usage.cache_creation.input_tokens': 300,
      'agentmeter.cost.usd': expect.any(Number),
    });
    expect(first.events).toEqual([
      {
        name: 'agentmeter.tool_call.requested',
        attributes: { 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'toolu_01Weather', 'gen_ai.tool.type': 'function' },
      },
    ]);
    expect(second.attributes).toMatchObject({
      'gen_ai.response.id': FINAL_REPLY.id,
      'gen_ai.response.finish_reasons': ['end_turn'],
      'gen_ai.usage.input_tokens': totalInput(FINAL_REPLY.usage),
      'gen_ai.usage.output_tokens': 12,
    });
    expect(second.events).toEqual([]);
    // the tool ran between the two calls (start times have millisecond precision)
    const ms = 1_000_000n;
    expect(tool[0].startNs + ms >= first.endNs && tool[0].endNs <= second.startNs + ms).toBe(true);
  });

  it('prices claude-sonnet-4-5 with its cache-read and cache-write rates', () => {
    const [first, second] = spansUnder(run.spans, 'invoke_agent planner', CHAT).sort((a, b) => Number(a.startNs - b.startNs));
    // $3/M uncached input, $0.30/M cache read, $3.75/M cache write, $15/M output
    // (at the $3/M input rate for cached tokens the first call would cost $0.008835)
    expect(first.attributes['agentmeter.cost.usd']).toBeCloseTo((120 * 3 + 2000 * 0.3 + 300 * 3.75 + 45 * 15) / 1e6, 12);
    expect(second.attributes['agentmeter.cost.usd']).toBeCloseTo((180 * 3 + 2300 * 0.3 + 12 * 15) / 1e6, 12);
  });

  it('serves token counters by type and the cost on /metrics', () => {
    const tokens = (type: string) =>
      samples(run.metrics, 'agentmeter_llm_tokens_total', { gen_ai_agent_name: 'planner', gen_ai_request_model: 'claude-sonnet-4-5', gen_ai_token_type: type })[0]?.value;
    expect(tokens('input')).toBe(4900);
    expect(tokens('output')).toBe(57);
    expect(tokens('cache_read')).toBe(4300);
    expect(tokens('cache_creation')).toBe(300);
    const cost = samples(run.metrics, 'agentmeter_llm_cost_total', { gen_ai_agent_name: 'planner' })[0].value;
    expect(cost).toBeCloseTo(0.00417, 10);
    const duration = samples(run.metrics, 'gen_ai_client_operation_duration_count', { gen_ai_provider_name: 'anthropic', gen_ai_operation_name: 'chat' });
    expect(duration.reduce((sum, s) => sum + s.value, 0)).toBe(27);
    const failures = samples(run.metrics, 'gen_ai_client_operation_duration_count', { gen_ai_provider_name: 'anthropic', error_type: 'RateLimitError' });
    expect(failures.reduce((sum, s) => sum + s.value, 0)).toBe(2);
    expect(samples(run.metrics, 'gen_ai_client_operation_time_to_first_chunk_count', { gen_ai_provider_name: 'anthropic' }).length).toBeGreaterThan(0);
  });

  it('records streamed replies (create stream: true, messages.stream(), its iterator, tee) from their events, one span each', () => {
    for (const name of ['create-stream', 'helper-stream', 'helper-iterate', 'tee']) {
      const span = chatOf(name);
      expect(span.status.code).not.toBe(STATUS_ERROR);
      expect(span.attributes).toMatchObject({
        'gen_ai.request.stream': true,
        'gen_ai.response.id': TOOL_USE_REPLY.id,
        'gen_ai.response.model': MODEL,
        'gen_ai.response.finish_reasons': ['tool_use'],
        'gen_ai.usage.input_tokens': 2420,
        'gen_ai.usage.output_tokens': 45,
        'gen_ai.usage.cache_read.input_tokens': 2000,
        'gen_ai.usage.cache_creation.input_tokens': 300,
      });
      const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'] as number;
      expect(ttfc).toBeGreaterThan(0);
      expect(ttfc).toBeLessThanOrEqual(Number(span.endNs - span.startNs) / 1e9);
      expect(span.events.map(e => e.attributes['gen_ai.tool.call.id'])).toEqual(['toolu_01Weather']);
    }
  });

  it('reads withResponse() data, leaves the asResponse() body to the app, covers beta.messages, and keeps retries inside one span', () => {
    expect(chatOf('with-response').attributes['gen_ai.usage.output_tokens']).toBe(45);
    const raw = chatOf('as-response');
    expect(raw.status.code).not.toBe(STATUS_ERROR);
    expect(raw.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    for (const name of ['beta-create', 'beta-stream']) {
      expect(chatOf(name).attributes).toMatchObject({ 'gen_ai.response.id': TOOL_USE_REPLY.id, 'gen_ai.usage.input_tokens': 2420, 'gen_ai.usage.output_tokens': 45 });
    }
    expect(chatOf('beta-stream').attributes['gen_ai.request.stream']).toBe(true);
    expect(run.server.requests.filter(r => r.headers['anthropic-beta'] === 'token-efficient-tools-2025-02-19')).toHaveLength(1);
    const flaky = chatOf('flaky');
    expect(flaky.status.code).not.toBe(STATUS_ERROR);
    expect(flaky.attributes['gen_ai.response.id']).toBe(TOOL_USE_REPLY.id);
    expect(run.server.requests.filter(r => r.scenario === 'flaky')).toHaveLength(2);
  });

  it('a stream the app breaks off is not a failure and keeps the input usage of message_start', () => {
    const span = chatOf('break');
    expect(span.status.code).not.toBe(STATUS_ERROR);
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(2420);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
  });

  it.each(['rate-limit', 'server-error', 'overloaded', 'malformed', 'reset', 'malformed-sse', 'stream-cut', 'sse-error', 'helper-error', 'abort-signal-request', 'helper-abort'])(
    '%s: the span fails with error.type = the class of the error the app got',
    name => {
      const span = chatOf(name);
      const error = errorOf(name);
      expect(error).toBeDefined();
      expect(span.status.code).toBe(STATUS_ERROR);
      expect(span.attributes['error.type']).toBe(expectedType(error));
      expect(span.status.message ?? '').toBe('');
    },
  );

  it('overloaded (529) and server errors carry their status to the app', () => {
    expect(errorOf('overloaded').status).toBe(529);
    expect(errorOf('server-error').status).toBe(500);
    expect(errorOf('reset').class).toBe('APIConnectionError');
  });

  it('a MessageStream that fails on a cut connection reports the underlying error class', () => {
    const span = chatOf('helper-stream-cut');
    const error = errorOf('helper-stream-cut');
    expect(span.status.code).toBe(STATUS_ERROR);
    // MessageStream wraps an error that is not the SDK's in an AnthropicError (the app's class); the span names the cause
    const cause = error.class === 'AnthropicError' && error.causeClass ? { class: error.causeClass, code: error.causeCode } : error;
    expect(span.attributes['error.type']).toBe(expectedType(cause));
  });

  it.each(['abort-signal-stream', 'controller-abort'])('%s: a stream the app aborts quietly fails the span as APIUserAbortError', name => {
    expect(run.results[name].ok).toBe(true); // the SDK ends the app's loop without an error
    const span = chatOf(name);
    expect(span.status.code).toBe(STATUS_ERROR);
    expect(span.attributes['error.type']).toBe('APIUserAbortError');
  });

  it('a stream that ends before message_stop fails as stream_incomplete', () => {
    expect(run.results['stream-incomplete'].ok).toBe(true);
    const span = chatOf('stream-incomplete');
    expect(span.status.code).toBe(STATUS_ERROR);
    expect(span.attributes['error.type']).toBe('stream_incomplete');
  });

  it.each(['stream-cut', 'stream-incomplete', 'sse-error', 'abort-signal-stream', 'controller-abort', 'helper-abort'])(
    '%s: keeps the partial usage read before the stream stopped',
    name => {
      const span = chatOf(name);
      expect(span.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 2420, 'gen_ai.usage.cache_read.input_tokens': 2000, 'gen_ai.response.id': TOOL_USE_REPLY.id });
      expect(span.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
      expect(typeof span.attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
      expect(span.attributes['agentmeter.cost.usd']).toBeCloseTo((120 * 3 + 2000 * 0.3 + 300 * 3.75) / 1e6, 12);
    },
  );

  it('records no content, key or error message by default, and no second span from the SDK itself', () => {
    const text = JSON.stringify(run.spans, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(text).not.toContain('LOOPBACK-SECRET');
    expect(text).not.toContain('Paris');
    expect(text).not.toContain('travel planner');
    expect(text).not.toContain('per-minute rate limit');
    expect(text).not.toContain('gen_ai.input.messages');
    expect(run.spans.filter(s => s.scope.startsWith('com.anthropic'))).toEqual([]);
    expect(run.spans.filter(s => s.name === CHAT)).toHaveLength(27);
    // the app's requests carried its key, and agentmeter added no header of its own
    const sent = run.server.requests.find(r => r.scenario === 'ok')!;
    expect(JSON.stringify(sent.headers)).toContain('sk-ant-api03-LOOPBACK-SECRET-KEY');
    const plainSent = plain.server.requests.find(r => r.scenario === 'ok')!;
    expect(Object.keys(sent.headers).sort()).toEqual(Object.keys(plainSent.headers).sort());
  });
});
