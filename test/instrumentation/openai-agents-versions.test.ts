import path from 'node:path';
import type { Step } from '../helpers/agents-openai-server';
import { ROOT } from '../helpers/spawn-fixture';
import { durationMs, expectedBreakdown, only, runApp, SCOPE, type AppRun } from './openai-agents-harness';

/**
 * The oldest supported line, @openai/agents 0.1.x (openai 5, zod 3; nested in
 * test/versions/openai-agents-v0.1), running the handoff chain and the
 * failure flows of test/fixtures/openai-agents/flows.cjs. 0.1 has no task or
 * turn spans and keeps the request model private.
 */
const APP = (ext: string) => path.join(ROOT, 'test', 'versions', 'openai-agents-v0.1', `app.${ext}`);
const V01 = [
  { name: 'ESM, @openai/agents 0.1.x', script: APP('mjs'), flags: ['--import', '@agentmeter/sdk/register'] },
  { name: 'CommonJS, @openai/agents 0.1.x', script: APP('cjs'), flags: ['-r', '@agentmeter/sdk/register'] },
];
const SCRIPTS: Record<string, Step[]> = {
  handoff: [
    { call: 'transfer_to_order_specialist', args: { reason: 'order status' }, delayMs: 30 },
    { call: 'lookup_order', args: { orderId: '42' }, delayMs: 30 },
    { text: 'Order 42 has shipped.', delayMs: 30 },
  ],
  'model-500': [{ status: 500 }],
  'tool-error': [{ call: 'check_inventory', args: { sku: 'A1' } }, { text: 'The stock check failed, sorry.' }],
  'tool-fatal': [{ call: 'check_inventory', args: { sku: 'A1' } }],
  tripwire: [],
};

describe.each(V01)('$name', ({ script, flags }) => {
  let chain: AppRun;
  let failures: AppRun;
  let plainFailures: AppRun;

  beforeAll(async () => {
    [chain, failures, plainFailures] = await Promise.all([
      runApp(script, flags, 'handoffChain', SCRIPTS),
      runApp(script, flags, 'failures', SCRIPTS),
      runApp(script, undefined, 'failures', SCRIPTS),
    ]);
  }, 120_000);

  const own = (r: AppRun) => r.spans.filter(s => s.scope === SCOPE);

  it('runs against the nested 0.1.x copy', () => {
    expect(chain.result.code).toBe(0);
    expect(chain.result.stdout).toMatch(/"version":"0\.1\.\d+"/);
    expect(chain.out).toEqual({ finalOutput: 'Order 42 has shipped.', lastAgent: 'order_specialist' });
  });

  it('builds the same span tree: workflow, agents, handoff, chat spans with usage, the tool with its body nested', () => {
    const root = only(chain.spans, 'POST /support');
    const workflow = only(own(chain), 'invoke_workflow Agent workflow');
    const triage = only(own(chain), 'invoke_agent triage');
    const specialist = only(own(chain), 'invoke_agent order_specialist');
    const handoff = only(own(chain), 'handoff triage -> order_specialist');
    const tool = only(own(chain), 'execute_tool lookup_order');
    expect(workflow.parentSpanId).toBe(root.spanId);
    expect([triage.parentSpanId, specialist.parentSpanId, handoff.parentSpanId]).toEqual([workflow.spanId, workflow.spanId, workflow.spanId]);
    expect(tool.parentSpanId).toBe(specialist.spanId);
    expect(only(chain.spans, 'read orders-db').parentSpanId).toBe(tool.spanId);
    const chats = own(chain).filter(s => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(chats).toHaveLength(3);
    for (const chat of chats) {
      expect(chat.attributes).toMatchObject({ 'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 100 });
      expect([triage.spanId, specialist.spanId]).toContain(chat.parentSpanId);
    }
    const written = root.attributes['agentmeter.breakdown.coordination_ms'] as number;
    expect(written).toBeGreaterThanOrEqual(durationMs(handoff) - 1);
    const expected = expectedBreakdown(chain.spans, root);
    // exported starts are whole ms (Date.now()); the processor's are on the performance clock
    for (const c of ['llm', 'tool', 'agent', 'coordination']) {
      expect(Math.abs((root.attributes[`agentmeter.breakdown.${c}_ms`] as number) - expected[c])).toBeLessThan(2);
    }
  });

  it('fails the same spans with the same error types, and the app sees what it sees without agentmeter', () => {
    expect(failures.out).toEqual(plainFailures.out);
    const type = (name: string) => only(own(failures), name).attributes['error.type'];
    expect(type('invoke_workflow model-500')).toBe('InternalServerError');
    expect(type('invoke_workflow tool-fatal')).toBe('ToolCallError');
    expect(type('invoke_workflow tripwire')).toBe('InputGuardrailTripwireTriggered');
    const toolErrors = own(failures).filter(s => s.name === 'execute_tool check_inventory').map(s => s.attributes['error.type']);
    expect(toolErrors).toEqual(['InventoryUnavailableError', 'InventoryUnavailableError']);
  });
});
