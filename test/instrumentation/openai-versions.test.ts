/**
 * Every supported major of `openai` (4.x, 5.x and 6.x nested under
 * test/versions/openai-v*, 7.x at the root), each as CommonJS and as ESM:
 * chat, streamed chat, withResponse(), tee(), a streamed Responses call,
 * embeddings and a 429 produce the expected spans, and the app sees what it
 * sees without agentmeter.
 */
import { llmSpan, runOpenAIApp, SPAN_KIND_CLIENT, STATUS_CODE_ERROR, type OpenAIRun } from '../fixtures/openai/harness';

jest.setTimeout(240_000);

const SCENARIOS = ['agent-chat', 'chat-stream-usage', 'with-response', 'stream-tee', 'responses-stream', 'embeddings', 'rate-limit', 'stream-cut'];

const VERSIONS = [
  { major: 4, dir: '../versions/openai-v4' },
  { major: 5, dir: '../versions/openai-v5' },
  { major: 6, dir: '../versions/openai-v6' },
  { major: 7, dir: 'openai' },
];
const CASES = VERSIONS.flatMap(v => [
  { ...v, kind: 'CommonJS', script: `${v.dir}/app.cjs` },
  { ...v, kind: 'ESM', script: `${v.dir}/app.mjs` },
]);

describe.each(CASES)('openai $major.x as $kind', ({ major, script }) => {
  let run: OpenAIRun;
  let bare: OpenAIRun;

  beforeAll(async () => {
    [run, bare] = await Promise.all([
      runOpenAIApp({ script, scenarios: SCENARIOS, instrumented: true }),
      runOpenAIApp({ script, scenarios: SCENARIOS, instrumented: false }),
    ]);
  });

  it(`loads openai ${major}.x and runs unchanged`, () => {
    expect(run.ready.version.split('.')[0]).toBe(String(major));
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.ready.results).toEqual(bare.ready.results);
  });

  it('chat: CLIENT span under the agent with tokens, cache tokens and cost', () => {
    const chat = llmSpan(run, 'agent-chat');
    expect(chat.kind).toBe(SPAN_KIND_CLIENT);
    expect(run.spans.find(s => s.spanId === chat.parentSpanId)?.name).toBe('invoke_agent researcher');
    expect(chat.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 100,
      'gen_ai.usage.cache_read.input_tokens': 400,
    });
    expect(chat.attributes['agentmeter.cost.usd']).toBeCloseTo(0.00018, 10);
    expect(llmSpan(run, 'with-response').attributes['gen_ai.usage.input_tokens']).toBe(1000);
  });

  it('streams: chat (also through tee()) and Responses, with usage and time to first chunk', () => {
    for (const scenario of ['chat-stream-usage', 'stream-tee', 'responses-stream']) {
      expect(llmSpan(run, scenario).attributes).toMatchObject({
        'gen_ai.request.stream': true,
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.response.time_to_first_chunk': expect.any(Number),
      });
    }
  });

  it('embeddings and failures', () => {
    expect(llmSpan(run, 'embeddings').attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.usage.input_tokens': 16 });
    const limited = llmSpan(run, 'rate-limit');
    expect(limited.status.code).toBe(STATUS_CODE_ERROR);
    expect(limited.attributes['error.type']).toBe('RateLimitError');
    const cut = llmSpan(run, 'stream-cut');
    expect(cut.status.code).toBe(STATUS_CODE_ERROR);
    expect(cut.attributes['gen_ai.usage.input_tokens']).toBe(1000);
  });
});
