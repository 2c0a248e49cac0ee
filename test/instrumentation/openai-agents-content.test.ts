import type { Step } from '../helpers/agents-openai-server';
import { only, runApp, SCOPE, VARIANTS, type AppRun } from './openai-agents-harness';

/**
 * Content capture (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true)
 * on the handoff chain of openai-agents.test.ts: prompts, model output (text
 * and tool calls), tool arguments and results, in the semconv JSON message
 * format; AGENTMETER_CONTENT_MAX_LENGTH truncates.
 */
const HANDOFF: Record<string, Step[]> = {
  handoff: [
    { call: 'transfer_to_order_specialist', args: { reason: 'order status' } },
    { call: 'lookup_order', args: { orderId: '42' }, callId: 'call_lookup' },
    { text: 'Order 42 has shipped.' },
  ],
};

describe.each(VARIANTS)('OpenAI Agents SDK content capture — $name', ({ script, flags }) => {
  let run: AppRun;
  let truncated: AppRun;

  beforeAll(async () => {
    const capture = { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' };
    [run, truncated] = await Promise.all([
      runApp(script, flags, 'handoffChain', HANDOFF, capture),
      runApp(script, flags, 'handoffChain', HANDOFF, { ...capture, AGENTMETER_CONTENT_MAX_LENGTH: '20' }),
    ]);
  }, 120_000);

  const chats = (r: AppRun) =>
    r.spans.filter(s => s.scope === SCOPE && s.attributes['gen_ai.operation.name'] === 'chat').sort((a, b) => Number(a.startNs - b.startNs));
  const json = (value: unknown) => JSON.parse(String(value));

  it('records the prompt and the model output as semconv messages', () => {
    const [first, second, third] = chats(run);
    expect(json(first.attributes['gen_ai.input.messages'])).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Where is order 42?' }] }]);
    expect(json(first.attributes['gen_ai.output.messages'])).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'transfer_to_order_specialist', arguments: '{"reason":"order status"}' }], finish_reason: 'tool_call' },
    ]);
    expect(json(second.attributes['gen_ai.output.messages'])[0].parts[0]).toMatchObject({ type: 'tool_call', id: 'call_lookup', name: 'lookup_order' });
    const thirdInput = json(third.attributes['gen_ai.input.messages']);
    expect(thirdInput).toContainEqual({ role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_lookup', response: 'order 42: shipped' }] });
    expect(json(third.attributes['gen_ai.output.messages'])).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Order 42 has shipped.' }], finish_reason: 'stop' },
    ]);
  });

  it('records tool arguments (as the object) and the result', () => {
    const tool = only(run.spans, 'execute_tool lookup_order', SCOPE);
    expect(json(tool.attributes['gen_ai.tool.call.arguments'])).toEqual({ orderId: '42' });
    expect(tool.attributes['gen_ai.tool.call.result']).toBe('order 42: shipped');
  });

  it('truncates every captured value to AGENTMETER_CONTENT_MAX_LENGTH', () => {
    const tool = only(truncated.spans, 'execute_tool lookup_order', SCOPE);
    expect(tool.attributes['gen_ai.tool.call.result']).toBe('order 42: shipped');
    for (const span of chats(truncated)) {
      const input = String(span.attributes['gen_ai.input.messages']);
      expect(input.endsWith('…[truncated]')).toBe(true);
      expect(input.length).toBe(20 + '…[truncated]'.length);
    }
  });
});
