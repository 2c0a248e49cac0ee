import type { Step } from '../helpers/agents-openai-server';
import type { ReceivedSpan } from '../helpers/otlp-receiver';
import { descendants, only, runApp, SCOPE, VARIANTS, type AppRun } from './openai-agents-harness';

/**
 * Failure paths of the real @openai/agents SDK (fixture flow `failures`),
 * each run once with agentmeter and once without: the model answers 500, a
 * function tool throws (the SDK's default turns it into a message for the
 * model; with `errorFunction: null` the run fails), an input guardrail trips.
 */
const SCRIPTS: Record<string, Step[]> = {
  'model-500': [{ status: 500 }],
  'tool-error': [{ call: 'check_inventory', args: { sku: 'A1' } }, { text: 'The stock check failed, sorry.' }],
  'tool-fatal': [{ call: 'check_inventory', args: { sku: 'A1' } }],
  tripwire: [],
};

describe.each(VARIANTS)('OpenAI Agents SDK failure paths — $name', ({ script, flags }) => {
  let run: AppRun;
  let plain: AppRun;

  beforeAll(async () => {
    [run, plain] = await Promise.all([runApp(script, flags, 'failures', SCRIPTS), runApp(script, undefined, 'failures', SCRIPTS)]);
  }, 120_000);

  /** The spans of one run: its workflow (named after the scenario) and everything under it. */
  const scenario = (name: string) => {
    const workflow = only(run.spans.filter(s => s.scope === SCOPE), `invoke_workflow ${name}`);
    const spans = [workflow, ...descendants(run.spans, workflow)];
    return { workflow, spans, one: (spanName: string) => only(spans, spanName, SCOPE) };
  };
  const failed = (span: ReceivedSpan, type: string) => {
    expect(span.status.code).toBe(2); // ERROR
    expect(span.status.message ?? '').toBe('');
    expect(span.attributes['error.type']).toBe(type);
  };
  const ok = (span: ReceivedSpan) => {
    expect(span.status.code ?? 0).toBe(0);
    expect(span.attributes['error.type']).toBeUndefined();
  };

  it('the app sees exactly what it sees without agentmeter', () => {
    expect(run.result.code).toBe(0);
    expect(run.out).toEqual(plain.out);
    expect(run.result.stderr).toBe(plain.result.stderr);
    expect(run.out['model-500']).toMatchObject({ ok: false, class: 'InternalServerError', status: 500 });
    expect(run.out['tool-error']).toEqual({ ok: true, finalOutput: 'The stock check failed, sorry.' });
    expect(run.out['tool-fatal']).toMatchObject({ ok: false, class: 'ToolCallError', cause: { class: 'InventoryUnavailableError' } });
    expect(run.out.tripwire).toMatchObject({ ok: false, class: 'InputGuardrailTripwireTriggered' });
  });

  it('model 500: the chat span, its agent and the workflow fail with the error class the app caught', () => {
    const { workflow, one } = scenario('model-500');
    failed(one('chat gpt-4o-mini'), 'InternalServerError');
    failed(one('invoke_agent plain'), 'InternalServerError');
    // a failed non-streaming run never ends its SDK trace; the Runner.run wrapper ends the workflow span
    failed(workflow, 'InternalServerError');
  });

  it('a tool that throws (error returned to the model): the tool span fails with the thrown class, the run does not', () => {
    const { workflow, spans, one } = scenario('tool-error');
    failed(one('execute_tool check_inventory'), 'InventoryUnavailableError');
    ok(one('invoke_agent stock'));
    ok(workflow);
    expect(spans.filter(s => s.scope === SCOPE && s.attributes['gen_ai.operation.name'] === 'chat')).toHaveLength(2);
  });

  it('a tool that throws with errorFunction: null: tool span with the thrown class, agent and workflow with the run error', () => {
    const { workflow, one } = scenario('tool-fatal');
    failed(one('execute_tool check_inventory'), 'InventoryUnavailableError');
    failed(one('invoke_agent stock'), 'ToolCallError');
    failed(workflow, 'ToolCallError');
  });

  it('a tripped input guardrail: the guardrail span says triggered; agent and workflow fail with the tripwire error', () => {
    const { workflow, one } = scenario('tripwire');
    const guardrail = one('guardrail blocklist');
    ok(guardrail);
    expect(guardrail.attributes).toEqual({ 'agentmeter.guardrail.name': 'blocklist', 'agentmeter.guardrail.triggered': true });
    failed(one('invoke_agent guarded'), 'InputGuardrailTripwireTriggered');
    failed(workflow, 'InputGuardrailTripwireTriggered');
  });

  it('never records error messages (they may carry user data)', () => {
    const all = JSON.stringify(run.spans.map(s => ({ ...s, startNs: 0, endNs: 0 })));
    expect(all).not.toContain('secret-detail');
    expect(all).not.toContain('The server had an error');
  });
});
