import type { ReceivedSpan } from '../helpers/otlp-receiver';
import { RESPONSE_MODEL, type Step } from '../helpers/agents-openai-server';
import { descendants, durationMs, expectedBreakdown, only, runApp, samples, SCOPE, VARIANTS, type AppRun } from './openai-agents-harness';

/**
 * The multi-agent example on the real @openai/agents SDK: triage (with an
 * input guardrail) hands off to an order specialist, which calls a function
 * tool and answers — inside the application's own `POST /support` span. The
 * loopback Responses API takes 60 ms per call; the handoff callback 40 ms;
 * the tool 50 ms plus a 10 ms state read.
 */
const HANDOFF: Record<string, Step[]> = {
  handoff: [
    { call: 'transfer_to_order_specialist', args: { reason: 'order status' }, delayMs: 60 },
    { call: 'lookup_order', args: { orderId: '42' }, delayMs: 60 },
    { text: 'Order 42 has shipped.', delayMs: 60 },
  ],
};

describe.each(VARIANTS)('OpenAI Agents SDK handoff chain — $name', ({ script, flags }) => {
  let run: AppRun;
  let plain: AppRun;

  beforeAll(async () => {
    [run, plain] = await Promise.all([runApp(script, flags, 'handoffChain', HANDOFF), runApp(script, undefined, 'handoffChain', HANDOFF)]);
  }, 120_000);

  const own = () => run.spans.filter(s => s.scope === SCOPE);
  const chats = () => own().filter(s => s.attributes['gen_ai.operation.name'] === 'chat').sort((a, b) => Number(a.startNs - b.startNs));
  const root = () => only(run.spans, 'POST /support');
  const workflow = () => only(own(), 'invoke_workflow Agent workflow');
  const triage = () => only(own(), 'invoke_agent triage');
  const specialist = () => only(own(), 'invoke_agent order_specialist');
  const handoff = () => only(own(), 'handoff triage -> order_specialist');
  const tool = () => only(own(), 'execute_tool lookup_order');

  it('leaves the app unchanged: exit 0, the same answer and the same stderr as without agentmeter', () => {
    expect(run.result.code).toBe(0);
    expect(run.out).toEqual({ finalOutput: 'Order 42 has shipped.', lastAgent: 'order_specialist' });
    expect(run.out).toEqual(plain.out);
    expect(run.result.stderr).toBe(plain.result.stderr);
  });

  it("keeps the SDK's default OpenAI exporter: it still receives the spans (and, with no API key, sends nothing)", () => {
    // BatchTraceProcessor → OpenAITracingExporter.export() logs this per batch it would have sent.
    expect(run.result.stderr).toContain('No API key provided for OpenAI tracing exporter. Exports will be skipped');
    expect(run.requests.every(r => r.path.startsWith('/v1/'))).toBe(true);
  });

  it('nests the SDK trace in the span active when Runner.run was called, and the agents, handoff, model calls and tool inside it', () => {
    expect(root().parentSpanId).toBeUndefined();
    expect(workflow().parentSpanId).toBe(root().spanId);
    expect(workflow().traceId).toBe(root().traceId);
    expect(workflow().attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'Agent workflow' });
    expect(String(workflow().attributes['agentmeter.openai_agents.trace_id'])).toMatch(/^trace_[0-9a-f]{32}$/);
    for (const agent of [triage(), specialist()]) {
      expect(agent.parentSpanId).toBe(workflow().spanId);
      expect(agent.kind).toBe(1); // INTERNAL
      expect(agent.attributes['gen_ai.operation.name']).toBe('invoke_agent');
    }
    expect(triage().attributes['gen_ai.agent.name']).toBe('triage');
    expect(only(own(), 'guardrail no_pii').parentSpanId).toBe(triage().spanId);
    expect(only(own(), 'guardrail no_pii').attributes).toEqual({ 'agentmeter.guardrail.name': 'no_pii', 'agentmeter.guardrail.triggered': false });
    const [first, second, third] = chats();
    expect(chats()).toHaveLength(3);
    expect(first.parentSpanId).toBe(triage().spanId);
    expect(second.parentSpanId).toBe(specialist().spanId);
    expect(third.parentSpanId).toBe(specialist().spanId);
    expect(tool().parentSpanId).toBe(specialist().spanId);
    expect(tool().attributes).toEqual({ 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.type': 'function' });
    // what the tool body does runs with the execute_tool span active
    expect(only(run.spans, 'read orders-db').parentSpanId).toBe(tool().spanId);
  });

  it('records each model call as a CLIENT chat span with model, response id and usage; the openai instrumentation nests inside it', () => {
    for (const [i, chat] of chats().entries()) {
      expect(chat.name).toBe('chat gpt-4o-mini');
      expect(chat.kind).toBe(3); // CLIENT
      expect(chat.status.code ?? 0).toBe(0);
      expect(chat.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': RESPONSE_MODEL,
        'gen_ai.usage.input_tokens': 1000,
        'gen_ai.usage.output_tokens': 100,
        'gen_ai.usage.cache_read.input_tokens': 400,
      });
      expect(chat.attributes['gen_ai.response.id']).toBe(`resp_${i + 1}`);
      const inner = run.spans.filter(s => s.parentSpanId === chat.spanId);
      expect(inner).toHaveLength(1);
      expect(inner[0].scope).not.toBe(SCOPE);
      expect(inner[0].attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.usage.input_tokens': 1000 });
      // tokens and cost are the inner (provider) span's: priced there, not twice
      expect(chat.attributes['agentmeter.cost.usd']).toBeUndefined();
      expect(typeof inner[0].attributes['agentmeter.cost.usd']).toBe('number');
    }
  });

  it('makes the handoff coordination: the triage span ends where the handoff starts, and the handoff hangs under the workflow', () => {
    expect(handoff().parentSpanId).toBe(workflow().spanId);
    expect(handoff().attributes).toEqual({ 'agentmeter.handoff.from_agent': 'triage', 'agentmeter.handoff.to_agent': 'order_specialist' });
    expect(durationMs(handoff())).toBeGreaterThanOrEqual(39);
    // span starts are on the same clock; 1 ms for timestamp rounding
    expect(Number(triage().endNs - handoff().startNs) / 1e6).toBeLessThanOrEqual(1);
    expect(specialist().startNs).toBeGreaterThanOrEqual(handoff().endNs - 1_000_000n);
  });

  it("writes the breakdown on the app's root span: llm, tool, state, agent time and the handoff as coordination", () => {
    const attrs = root().attributes;
    const written = Object.fromEntries(
      ['coordination', 'agent', 'llm', 'tool', 'state', 'serialization'].map(c => [c, attrs[`agentmeter.breakdown.${c}_ms`] as number]),
    );
    const wall = durationMs(root());
    expect(Object.values(written).reduce((a, b) => a + b, 0)).toBeCloseTo(wall, 1);
    const expected = expectedBreakdown(run.spans, root());
    // exported span starts are Date.now()-floored (whole ms) while the processor times starts on the
    // performance clock, so a category recomputed from exported spans may be off by up to ~1 ms per boundary
    for (const c of Object.keys(expected)) expect(Math.abs(written[c] - expected[c])).toBeLessThan(2);
    expect(written.llm).toBeGreaterThanOrEqual(3 * 59);
    // the tool's own state read (10 ms) is tool time: tool takes precedence over state
    expect(written.tool).toBeGreaterThanOrEqual(59);
    expect(written.state).toBe(0);
    expect(written.agent).toBeGreaterThan(0);
    expect(written.coordination).toBeGreaterThanOrEqual(durationMs(handoff()) - 1);
    expect(written.serialization).toBe(0);
  });

  it('counts tokens once per model call (on the provider span), attributed to the agent that made it', () => {
    const tokens = (agent: string, type: string) =>
      samples(run.metrics, 'agentmeter_llm_tokens_total', { gen_ai_agent_name: agent, gen_ai_token_type: type }).reduce((sum, s) => sum + s.value, 0);
    expect(tokens('triage', 'input')).toBe(1000);
    expect(tokens('order_specialist', 'input')).toBe(2000);
    expect(tokens('order_specialist', 'output')).toBe(200);
    expect(samples(run.metrics, 'agentmeter_tool_duration_count', { gen_ai_tool_name: 'lookup_order' })[0].value).toBe(1);
    expect(samples(run.metrics, 'agentmeter_agent_duration_count', { gen_ai_agent_name: 'triage' })[0].value).toBe(1);
  });

  it('records no content by default: no messages, no tool arguments or results', () => {
    const all = JSON.stringify(own().map((s: ReceivedSpan) => s.attributes));
    expect(all).not.toContain('gen_ai.input.messages');
    expect(all).not.toContain('gen_ai.tool.call.arguments');
    expect(all).not.toContain('Where is order 42');
    expect(all).not.toContain('sk-loopback');
    expect(descendants(run.spans, root()).length).toBeGreaterThanOrEqual(10);
  });
});
