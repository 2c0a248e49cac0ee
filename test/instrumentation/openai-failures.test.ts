/**
 * Failure paths of the openai instrumentation (openai 7.x, real client,
 * loopback server playing each failure), as CommonJS and as ESM: the app
 * sees exactly the error it sees without agentmeter (same class, message,
 * status — compared against a run of the same app without the register
 * entry), and the span ends with status ERROR and a low-cardinality error.type.
 */
import { parsePrometheus } from '../helpers/spawn-fixture';
import { llmSpan, runOpenAIApp, STATUS_CODE_ERROR, type OpenAIRun } from '../fixtures/openai/harness';

jest.setTimeout(180_000);

const SCENARIOS = [
  'rate-limit', 'server-error', 'malformed', 'reset', 'stream-rate-limit', 'embeddings-server-error', 'responses-rate-limit',
  'sync-throw', 'stream-cut', 'stream-cut-early', 'responses-stream-cut', 'abort-before-reply', 'abort-mid-stream',
  'fire-and-forget-error', 'fire-and-forget-ok',
];

/** error.type each failing scenario's span must carry. */
const ERROR_TYPES: Record<string, string> = {
  'rate-limit': 'RateLimitError',
  'server-error': 'InternalServerError',
  malformed: 'SyntaxError',
  reset: 'APIConnectionError',
  'stream-rate-limit': 'RateLimitError',
  'embeddings-server-error': 'InternalServerError',
  'responses-rate-limit': 'RateLimitError',
  'sync-throw': 'TypeError',
  'stream-cut': 'TypeError',
  'stream-cut-early': 'TypeError',
  'responses-stream-cut': 'TypeError',
  'abort-before-reply': 'APIUserAbortError',
  'abort-mid-stream': 'APIUserAbortError',
  'fire-and-forget-error': 'InternalServerError',
};

describe.each([
  { name: 'CommonJS app with -r @agentmeter/sdk/register', script: 'openai/app.cjs' },
  { name: 'ESM app with --import @agentmeter/sdk/register', script: 'openai/app.mjs' },
])('openai failures — $name', ({ script }) => {
  let run: OpenAIRun;
  let bare: OpenAIRun;

  beforeAll(async () => {
    [run, bare] = await Promise.all([
      runOpenAIApp({
        script,
        scenarios: SCENARIOS,
        instrumented: true,
        // The un-awaited successful call ends its span once nobody read the reply for UNREAD_REPLY_TIMEOUT_MS (5 s).
        waitFor: spans => {
          const root = spans.find(s => s.name === 'invoke_workflow fire-and-forget-ok');
          return !!root && spans.some(s => s.traceId === root.traceId && s.scope === '@agentmeter/instrumentation-openai');
        },
      }),
      runOpenAIApp({ script, scenarios: SCENARIOS, instrumented: false }),
    ]);
  });

  it('the app sees the same errors, stream contents and unhandled rejections as without agentmeter', () => {
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.ready.results).toEqual(bare.ready.results);
    expect(run.ready.unhandled).toEqual(bare.ready.unhandled);
    // and the failures really happened as scripted
    const r = run.ready.results;
    expect(r['rate-limit'].error).toMatchObject({ class: 'RateLimitError', status: 429, code: 'rate_limit_exceeded' });
    expect(r['server-error'].error).toMatchObject({ class: 'InternalServerError', status: 500 });
    expect(r.malformed.error.class).toBe('SyntaxError');
    expect(r.reset.error.class).toBe('APIConnectionError');
    expect(r['stream-cut']).toMatchObject({ chunks: 7, ended: 'threw', usage: { prompt_tokens: 1000 } });
    expect(r['abort-before-reply'].error.class).toBe('APIUserAbortError');
    expect(r['abort-mid-stream']).toMatchObject({ chunks: 2, ended: 'completed', aborted: true });
    expect(run.ready.unhandled).toEqual([expect.objectContaining({ class: 'InternalServerError', status: 500 })]);
  });

  it.each(Object.entries(ERROR_TYPES))('%s → span status ERROR, error.type %s, no error message recorded', (scenario, type) => {
    const span = llmSpan(run, scenario);
    expect(span.status.code).toBe(STATUS_CODE_ERROR);
    expect(span.attributes['error.type']).toBe(type);
    expect(span.status.message ?? '').toBe('');
    expect(JSON.stringify(span.events)).not.toMatch(/Rate limit reached|Sorry about that/);
  });

  it('keeps what a broken stream delivered: usage when the usage chunk arrived, id and model otherwise', () => {
    expect(llmSpan(run, 'stream-cut').attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 100,
      'gen_ai.usage.cache_read.input_tokens': 400,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.response.time_to_first_chunk': expect.any(Number),
    });
    expect(llmSpan(run, 'stream-cut').attributes['agentmeter.cost.usd']).toBeCloseTo(0.00018, 10);
    const early = llmSpan(run, 'stream-cut-early').attributes;
    expect(early).toMatchObject({ 'gen_ai.response.id': expect.stringMatching(/^chatcmpl-/), 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' });
    expect(early['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(llmSpan(run, 'responses-stream-cut').attributes['gen_ai.response.id']).toMatch(/^resp_/);
    const aborted = llmSpan(run, 'abort-mid-stream').attributes;
    expect(aborted).toMatchObject({ 'gen_ai.response.id': expect.stringMatching(/^chatcmpl-/), 'gen_ai.response.time_to_first_chunk': expect.any(Number) });
  });

  it('ends the span of a call nobody awaited: ERROR when it failed, OK without reply attributes otherwise', () => {
    const ok = llmSpan(run, 'fire-and-forget-ok');
    expect(ok.status.code ?? 0).toBe(0);
    expect(ok.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    // it ends at the time the response arrived, not when agentmeter gave up waiting for a reader
    expect(Number(ok.endNs - ok.startNs) / 1e9).toBeLessThan(2);
  });

  it('counts failures by error.type on /metrics', () => {
    const count = (labels: Record<string, string>) =>
      parsePrometheus(run.metrics)
        .filter(s => s.name === 'gen_ai_client_operation_duration_count' && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0);
    expect(count({ gen_ai_operation_name: 'chat', error_type: 'RateLimitError' })).toBe(3);
    expect(count({ gen_ai_operation_name: 'chat', error_type: 'APIUserAbortError' })).toBe(2);
    expect(count({ gen_ai_operation_name: 'embeddings', error_type: 'InternalServerError' })).toBe(1);
  });
});
