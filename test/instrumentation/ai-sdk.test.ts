/**
 * Vercel AI SDK instrumentation, end to end: the real `ai` package and the
 * real @ai-sdk/openai provider (Chat Completions and Responses APIs, JSON and
 * SSE) against a loopback OpenAI server, in child processes started with the
 * zero-code entry, once per major (5, 6, 7) and module system; asserted on
 * the spans that arrived over OTLP and on /metrics.
 */
import { RESPONSE_MODEL, AiSdkOpenAIServer } from '../helpers/ai-sdk-openai-server';
import type { ReceivedSpan } from '../helpers/otlp-receiver';
import { childrenOf, comparableStderr, describeVariant, only, runApp, samples, sum, VARIANTS, type AppRun } from '../fixtures/ai-sdk/harness';

const SPAN_KIND_INTERNAL = 1;
const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;
/**
 * The OTel SDK takes a span's start time from Date.now() (whole milliseconds)
 * and its end from the high-resolution clock relative to that start, so the
 * ends of two spans compare exactly only to within a millisecond.
 */
const CLOCK_SLACK_NS = 1_000_000n;

const SCENARIOS = ['generate-chat', 'generate-responses', 'stream-chat', 'stream-responses', 'stream-response-object', 'object', 'stream-object', 'tool-loop', 'agent-generate', 'agent-stream', 'string-model'];
/** gpt-4o-mini: $0.15/M input, $0.075/M cached input, $0.60/M output. */
const price = (input: number, cached: number, output: number) => ((input - cached) * 0.15 + cached * 0.075 + output * 0.6) / 1e6;
const TEXT_USAGE = { 'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 30, 'gen_ai.usage.cache_read.input_tokens': 20, 'gen_ai.usage.reasoning.output_tokens': 5 };

const server = new AiSdkOpenAIServer();
let baseURL = '';
beforeAll(async () => {
  baseURL = await server.start();
});
afterAll(() => server.stop());

for (const variant of VARIANTS) {
  describeVariant(variant, () => {
    const scenarios = variant.major < 7 ? [...SCENARIOS, 'own-telemetry'] : SCENARIOS;
    let run: AppRun;
    let plain: AppRun;
    beforeAll(async () => {
      [run, plain] = await Promise.all([
        runApp(variant, scenarios, { baseURL, scrapeMetrics: true }),
        runApp(variant, scenarios, { baseURL, instrumented: false }),
      ]);
    }, 120_000);

    const rootOf = (name: string): ReceivedSpan => {
      const span = only(run.spans, name);
      expect(span.parentSpanId).toBeUndefined();
      return span;
    };
    const chatUnder = (parent: ReceivedSpan) => childrenOf(run.spans, parent).filter(s => s.name === 'chat gpt-4o-mini');

    it('leaves the app unchanged: same results, same stderr, exit 0', () => {
      expect(run.result.code).toBe(0);
      expect(run.results).toEqual(plain.results);
      expect(comparableStderr(run.result.stderr)).toEqual(comparableStderr(plain.result.stderr));
      expect(run.results['generate-chat'].text).toBe('Hello from the loopback model.');
      expect(run.results['tool-loop'].steps).toBe(3);
    });

    it('returns the SDK\'s own streamText result object, which still streams and builds a Response', () => {
      const surface = run.results['stream-chat'].surface;
      expect(surface.class).toBe('DefaultStreamTextResult');
      expect(surface.proto).toEqual(expect.arrayContaining(['textStream', 'fullStream', 'toTextStreamResponse']));
      expect(surface).toEqual(plain.results['stream-chat'].surface);
      expect(run.results['stream-response-object']).toEqual({ status: 200, body: 'Hello from the loopback model.' });
    });

    it('generateText: an invoke_agent {functionId} INTERNAL root with one chat CLIENT child carrying usage and cost', () => {
      const agent = rootOf('invoke_agent greeter');
      expect(agent.kind).toBe(SPAN_KIND_INTERNAL);
      expect(agent.attributes).toMatchObject({
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'greeter',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        ...TEXT_USAGE,
      });
      const [chat, ...rest] = childrenOf(run.spans, agent);
      expect(rest).toHaveLength(0);
      expect(chat.name).toBe('chat gpt-4o-mini');
      expect(chat.kind).toBe(SPAN_KIND_CLIENT);
      expect(chat.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': RESPONSE_MODEL,
        'gen_ai.response.id': 'chatcmpl-loopback',
        'gen_ai.response.finish_reasons': ['stop'],
        'server.address': '127.0.0.1',
        ...TEXT_USAGE,
      });
      expect(chat.attributes['gen_ai.request.stream']).toBeUndefined();
      expect(chat.attributes['agentmeter.cost.usd']).toBeCloseTo(price(120, 20, 30), 12);
      expect(chat.startNs >= agent.startNs && chat.endNs <= agent.endNs + CLOCK_SLACK_NS).toBe(true);
    });

    it('maps the provider id openai.responses to gen_ai.provider.name openai; an unnamed call is `invoke_agent`', () => {
      const unnamed = run.spans.filter(s => s.name === 'invoke_agent');
      expect(unnamed).toHaveLength(1);
      expect(unnamed[0].attributes['gen_ai.agent.name']).toBeUndefined();
      const [chat] = chatUnder(unnamed[0]);
      expect(chat.attributes).toMatchObject({ 'gen_ai.provider.name': 'openai', 'gen_ai.response.id': 'resp_loopback', ...TEXT_USAGE });
    });

    it('a model given as an id string (default provider) is observed too', () => {
      expect(run.results['string-model'].text).toBe('Hello from the loopback model.');
      const agent = rootOf('invoke_agent string-model');
      expect(agent.attributes['gen_ai.provider.name']).toBe('openai');
      const [chat] = chatUnder(agent);
      expect(chat.attributes).toMatchObject({ 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', ...TEXT_USAGE });
    });

    it('streamText: the chat span is streamed (time to first chunk, usage from the final chunk) and the agent span ends after it', () => {
      for (const [name, responseId] of [['invoke_agent streamer', 'chatcmpl-loopback'], ['invoke_agent responder', 'resp_loopback']]) {
        const agent = rootOf(name);
        const [chat] = chatUnder(agent);
        expect(chat.attributes).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.response.id': responseId, 'gen_ai.response.model': RESPONSE_MODEL, ...TEXT_USAGE });
        const ttfc = chat.attributes['gen_ai.response.time_to_first_chunk'] as number;
        expect(ttfc).toBeGreaterThan(0);
        expect(ttfc * 1e9).toBeLessThanOrEqual(Number(chat.endNs - chat.startNs));
        expect(agent.endNs + CLOCK_SLACK_NS >= chat.endNs).toBe(true);
        expect(agent.status.code).not.toBe(STATUS_ERROR);
        expect(agent.attributes).toMatchObject(TEXT_USAGE);
      }
    });

    it('generateObject / streamObject: one chat span each with gen_ai.output.type json, no invoke_agent', () => {
      const objects = run.spans.filter(s => s.attributes['gen_ai.output.type'] === 'json');
      expect(objects.map(s => s.attributes['gen_ai.request.stream'] ?? false).sort()).toEqual([false, true]);
      for (const span of objects) {
        expect(span.name).toBe('chat gpt-4o-mini');
        expect(span.parentSpanId).toBeUndefined();
        expect(span.attributes).toMatchObject(TEXT_USAGE);
      }
      expect(run.results.object.object).toEqual({ city: 'Paris', temperature: 21 });
      expect(run.results['stream-object']).toEqual({ object: { city: 'Paris', temperature: 21 }, partials: true });
    });

    it('tool loop: three chat spans and three execute_tool spans under the invoke_agent span, usage summed', () => {
      const agent = rootOf('invoke_agent weather-agent');
      const children = childrenOf(run.spans, agent);
      expect(children.map(s => s.name)).toEqual([
        'chat gpt-4o-mini',
        'execute_tool get_weather',
        'execute_tool get_weather',
        'chat gpt-4o-mini',
        'execute_tool summarize',
        'chat gpt-4o-mini',
      ]);
      const tools = children.filter(s => s.name.startsWith('execute_tool'));
      expect(tools.map(t => t.attributes['gen_ai.tool.call.id']).sort()).toEqual(['call_london', 'call_paris', 'call_summary']);
      for (const tool of tools) {
        expect(tool.kind).toBe(SPAN_KIND_INTERNAL);
        expect(tool.attributes).toMatchObject({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.type': 'function' });
        expect(tool.status.code).not.toBe(STATUS_ERROR);
      }
      const chats = children.filter(s => s.name === 'chat gpt-4o-mini');
      expect(chats.map(c => c.attributes['gen_ai.response.finish_reasons'])).toEqual([['tool_calls'], ['tool_calls'], ['stop']]);
      expect(chats[0].events.filter(e => e.name === 'agentmeter.tool_call.requested').map(e => e.attributes['gen_ai.tool.call.id'])).toEqual(['call_paris', 'call_london']);
      expect(agent.attributes).toMatchObject({
        'gen_ai.usage.input_tokens': 450,
        'gen_ai.usage.output_tokens': 75,
        'gen_ai.usage.cache_read.input_tokens': 150,
        'gen_ai.usage.reasoning.output_tokens': 10,
      });
      const cost = sum(chats.map(c => ({ value: c.attributes['agentmeter.cost.usd'] as number })));
      expect(cost).toBeCloseTo(price(100, 0, 20) + price(150, 50, 15) + price(200, 100, 40), 12);
      // prepareStep was handed the app's own model object, not agentmeter's proxy
      expect(run.results['tool-loop'].prepareStepSawAppModel).toEqual([true, true, true]);
    });

    it('agent classes (ToolLoopAgent; ai@5 Experimental_Agent): generate() and stream() are invoke_agent {id} spans with their steps', () => {
      expect(run.results['agent-generate']).toEqual({ text: 'Paris is warmer than London today.', steps: 3, tools: ['get_weather', 'summarize'] });
      expect(run.results['agent-stream'].text).toBe('Paris is warmer than London today.');
      for (const [name, streamed] of [['invoke_agent planner', false], ['invoke_agent streaming-planner', true]] as const) {
        const agent = rootOf(name);
        const children = childrenOf(run.spans, agent);
        expect(children.map(s => s.name)).toEqual([
          'chat gpt-4o-mini',
          'execute_tool get_weather',
          'execute_tool get_weather',
          'chat gpt-4o-mini',
          'execute_tool summarize',
          'chat gpt-4o-mini',
        ]);
        expect(children[0].attributes['gen_ai.request.stream']).toBe(streamed ? true : undefined);
        expect(agent.attributes['gen_ai.usage.input_tokens']).toBe(450);
        expect(agent.endNs + CLOCK_SLACK_NS >= children[children.length - 1].endNs).toBe(true);
      }
    });

    it('serves GenAI and agentmeter metrics for these spans on /metrics', () => {
      const m = run.metricsText;
      const chatSpans = run.spans.filter(s => s.attributes['gen_ai.operation.name'] === 'chat');
      const chats = samples(m, 'gen_ai_client_operation_duration_count', { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai' });
      expect(sum(chats)).toBe(chatSpans.length);
      expect(sum(samples(m, 'gen_ai_client_operation_time_to_first_chunk_count'))).toBe(chatSpans.filter(s => s.attributes['gen_ai.request.stream']).length);
      expect(sum(samples(m, 'gen_ai_client_token_usage_sum', { gen_ai_token_type: 'input', gen_ai_request_model: 'gpt-4o-mini' }))).toBe(
        sum(chatSpans.map(s => ({ value: s.attributes['gen_ai.usage.input_tokens'] as number }))),
      );
      const tokens = (type: string) => samples(m, 'agentmeter_llm_tokens_total', { gen_ai_agent_name: 'weather-agent', gen_ai_token_type: type });
      expect(sum(tokens('input'))).toBe(450);
      expect(sum(tokens('output'))).toBe(75);
      expect(sum(tokens('cache_read'))).toBe(150);
      expect(sum(tokens('reasoning'))).toBe(10);
      expect(sum(samples(m, 'agentmeter_llm_cost_total', { gen_ai_agent_name: 'weather-agent' }))).toBeCloseTo(price(100, 0, 20) + price(150, 50, 15) + price(200, 100, 40), 12);
      // three tool loops ran: generateText, agent.generate(), agent.stream()
      expect(sum(samples(m, 'agentmeter_tool_duration_count', { gen_ai_tool_name: 'get_weather' }))).toBe(6);
      expect(sum(samples(m, 'agentmeter_tool_duration_count', { gen_ai_tool_name: 'summarize' }))).toBe(3);
      expect(run.spans.filter(s => s.name === 'execute_tool get_weather')).toHaveLength(6);
      for (const agent of ['weather-agent', 'planner', 'streaming-planner', 'greeter']) {
        expect(sum(samples(m, 'agentmeter_agent_duration_count', { gen_ai_agent_name: agent }))).toBe(1);
      }
    });

    it('records no prompt, completion, tool argument or API key by default', () => {
      const everything = JSON.stringify(run.spans, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
      for (const secret of ['PROMPT-CANARY', 'loopback model', 'Paris is warmer', 'sk-agentmeter-SECRET-key', '"city"']) {
        expect(everything).not.toContain(secret);
      }
      for (const span of run.spans) {
        for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result']) {
          expect(span.attributes[key]).toBeUndefined();
        }
      }
      // the requests really carried the key: it is only kept out of telemetry
      expect(server.requests.some(r => r.headers.authorization === 'Bearer sk-agentmeter-SECRET-key')).toBe(true);
    });

    if (variant.major < 7) {
      it("keeps the app's own experimental_telemetry working beside it, without counting the call twice", () => {
        const agent = rootOf('invoke_agent own-telemetry');
        const sdkSpan = childrenOf(run.spans, agent).find(s => s.name === 'ai.generateText');
        expect(sdkSpan).toBeDefined();
        const doGenerate = childrenOf(run.spans, sdkSpan!).find(s => s.name === 'ai.generateText.doGenerate');
        expect(doGenerate).toBeDefined();
        const chats = run.spans.filter(s => s.traceId === agent.traceId && s.attributes['gen_ai.operation.name'] === 'chat');
        expect(chats).toHaveLength(1);
        expect(chats[0].parentSpanId).toBe(doGenerate!.spanId);
        expect(doGenerate!.attributes['agentmeter.cost.usd']).toBeUndefined();
        expect(sum(samples(run.metricsText, 'agentmeter_llm_tokens_total', { gen_ai_agent_name: 'own-telemetry', gen_ai_token_type: 'input' }))).toBe(120);
      });
    }
  });
}

describe('disabling the instrumentation by name', () => {
  it('AGENTMETER_DISABLED_INSTRUMENTATIONS=ai-sdk leaves the AI SDK unobserved', async () => {
    const variant = VARIANTS.find(v => v.major === 6 && v.esm)!;
    const run = await runApp(variant, ['generate-chat'], { baseURL, env: { AGENTMETER_DISABLED_INSTRUMENTATIONS: 'ai-sdk' } });
    expect(run.result.code).toBe(0);
    expect(run.results['generate-chat'].text).toBe('Hello from the loopback model.');
    expect(run.spans.filter(s => s.scope === '@agentmeter/instrumentation-ai-sdk')).toHaveLength(0);
  }, 60_000);
});
