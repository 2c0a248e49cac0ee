/**
 * The openai instrumentation with the real `openai` 7.x client against the
 * loopback OpenAI server, in child processes started once as CommonJS
 * (`-r @agentmeter/sdk/register`) and once as ESM (`--import …`): the spans
 * that arrive over OTLP, /metrics, and that the app sees exactly what it
 * sees without agentmeter.
 */
import { REPLY_TEXT } from '../helpers/openai-server';
import { parsePrometheus } from '../helpers/spawn-fixture';
import { llmSpan, runOpenAIApp, scenarioSpans, SPAN_KIND_CLIENT, type OpenAIRun } from '../fixtures/openai/harness';

jest.setTimeout(180_000);

const SCENARIOS = [
  'agent-chat', 'chat-stream-usage', 'chat-stream-no-usage', 'chat-stream-slow', 'chat-tools', 'chat-tools-stream',
  'chat-reasoning', 'with-response', 'as-response', 'parse-helper', 'stream-helper', 'run-tools', 'responses-stream-helper', 'stream-tee', 'stream-readable',
  'stream-break', 'responses', 'responses-stream', 'responses-tools', 'embeddings', 'embeddings-float',
];

describe.each([
  { name: 'CommonJS app with -r @agentmeter/sdk/register', script: 'openai/app.cjs' },
  { name: 'ESM app with --import @agentmeter/sdk/register', script: 'openai/app.mjs' },
])('openai 7.x — $name', ({ script }) => {
  let run: OpenAIRun;
  let bare: OpenAIRun;

  beforeAll(async () => {
    [run, bare] = await Promise.all([
      runOpenAIApp({ script, scenarios: SCENARIOS, instrumented: true }),
      runOpenAIApp({ script, scenarios: SCENARIOS, instrumented: false }),
    ]);
  });

  const attrs = (scenario: string) => llmSpan(run, scenario).attributes;
  const samples = (name: string, labels: Record<string, string>) =>
    parsePrometheus(run.metrics).filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const total = (name: string, labels: Record<string, string>) => samples(name, labels).reduce((sum, s) => sum + s.value, 0);

  it('runs the app unchanged: exit 0, nothing on stderr, every result identical to the run without agentmeter', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(bare.code).toBe(0);
    expect(run.ready.version).toMatch(/^7\./);
    expect(Object.keys(run.ready.results)).toEqual(SCENARIOS);
    expect(run.ready.results).toEqual(bare.ready.results);
    expect(run.ready.results['with-response'].shape).toEqual({ class: 'APIPromise', keys: expect.any(Array), isPromise: true });
    expect(run.ready.results['parse-helper']).toMatchObject({ parsedType: 'object' });
    expect(run.ready.results['stream-tee'].left).toEqual(run.ready.results['stream-tee'].right);
  });

  it('exports a chat CLIENT span under the calling agent, with request, response, usage and cost', () => {
    const { root, spans } = scenarioSpans(run, 'agent-chat');
    const agent = spans.find(s => s.name === 'invoke_agent researcher')!;
    const chat = llmSpan(run, 'agent-chat');
    expect(agent.parentSpanId).toBe(root.spanId);
    expect(chat.parentSpanId).toBe(agent.spanId);
    expect(chat.name).toBe('chat gpt-4o-mini');
    expect(chat.kind).toBe(SPAN_KIND_CLIENT);
    expect(chat.status.code ?? 0).toBe(0);
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 200,
      'gen_ai.response.id': 'chatcmpl-1',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 100,
      'gen_ai.usage.cache_read.input_tokens': 400,
      'openai.response.system_fingerprint': 'fp_0ba0d124f1',
      'server.address': '127.0.0.1',
    });
    expect(chat.attributes['server.port']).toEqual(expect.any(Number));
    expect(chat.attributes['gen_ai.request.stream']).toBeUndefined();
    // 600 uncached × $0.15/M + 400 cached × $0.075/M + 100 output × $0.60/M
    expect(chat.attributes['agentmeter.cost.usd']).toBeCloseTo(0.00018, 10);
    expect(root.attributes['agentmeter.breakdown.llm_ms'] as number).toBeGreaterThan(0);
  });

  it('streams: usage from the final chunk, time to first chunk, span ends when the stream is consumed', () => {
    const streamed = attrs('chat-stream-usage');
    expect(streamed).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 100, 'gen_ai.response.finish_reasons': ['stop'] });
    expect(streamed['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
    expect(streamed['agentmeter.cost.usd']).toBeCloseTo(0.00018, 10);

    const slow = llmSpan(run, 'chat-stream-slow');
    const seconds = Number(slow.endNs - slow.startNs) / 1e9;
    // 7 chunks 40 ms apart: the span lasts until the last one was read; the first came well before.
    expect(seconds).toBeGreaterThan(0.2);
    expect(slow.attributes['gen_ai.response.time_to_first_chunk'] as number).toBeLessThan(seconds - 0.15);
  });

  it('honours stream_options.include_usage: never adds it, so a stream without it has no token counts', () => {
    const bodies = run.requests.filter(r => r.path === '/v1/chat/completions' && r.body.stream && !r.body.tools).map(r => r.body);
    expect(bodies.filter(b => b.stream_options === undefined)).toHaveLength(1);
    const plain = attrs('chat-stream-no-usage');
    expect(plain['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(plain['agentmeter.cost.usd']).toBeUndefined();
    expect(plain).toMatchObject({ 'gen_ai.response.finish_reasons': ['stop'], 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' });
    expect(run.requests.map(r => r.body)).toEqual(bare.requests.map(r => r.body));
  });

  it('records requested tool calls as events with name, id and type, without arguments', () => {
    for (const scenario of ['chat-tools', 'chat-tools-stream', 'responses-tools']) {
      const span = llmSpan(run, scenario);
      const events = span.events.filter(e => e.name === 'agentmeter.tool_call.requested');
      expect(events).toHaveLength(1);
      expect(events[0].attributes).toEqual({ 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.type': 'function', 'gen_ai.tool.call.id': expect.stringMatching(/^call_/) });
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    }
  });

  it('reads reasoning tokens and request parameters (n, seed, stop)', () => {
    expect(attrs('chat-reasoning')).toMatchObject({
      'gen_ai.request.choice.count': 2,
      'gen_ai.request.seed': 7,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.response.finish_reasons': ['stop', 'stop'],
      'gen_ai.usage.reasoning.output_tokens': 256,
      'gen_ai.usage.output_tokens': 300,
    });
    expect(attrs('responses')).toMatchObject({ 'gen_ai.usage.reasoning.output_tokens': 256, 'gen_ai.usage.input_tokens': 120 });
  });

  it('keeps withResponse(), asResponse(), parse() and the stream helper working, one span each', () => {
    expect(attrs('with-response')).toMatchObject({ 'gen_ai.usage.input_tokens': 1000, 'gen_ai.response.id': expect.stringMatching(/^chatcmpl-/) });
    // asResponse(): the body is the app's to read, so the span ends with the response and without reply attributes.
    const raw = attrs('as-response');
    expect(raw['gen_ai.response.id']).toBeUndefined();
    expect(raw['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(attrs('parse-helper')).toMatchObject({ 'gen_ai.output.type': 'json', 'gen_ai.usage.input_tokens': 1000 });
    expect(attrs('stream-helper')).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.usage.input_tokens': 1000 });
    expect(attrs('responses-stream-helper')).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.usage.input_tokens': 1000, 'gen_ai.response.id': expect.stringMatching(/^resp_/) });
  });

  it('runTools(): one span per model call, the first asking for the tool', () => {
    const calls = scenarioSpans(run, 'run-tools').spans.filter(s => s.name === 'chat gpt-4o-mini').sort((a, b) => Number(a.startNs - b.startNs));
    expect(calls.map(c => c.attributes['gen_ai.response.finish_reasons'])).toEqual([['tool_calls'], ['stop']]);
    expect(calls[0].events.map(e => e.attributes['gen_ai.tool.name'])).toEqual(['get_weather']);
    expect(calls.every(c => c.attributes['gen_ai.usage.input_tokens'] === 1000)).toBe(true);
  });

  it('observes tee(), toReadableStream() and a broken-off stream in place', () => {
    expect(attrs('stream-tee')).toMatchObject({ 'gen_ai.usage.input_tokens': 1000, 'gen_ai.response.finish_reasons': ['stop'] });
    expect(attrs('stream-readable')).toMatchObject({ 'gen_ai.usage.input_tokens': 1000 });
    const broken = llmSpan(run, 'stream-break');
    expect(broken.status.code ?? 0).toBe(0);
    expect(broken.attributes['gen_ai.response.id']).toMatch(/^chatcmpl-/);
    expect(broken.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });

  it('maps the Responses API: JSON and stream, instructions, conversation id', () => {
    const response = llmSpan(run, 'responses');
    expect(response.name).toBe('chat o3-mini');
    expect(response.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.max_tokens': 500,
      'gen_ai.conversation.id': 'conv_42',
      'gen_ai.response.id': expect.stringMatching(/^resp_/),
      'gen_ai.response.model': 'o3-mini-2025-01-31',
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(attrs('responses-stream')).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.cache_read.input_tokens': 400,
      'gen_ai.response.time_to_first_chunk': expect.any(Number),
    });
  });

  it('maps embeddings: input tokens, dimensions, requested encoding', () => {
    const embeddings = llmSpan(run, 'embeddings');
    expect(embeddings.name).toBe('embeddings text-embedding-3-small');
    expect(embeddings.attributes).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.usage.input_tokens': 16, 'gen_ai.embeddings.dimension.count': 8 });
    expect(embeddings.attributes['gen_ai.request.encoding_formats']).toBeUndefined();
    expect(attrs('embeddings-float')).toMatchObject({ 'gen_ai.request.encoding_formats': ['float'], 'gen_ai.embeddings.dimension.count': 4 });
  });

  it('records no content by default, and never the API key', () => {
    const everything = JSON.stringify(run.spans, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) + run.metrics;
    expect(everything).not.toContain('sk-agentmeter-test-key');
    expect(everything).not.toContain(REPLY_TEXT);
    expect(everything).not.toContain('What is the answer?');
    expect(everything).not.toContain('Paris');
    for (const span of run.spans) expect(Object.keys(span.attributes).filter(k => /messages|instructions|arguments/.test(k))).toEqual([]);
  });

  it('serves the GenAI and agentmeter metrics on /metrics', () => {
    const chat = { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o-mini' };
    // 18 gpt-4o-mini calls, 10 of them streamed, 15 with usage (not: the stream without include_usage, asResponse, the broken-off stream).
    expect(total('gen_ai_client_operation_duration_count', chat)).toBe(18);
    expect(total('gen_ai_client_operation_time_to_first_chunk_count', chat)).toBe(10);
    expect(total('gen_ai_client_token_usage_sum', { ...chat, gen_ai_token_type: 'input' })).toBe(15_000);
    expect(total('gen_ai_client_token_usage_sum', { ...chat, gen_ai_token_type: 'output' })).toBe(1_500);
    expect(total('gen_ai_client_operation_duration_count', { gen_ai_operation_name: 'embeddings', gen_ai_request_model: 'text-embedding-3-small' })).toBe(2);
    const tokens = (type: string) => total('agentmeter_llm_tokens_total', { gen_ai_request_model: 'gpt-4o-mini', gen_ai_token_type: type });
    expect(tokens('cache_read')).toBe(tokens('input') * 0.4);
    expect(total('agentmeter_llm_tokens_total', { gen_ai_request_model: 'o3-mini', gen_ai_token_type: 'reasoning' })).toBe(512);
    expect(total('agentmeter_llm_tokens_total', { gen_ai_agent_name: 'researcher', gen_ai_token_type: 'input' })).toBe(1000);
    expect(total('agentmeter_llm_cost_total', { gen_ai_agent_name: 'researcher' })).toBeCloseTo(0.00018, 10);
  });
});

describe('openai instrumentation disabled by name', () => {
  it('AGENTMETER_DISABLED_INSTRUMENTATIONS=openai leaves the app traced but without openai spans', async () => {
    const run = await runOpenAIApp({ script: 'openai/app.cjs', scenarios: ['agent-chat'], instrumented: true, env: { AGENTMETER_DISABLED_INSTRUMENTATIONS: 'openai' } });
    expect(run.code).toBe(0);
    expect(run.spans.map(s => s.name).sort()).toEqual(['invoke_agent researcher', 'invoke_workflow agent-chat']);
  });
});
