import { FINAL_REPLY, TOOL_USE_REPLY } from '../helpers/anthropic-server';
import type { ReceivedSpan } from '../helpers/otlp-receiver';
import { APPS, REGISTER, runApp, spansUnder, type AppRun } from './anthropic-run';

/*
 * The instrumentation's switches, on the same app (@anthropic-ai/sdk 1.x):
 * content capture in the semconv JSON message format, and disabling it by name.
 */
const CHAT = 'chat claude-sonnet-4-5';
const json = (value: unknown) => JSON.parse(String(value));

describe.each([
  { name: 'CommonJS', script: APPS.cjs, flags: REGISTER.cjs },
  { name: 'ESM', script: APPS.esm, flags: REGISTER.esm },
])('with OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true ($name)', ({ script, flags }) => {
  let run: AppRun;
  let planner: ReceivedSpan[];

  beforeAll(async () => {
    run = await runApp(script, flags, { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' });
    planner = spansUnder(run.spans, 'invoke_agent planner', CHAT).sort((a, b) => Number(a.startNs - b.startNs));
  }, 120_000);

  const chatOf = (name: string) => spansUnder(run.spans, `invoke_agent s:${name}`, CHAT)[0];

  it('records the system prompt, the input messages and the reply with its tool call', () => {
    const [first] = planner;
    expect(json(first.attributes['gen_ai.system_instructions'])).toEqual([{ type: 'text', content: 'You are a travel planner.' }]);
    expect(json(first.attributes['gen_ai.input.messages'])).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'What is the weather in Paris?' }] },
    ]);
    expect(json(first.attributes['gen_ai.output.messages'])).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: 'Let me check the weather.' },
          { type: 'tool_call', id: 'toolu_01Weather', name: 'get_weather', arguments: { city: 'Paris' } },
        ],
        finish_reason: 'tool_call',
      },
    ]);
    expect(first.events[0].attributes['gen_ai.tool.call.arguments']).toBe('{"city":"Paris"}');
  });

  it('maps the tool result the app sent back to a tool_call_response part', () => {
    const input = json(planner[1].attributes['gen_ai.input.messages']);
    expect(input).toHaveLength(3);
    expect(input[1].parts[1]).toEqual({ type: 'tool_call', id: 'toolu_01Weather', name: 'get_weather', arguments: { city: 'Paris' } });
    expect(input[2]).toEqual({ role: 'user', parts: [{ type: 'tool_call_response', id: 'toolu_01Weather', response: '18 degrees' }] });
    expect(json(planner[1].attributes['gen_ai.output.messages'])).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: FINAL_REPLY.content[0].text }], finish_reason: 'stop' },
    ]);
  });

  it('rebuilds the streamed reply, tool input included, from its events', () => {
    for (const name of ['create-stream', 'helper-stream']) {
      expect(json(chatOf(name).attributes['gen_ai.output.messages'])).toEqual(json(planner[0].attributes['gen_ai.output.messages']));
      expect(chatOf(name).events[0].attributes['gen_ai.tool.call.arguments']).toBe(JSON.stringify(TOOL_USE_REPLY.content[1].input));
    }
    // a stream cut inside the first text block keeps what arrived
    const cut = json(chatOf('stream-cut').attributes['gen_ai.output.messages']);
    const text = TOOL_USE_REPLY.content[0].text as string; // the server sends it in two halves
    expect(cut[0].parts).toEqual([{ type: 'text', content: text.slice(0, Math.ceil(text.length / 2)) }]);
    expect(cut[0].finish_reason).toBeUndefined();
  });

  it('still never records the API key', () => {
    expect(JSON.stringify(run.spans, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('LOOPBACK-SECRET');
    expect(run.result.code).toBe(0);
  });
});

describe('with AGENTMETER_DISABLED_INSTRUMENTATIONS=anthropic', () => {
  let run: AppRun;
  let plain: AppRun;

  beforeAll(async () => {
    plain = await runApp(APPS.cjs, undefined);
    run = await runApp(APPS.cjs, REGISTER.cjs, { AGENTMETER_DISABLED_INSTRUMENTATIONS: 'anthropic' });
  }, 120_000);

  it('patches nothing: no chat span from agentmeter, and the app sees the same results', () => {
    expect(run.spans.filter(s => s.scope === '@agentmeter/instrumentation-anthropic')).toEqual([]);
    expect(run.spans.some(s => s.name === 'invoke_agent planner')).toBe(true);
    expect(run.results).toEqual(plain.results);
  });

  it("leaves the SDK's own spans (>= 0.134) in place — the ones agentmeter's spans replace when enabled", () => {
    const native = spansUnder(run.spans, 'invoke_agent planner', 'anthropic.messages.create');
    expect(native).toHaveLength(2);
    expect(native[0].scope).toBe('com.anthropic.sdk.typescript');
    expect(native[0].attributes['gen_ai.operation.name']).toBe('chat');
  });
});
