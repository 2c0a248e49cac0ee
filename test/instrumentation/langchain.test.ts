import { startLangchainOpenAIServer, type ChatRequest } from '../helpers/langchain-openai-server';
import { OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import path from 'node:path';
import { freePort, jsonLine, parsePrometheus, ROOT, runFixture, type FixtureResult } from '../helpers/spawn-fixture';

/**
 * The real @langchain/openai ChatOpenAI (and @langchain/core tools,
 * @langchain/langgraph) against a loopback OpenAI-compatible server, in child
 * processes started with and without agentmeter; spans arrive over OTLP.
 */
const SCOPE = '@agentmeter/instrumentation-langchain';

interface AppRun {
  result: FixtureResult;
  out: any;
  seen: any;
  spans: ReceivedSpan[];
  requests: ChatRequest[];
  metrics: string;
}

async function runApp(script: string, flags: string[] | undefined, scenario: string, env: Record<string, string> = {}): Promise<AppRun> {
  const server = await startLangchainOpenAIServer();
  const receiver = new OtlpReceiver();
  const otlp = await receiver.start();
  const port = await freePort();
  let metrics = '';
  try {
    const result = await runFixture(script, {
      flags: flags ?? [],
      timeoutMs: 90_000,
      env: {
        LC_OPENAI_URL: server.url,
        LC_SCENARIO: scenario,
        LC_WAIT: flags ? '1' : undefined,
        OTEL_SERVICE_NAME: 'langchain-app',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_BSP_SCHEDULE_DELAY: '50',
        ...env,
      },
      whenReady: flags
        ? async () => {
            metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
          }
        : undefined,
    });
    const line = jsonLine(result.stdout, 'result');
    return { result, out: line.out, seen: line.seen, spans: receiver.spans, requests: server.requests, metrics };
  } finally {
    await server.close();
    await receiver.stop();
  }
}

/** @langchain/core 1.x (root) and 0.3 with @langchain/langgraph 0.4, @langchain/openai 0.6 (test/versions/langchain-v0). */
const variants = [
  { name: 'ESM app with --import @agentmeter/sdk/register', script: 'langchain/app.mjs', flags: ['--import', '@agentmeter/sdk/register'] },
  { name: 'CommonJS app with -r @agentmeter/sdk/register', script: 'langchain/app.cjs', flags: ['-r', '@agentmeter/sdk/register'] },
  { name: 'LangChain 0.3 ESM app', script: path.join(ROOT, 'test/versions/langchain-v0/app.mjs'), flags: ['--import', '@agentmeter/sdk/register'] },
  { name: 'LangChain 0.3 CommonJS app', script: path.join(ROOT, 'test/versions/langchain-v0/app.cjs'), flags: ['-r', '@agentmeter/sdk/register'] },
];

describe.each(variants)('LangChain chat models and tools — $name', ({ script, flags }) => {
  let run: AppRun;
  let plain: AppRun;

  beforeAll(async () => {
    [run, plain] = await Promise.all([runApp(script, flags, 'chat'), runApp(script, undefined, 'chat')]);
  }, 120_000);

  const own = () => run.spans.filter(s => s.scope === SCOPE);
  const chats = () => own().filter(s => s.attributes['gen_ai.operation.name'] === 'chat').sort((a, b) => Number(a.startNs - b.startNs));
  const one = (name: string) => {
    const found = own().filter(s => s.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('leaves the app unchanged: exit 0, no output on stderr, the same results as without agentmeter', () => {
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);
    expect(plain.result.code).toBe(0);
    expect(run.out).toEqual(plain.out);
    // the model really answered: a greeting, a tool call, and a streamed reply in several chunks
    expect(run.out.chat.kwargs.content).toBe('Hello from the loopback model');
    expect(run.out.toolRequest.kwargs.tool_calls[0]).toMatchObject({ name: 'lookup_weather', id: 'call_2' });
    expect(run.out.stream.kwargs.content).toBe('Hello from the loopback model');
    expect(run.out.streamChunks).toBeGreaterThan(3);
  });

  it('records a chat model call as a `chat {model}` CLIENT span with provider, usage and cost', () => {
    expect(chats()).toHaveLength(4);
    const chat = chats()[0];
    expect(chat.name).toBe('chat gpt-4o-mini');
    expect(chat.kind).toBe(3); // SPAN_KIND_CLIENT
    expect(chat.parentSpanId).toBeUndefined();
    expect(chat.status.code ?? 0).toBe(0);
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 256,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'chatcmpl-1',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 100,
      'gen_ai.usage.cache_read.input_tokens': 400,
    });
    expect(chat.attributes['gen_ai.request.stream']).toBeUndefined();
  });

  it('is priced once: on the provider SDK span inside it when one is recorded, else on itself', () => {
    // the stream left early never received its usage chunk: nothing to price there
    for (const chat of chats().slice(0, 3)) {
      const inner = run.spans.filter(s => s.parentSpanId === chat.spanId && s.attributes['gen_ai.operation.name'] === 'chat');
      const priced = [chat, ...inner].filter(s => s.attributes['agentmeter.cost.usd'] !== undefined);
      expect(priced).toHaveLength(1);
      // 600 uncached × $0.15/M + 400 cached × $0.075/M + 100 output × $0.60/M
      expect(priced[0].attributes['agentmeter.cost.usd']).toBeCloseTo(0.00018, 10);
    }
  });

  it('nests the tool call and its model call under the app span active at invoke(), the tool span active inside the tool', () => {
    const [, request] = chats();
    const tool = one('execute_tool lookup_weather');
    expect(request.parentSpanId).toBe(run.seen.appSpanId);
    expect(request.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_calls']);
    expect(tool.parentSpanId).toBe(run.seen.appSpanId);
    expect(tool.traceId).toBe(request.traceId);
    expect(tool.kind).toBe(1); // SPAN_KIND_INTERNAL
    expect(tool.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup_weather',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.id': 'call_2',
    });
    expect(run.seen.toolActiveSpanId).toBe(tool.spanId);
    expect(Number(tool.endNs - tool.startNs)).toBeGreaterThanOrEqual(14_000_000); // the tool sleeps 15 ms
  });

  it('records a streamed call: request.stream, time to first chunk, usage from the final chunk', () => {
    const streamed = chats()[2];
    expect(run.requests[2].body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(streamed.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 100,
      'gen_ai.usage.cache_read.input_tokens': 400,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop'],
    });
    const ttft = streamed.attributes['gen_ai.response.time_to_first_chunk'] as number;
    expect(ttft).toBeGreaterThan(0.015); // the server waits 20 ms before the first chunk
    expect(ttft * 1e9).toBeLessThan(Number(streamed.endNs - streamed.startNs));
  });

  it('ends the span of a stream the app stops reading early, without an error', () => {
    const left = chats()[3];
    expect(run.out.firstChunk.kwargs.id).toBe('chatcmpl-4');
    expect(left.status.code ?? 0).toBe(0);
    expect(left.attributes['error.type']).toBeUndefined();
    expect(left.attributes['gen_ai.request.stream']).toBe(true);
    expect(left.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0.015);
  });

  it('makes the chat span active for the provider request and offers it to provider instrumentations', () => {
    const ids = chats().map(s => s.spanId);
    expect(run.seen.requests.map((r: any) => r.frameworkLlmSpanId)).toEqual(ids);
    const byId = new Map(run.spans.map(s => [s.spanId, s]));
    const under = (spanId: string | undefined, ancestor: string): boolean => {
      for (let s = spanId ? byId.get(spanId) : undefined; s; s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined) if (s.spanId === ancestor) return true;
      return false;
    };
    run.seen.requests.forEach((r: any, i: number) => expect(under(r.activeSpanId, ids[i])).toBe(true));
    // A provider instrumentation that records the same request does so inside the LangChain span, never beside it.
    const foreignLlm = run.spans.filter(s => s.scope !== SCOPE && s.attributes['gen_ai.operation.name'] === 'chat');
    for (const span of foreignLlm) expect(ids).toContain(span.parentSpanId);
  });

  it('records no content by default and no API key anywhere', () => {
    for (const span of run.spans) {
      for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.tool.call.arguments', 'gen_ai.tool.call.result']) {
        expect(span.attributes[key]).toBeUndefined();
      }
    }
    const exported = JSON.stringify(run.spans, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
    expect(exported).not.toContain('sk-loopback-not-a-key');
    expect(exported).not.toContain('Paris');
    expect(run.metrics).not.toContain('sk-loopback');
    expect(run.requests[0].headers.authorization).toBe('Bearer sk-loopback-not-a-key'); // the key did reach the server
  });

  it('counts the LangChain LLM calls on /metrics with provider and model labels, tokens once per request', () => {
    const sum = (name: string, labels: Record<string, string>) =>
      parsePrometheus(run.metrics)
        .filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((total, s) => total + s.value, 0);
    const durations = sum('gen_ai_client_operation_duration_count', { gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o-mini' });
    // 4 provider requests, one sample each: the LangChain span around the openai span adds none
    expect(durations).toBe(run.requests.length);
    // 3 requests with usage (the stream left early never got its usage chunk), each counted once
    expect(sum('gen_ai_client_token_usage_sum', { gen_ai_token_type: 'input', gen_ai_request_model: 'gpt-4o-mini' })).toBe(3000);
    expect(sum('agentmeter_llm_tokens_total', { gen_ai_token_type: 'output' })).toBe(300);
    const tools = parsePrometheus(run.metrics).filter(s => s.name === 'agentmeter_tool_duration_count' && s.labels.gen_ai_tool_name === 'lookup_weather');
    expect(tools.reduce((sum, s) => sum + s.value, 0)).toBe(1);
  });
});

describe.each(variants)('LangChain failure paths — $name', ({ script, flags }) => {
  let run: AppRun;
  let plain: AppRun;

  beforeAll(async () => {
    [run, plain] = await Promise.all([runApp(script, flags, 'failures'), runApp(script, undefined, 'failures')]);
  }, 120_000);

  const own = (name: string) => run.spans.filter(s => s.scope === SCOPE && s.name === name).sort((a, b) => Number(a.startNs - b.startNs));

  it('gives the app exactly the errors it gets without agentmeter', () => {
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);
    expect(run.out.errors).toEqual(plain.out.errors);
    expect(run.out.errors.map((e: any) => e?.class)).toEqual(['InternalServerError', 'RangeError', 'Error', 'TypeError']);
    expect(run.out.errors[0].status).toBe(500);
    expect(run.out.errors[2].name).toBe('AbortError');
  });

  it('marks a model 500 as ERROR with error.type, without the message', () => {
    const [failed, aborted] = own('chat gpt-4o-mini');
    expect(failed.status.code).toBe(2); // STATUS_CODE_ERROR
    expect(failed.attributes['error.type']).toBe('InternalServerError');
    expect(failed.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(JSON.stringify(failed.attributes)).not.toContain('processing your request');
    expect(aborted.status.code).toBe(2);
    expect(aborted.attributes['error.type']).toBe('AbortError');
    // the abort came from the app's 100 ms timeout, not from the server's 2 s reply
    expect(Number(aborted.endNs - aborted.startNs)).toBeLessThan(1_500_000_000);
  });

  it('marks a tool that throws as ERROR with the error class, without the message', () => {
    const [tool] = own('execute_tool explode');
    expect(tool.status.code).toBe(2);
    expect(tool.attributes['error.type']).toBe('RangeError');
    expect(JSON.stringify({ ...tool, startNs: 0, endNs: 0 })).not.toContain('secret-payload');
  });

  it('marks a graph whose node throws: the node agent and the workflow are ERROR', () => {
    const [workflow] = own('invoke_workflow broken_graph');
    const [node] = own('invoke_agent step');
    expect(node.parentSpanId).toBe(workflow.spanId);
    for (const span of [workflow, node]) {
      expect(span.status.code).toBe(2);
      expect(span.attributes['error.type']).toBe('TypeError');
    }
    expect(JSON.stringify(run.spans.map(s => s.attributes))).not.toContain('secret-payload');
  });
});

describe('LangChain content capture (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true)', () => {
  let run: AppRun;

  beforeAll(async () => {
    run = await runApp('langchain/app.cjs', ['-r', '@agentmeter/sdk/register'], 'chat', { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' });
  }, 120_000);

  const own = () => run.spans.filter(s => s.scope === SCOPE);
  const json = (span: ReceivedSpan, key: string) => JSON.parse(span.attributes[key] as string);

  it('records prompts and completions in the semconv message format', () => {
    const [chat, request] = own().filter(s => s.name === 'chat gpt-4o-mini').sort((a, b) => Number(a.startNs - b.startNs));
    expect(json(chat, 'gen_ai.input.messages')).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are terse.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Say hello' }] },
    ]);
    expect(json(chat, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hello from the loopback model' }], finish_reason: 'stop' },
    ]);
    expect(json(request, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_2', name: 'lookup_weather', arguments: { query: 'weather' } }], finish_reason: 'tool_calls' },
    ]);
  });

  it('records tool arguments and results', () => {
    const tool = own().find(s => s.name === 'execute_tool lookup_weather')!;
    expect(JSON.parse(tool.attributes['gen_ai.tool.call.arguments'] as string)).toEqual({ query: 'weather' });
    expect(tool.attributes['gen_ai.tool.call.result']).toBe('sunny in weather');
  });
});

describe('LangChain without the openai instrumentation (AGENTMETER_DISABLED_INSTRUMENTATIONS=openai)', () => {
  it('prices and counts the LangChain chat spans themselves', async () => {
    const run = await runApp('langchain/app.mjs', ['--import', '@agentmeter/sdk/register'], 'chat', { AGENTMETER_DISABLED_INSTRUMENTATIONS: 'openai' });
    expect(run.result.code).toBe(0);
    const chats = run.spans.filter(s => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(chats).toHaveLength(4);
    expect(chats.every(s => s.scope === SCOPE)).toBe(true);
    for (const chat of chats.filter(s => s.attributes['gen_ai.usage.input_tokens'] !== undefined)) {
      expect(chat.attributes['agentmeter.cost.usd']).toBeCloseTo(0.00018, 10);
    }
    const input = parsePrometheus(run.metrics).filter(s => s.name === 'gen_ai_client_token_usage_sum' && s.labels.gen_ai_token_type === 'input');
    expect(input.reduce((total, s) => total + s.value, 0)).toBe(3000); // the stream left early reports no usage
  }, 120_000);
});

describe('LangChain instrumentation disabled by name (AGENTMETER_DISABLED_INSTRUMENTATIONS=langchain)', () => {
  it('records no LangChain span, opens no slot, and leaves the app as it is', async () => {
    const run = await runApp('langchain/app.cjs', ['-r', '@agentmeter/sdk/register'], 'chat', { AGENTMETER_DISABLED_INSTRUMENTATIONS: 'langchain' });
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);
    expect(run.out.chat.kwargs.content).toBe('Hello from the loopback model');
    expect(run.spans.filter(s => s.scope === SCOPE)).toHaveLength(0);
    expect(run.seen.requests.map((r: any) => r.frameworkLlmSpanId)).toEqual([undefined, undefined, undefined, undefined]);
  }, 120_000);
});
