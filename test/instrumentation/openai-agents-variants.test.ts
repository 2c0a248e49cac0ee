import { RESPONSE_MODEL, type Step } from '../helpers/agents-openai-server';
import type { ReceivedSpan } from '../helpers/otlp-receiver';
import { descendants, durationMs, only, runApp, SCOPE, VARIANTS, type AppRun } from './openai-agents-harness';

/**
 * Fixture flow `variants`, with no application span around it (the SDK's
 * trace becomes the local root): a streamed run (Responses API over SSE)
 * with a tool call, on a Runner with a workflow name and group id; then a
 * run on the Chat Completions model. The OpenAI client's fetch opens a
 * probe span, to see which span is active while the model is called.
 */
const SCRIPTS: Record<string, Step[]> = {
  stream: [
    { call: 'issue_refund', args: { orderId: '7' }, delayMs: 20 },
    { text: 'Refunded order 7 for you.', delayMs: 20, usage: { input: 1200, cached: 0, output: 30 } },
  ],
  chat: [{ text: 'Hello there!', delayMs: 10 }],
};

describe.each(VARIANTS)('OpenAI Agents SDK streamed run and Chat Completions model — $name', ({ script, flags }) => {
  let run: AppRun;
  let plain: AppRun;

  beforeAll(async () => {
    [run, plain] = await Promise.all([runApp(script, flags, 'variants', SCRIPTS), runApp(script, undefined, 'variants', SCRIPTS)]);
  }, 120_000);

  const own = () => run.spans.filter(s => s.scope === SCOPE);
  const tree = (workflowName: string) => {
    const workflow = only(own(), `invoke_workflow ${workflowName}`);
    return { workflow, spans: descendants(run.spans, workflow) };
  };
  const chatsOf = (spans: ReceivedSpan[]) =>
    spans.filter(s => s.scope === SCOPE && s.attributes['gen_ai.operation.name'] === 'chat').sort((a, b) => Number(a.startNs - b.startNs));

  it('leaves the app unchanged: the streamed events, the answers and stderr are those of the run without agentmeter', () => {
    expect(run.result.code).toBe(0);
    expect(run.out).toEqual(plain.out);
    expect(run.result.stderr).toBe(plain.result.stderr);
    expect(run.out.streamed).toBe('Refunded order 7 for you.');
    expect(run.out.deltas).toBeGreaterThan(1);
    expect(run.out.chat).toBe('Hello there!');
  });

  it('makes the SDK trace the root when no span is active, named by the workflow, with the group id as conversation id and the breakdown', () => {
    const { workflow } = tree('refund flow');
    expect(workflow.parentSpanId).toBeUndefined();
    expect(workflow.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'refund flow',
      'gen_ai.conversation.id': 'conv-7',
    });
    const parts = ['coordination', 'agent', 'llm', 'tool', 'state', 'serialization'].map(c => workflow.attributes[`agentmeter.breakdown.${c}_ms`] as number);
    expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(durationMs(workflow), 1);
    expect(workflow.attributes['agentmeter.breakdown.llm_ms'] as number).toBeGreaterThanOrEqual(2 * 19);
  });

  it('records streamed model calls with the usage of the final response.completed event', () => {
    const { spans } = tree('refund flow');
    const agent = only(spans, 'invoke_agent refunds', SCOPE);
    const [first, second] = chatsOf(spans);
    expect(chatsOf(spans)).toHaveLength(2);
    for (const chat of [first, second]) {
      expect(chat.parentSpanId).toBe(agent.spanId);
      expect(chat.kind).toBe(3);
      expect(chat.attributes).toMatchObject({ 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': RESPONSE_MODEL });
    }
    expect(first.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 100 });
    expect(second.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 30 });
    expect(only(spans, 'execute_tool issue_refund', SCOPE).parentSpanId).toBe(agent.spanId);
  });

  it('runs each model call with its chat span active: what the HTTP client does nests inside it', () => {
    const { spans } = tree('refund flow');
    const probes = run.spans.filter(s => s.name === 'probe inside model call');
    expect(probes).toHaveLength(2);
    for (const [i, chat] of chatsOf(spans).entries()) {
      expect(descendants(run.spans, chat).map(s => s.spanId)).toContain(probes.sort((a, b) => Number(a.startNs - b.startNs))[i].spanId);
    }
  });

  it('maps the Chat Completions model (a generation span) to a chat span with usage and finish reasons', () => {
    const { workflow, spans } = tree('chat flow');
    expect(workflow.parentSpanId).toBeUndefined();
    const [chat] = chatsOf(spans);
    expect(chatsOf(spans)).toHaveLength(1);
    expect(chat.name).toBe('chat gpt-4o-mini');
    expect(chat.parentSpanId).toBe(only(spans, 'invoke_agent chatter', SCOPE).spanId);
    expect(chat.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': RESPONSE_MODEL,
      'gen_ai.response.id': 'chatcmpl-3',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 100,
      'gen_ai.usage.cache_read.input_tokens': 400,
    });
  });
});
