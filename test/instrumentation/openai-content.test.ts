/**
 * Content capture for openai spans, opted in with
 * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true: prompts, replies
 * and tool-call arguments in the semconv JSON message format, truncated to
 * AGENTMETER_CONTENT_MAX_LENGTH; the API key still never appears.
 */
import { JSON_REPLY, REPLY_TEXT, TOOL_ARGUMENTS } from '../helpers/openai-server';
import { llmSpan, runOpenAIApp, type OpenAIRun } from '../fixtures/openai/harness';

jest.setTimeout(120_000);

const json = (value: unknown) => JSON.parse(String(value));

describe('openai content capture (opt-in)', () => {
  let run: OpenAIRun;

  beforeAll(async () => {
    run = await runOpenAIApp({
      script: 'openai/app.cjs',
      scenarios: ['agent-chat', 'chat-long-prompt', 'chat-tools', 'chat-tools-stream', 'chat-stream-usage', 'responses', 'responses-tools', 'parse-helper'],
      instrumented: true,
      env: { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true', AGENTMETER_CONTENT_MAX_LENGTH: '300' },
    });
  });

  it('records chat input and output messages in the semconv format', () => {
    const attributes = llmSpan(run, 'agent-chat').attributes;
    expect(json(attributes['gen_ai.input.messages'])).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'You are terse.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'What is the answer?' }] },
    ]);
    expect(json(attributes['gen_ai.output.messages'])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: REPLY_TEXT }], finish_reason: 'stop' }]);
  });

  it('assembles a streamed reply and streamed tool-call arguments', () => {
    expect(json(llmSpan(run, 'chat-stream-usage').attributes['gen_ai.output.messages'])).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: REPLY_TEXT }], finish_reason: 'stop' },
    ]);
    for (const scenario of ['chat-tools', 'chat-tools-stream']) {
      const span = llmSpan(run, scenario);
      const [message] = json(span.attributes['gen_ai.output.messages']);
      expect(message).toEqual({
        role: 'assistant',
        parts: [{ type: 'tool_call', id: expect.stringMatching(/^call_/), name: 'get_weather', arguments: { city: 'Paris' } }],
        finish_reason: 'tool_calls',
      });
      const event = span.events.find(e => e.name === 'agentmeter.tool_call.requested')!;
      expect(event.attributes['gen_ai.tool.call.arguments']).toBe(TOOL_ARGUMENTS);
    }
  });

  it('records Responses instructions, input and output (text and function calls)', () => {
    const attributes = llmSpan(run, 'responses').attributes;
    expect(json(attributes['gen_ai.system_instructions'])).toEqual([{ type: 'text', content: 'Answer briefly.' }]);
    expect(json(attributes['gen_ai.input.messages'])).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'What is the answer?' }] }]);
    expect(json(attributes['gen_ai.output.messages'])).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: REPLY_TEXT }], finish_reason: 'stop' }]);
    const [tools] = json(llmSpan(run, 'responses-tools').attributes['gen_ai.output.messages']);
    expect(tools.parts).toEqual([{ type: 'tool_call', id: expect.stringMatching(/^call_/), name: 'get_weather', arguments: { city: 'Paris' } }]);
    expect(json(llmSpan(run, 'parse-helper').attributes['gen_ai.output.messages'])[0].parts[0].content).toBe(JSON_REPLY);
  });

  it('truncates content to the configured length and never records the API key', () => {
    const long = String(llmSpan(run, 'chat-long-prompt').attributes['gen_ai.input.messages']);
    expect(long).toHaveLength(300 + '…[truncated]'.length);
    expect(long.endsWith('…[truncated]')).toBe(true);
    expect(JSON.stringify(run.spans, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('sk-agentmeter-test-key');
  });
});
