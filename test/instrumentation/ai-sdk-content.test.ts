/**
 * Content capture for the Vercel AI SDK (opt-in with
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true): system
 * instructions, input and output messages in the semconv JSON message
 * format, tool arguments and results, truncated to AGENTMETER_CONTENT_MAX_LENGTH.
 * Off by default (asserted in ai-sdk.test.ts). API keys never appear.
 */
import { AiSdkOpenAIServer } from '../helpers/ai-sdk-openai-server';
import type { ReceivedSpan } from '../helpers/otlp-receiver';
import { childrenOf, describeVariant, only, runApp, VARIANTS, type AppRun } from '../fixtures/ai-sdk/harness';

const PROMPT = 'PROMPT-CANARY: what is the weather?';
const json = (span: ReceivedSpan, key: string) => JSON.parse(span.attributes[key] as string);

const server = new AiSdkOpenAIServer();
let baseURL = '';
beforeAll(async () => {
  baseURL = await server.start();
});
afterAll(() => server.stop());

for (const variant of VARIANTS) {
  describeVariant(variant, () => {
    let run: AppRun;
    let truncated: AppRun;
    beforeAll(async () => {
      const env = { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' };
      [run, truncated] = await Promise.all([
        runApp(variant, ['tool-loop', 'stream-chat'], { baseURL, env }),
        runApp(variant, ['generate-chat'], { baseURL, env: { ...env, AGENTMETER_CONTENT_MAX_LENGTH: '24' } }),
      ]);
    }, 120_000);

    it('records the conversation of each step in the semconv message format', () => {
      expect(run.result.code).toBe(0);
      const agent = only(run.spans, 'invoke_agent weather-agent');
      const chats = childrenOf(run.spans, agent).filter(s => s.name === 'chat gpt-4o-mini');
      expect(chats).toHaveLength(3);
      for (const chat of chats) {
        expect(json(chat, 'gen_ai.system_instructions')).toEqual([{ type: 'text', content: 'SYSTEM-CANARY: you are a weather bot.' }]);
      }
      expect(json(chats[0], 'gen_ai.input.messages')).toEqual([{ role: 'user', parts: [{ type: 'text', content: PROMPT }] }]);
      expect(json(chats[0], 'gen_ai.output.messages')).toEqual([
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 'call_paris', name: 'get_weather', arguments: { city: 'Paris' } },
            { type: 'tool_call', id: 'call_london', name: 'get_weather', arguments: { city: 'London' } },
          ],
          finish_reason: 'tool_calls',
        },
      ]);
      const second = json(chats[1], 'gen_ai.input.messages');
      expect(second.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'tool']);
      expect(second[2].parts).toEqual([
        { type: 'tool_call_response', id: 'call_paris', response: expect.anything() },
        { type: 'tool_call_response', id: 'call_london', response: expect.anything() },
      ]);
      expect(JSON.stringify(second[2].parts[0].response)).toContain('21');
      expect(json(chats[2], 'gen_ai.output.messages')).toEqual([
        { role: 'assistant', parts: [{ type: 'text', content: 'Paris is warmer than London today.' }], finish_reason: 'stop' },
      ]);
      const requested = chats[0].events.filter(e => e.name === 'agentmeter.tool_call.requested');
      expect(requested.map(e => JSON.parse(e.attributes['gen_ai.tool.call.arguments'] as string))).toEqual([{ city: 'Paris' }, { city: 'London' }]);
    });

    it('records tool arguments and results on the execute_tool spans', () => {
      const paris = run.spans.find(s => s.attributes['gen_ai.tool.call.id'] === 'call_paris' && s.name.startsWith('execute_tool'))!;
      expect(JSON.parse(paris.attributes['gen_ai.tool.call.arguments'] as string)).toEqual({ city: 'Paris' });
      expect(JSON.parse(paris.attributes['gen_ai.tool.call.result'] as string)).toEqual({ city: 'Paris', temperatureC: 21 });
      const summary = run.spans.find(s => s.attributes['gen_ai.tool.call.id'] === 'call_summary' && s.name.startsWith('execute_tool'))!;
      expect(summary.attributes['gen_ai.tool.call.result']).toBe('summary of weather');
    });

    it('collects a streamed reply into one output message', () => {
      const agent = only(run.spans, 'invoke_agent streamer');
      const [chat] = childrenOf(run.spans, agent);
      expect(json(chat, 'gen_ai.output.messages')).toEqual([
        { role: 'assistant', parts: [{ type: 'text', content: 'Hello from the loopback model.' }], finish_reason: 'stop' },
      ]);
    });

    it('truncates content to AGENTMETER_CONTENT_MAX_LENGTH and never records the API key', () => {
      const agent = only(truncated.spans, 'invoke_agent greeter');
      const [chat] = childrenOf(truncated.spans, agent);
      const input = chat.attributes['gen_ai.input.messages'] as string;
      expect(input).toMatch(/^.{24}…\[truncated\]$/);
      for (const spans of [run.spans, truncated.spans]) {
        expect(JSON.stringify(spans, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('sk-agentmeter-SECRET-key');
      }
    });
  });
}
