import { withAgent, withLLM, withState, withTool, withWorkflow } from '../src/index';
import { CostCalculator } from '../src/pricing/cost';
import { AgentmeterSpanProcessor } from '../src/processor/agentmeter-span-processor';
import { setupInMemoryOtel, type InMemoryOtel } from './helpers/in-memory-otel';

let otel: InMemoryOtel;
let processor: AgentmeterSpanProcessor;
beforeAll(() => {
  processor = new AgentmeterSpanProcessor({
    cost: new CostCalculator({ 'acme-ft': { inputPerMillion: 10, outputPerMillion: 20 } }),
    eventLoopBlockedMs: 0,
  });
  otel = setupInMemoryOtel([processor]);
  processor.useMeter(otel.meter);
});
afterAll(() => otel.shutdown());

it('puts agentmeter.cost.usd on LLM spans and counts cost by model and enclosing agent', async () => {
  await withWorkflow('w', () =>
    withAgent('research', () =>
      withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => ({ usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } })),
    ),
  );
  expect(otel.span('chat gpt-4o-mini').attributes['agentmeter.cost.usd']).toBeCloseTo(0.15, 12);
  const cost = await otel.points('agentmeter.llm.cost');
  expect(cost).toEqual([{ attributes: { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.agent.name': 'research' }, value: expect.closeTo(0.15, 12) }]);
});

it('prices with a user override and leaves unknown models without cost, counting them', async () => {
  withLLM({ provider: 'acme', model: 'acme-ft' }, () => ({ usage: { prompt_tokens: 1000, completion_tokens: 1000 } }));
  withLLM({ provider: 'acme', model: 'mystery-1' }, () => ({ usage: { prompt_tokens: 1000, completion_tokens: 1000 } }));
  expect(otel.span('chat acme-ft').attributes['agentmeter.cost.usd']).toBeCloseTo(0.03, 12);
  expect(otel.span('chat mystery-1').attributes['agentmeter.cost.usd']).toBeUndefined();
  const unknown = await otel.points('agentmeter.cost.unknown_model');
  expect(unknown).toEqual([{ attributes: { 'gen_ai.request.model': 'mystery-1' }, value: 1 }]);
});

it('records token usage histograms per semconv and token counters by type', async () => {
  withLLM({ provider: 'openai', model: 'o3' }, () => ({
    usage: { prompt_tokens: 100, completion_tokens: 40, prompt_tokens_details: { cached_tokens: 10 }, completion_tokens_details: { reasoning_tokens: 25 } },
  }));
  const usage = (await otel.points('gen_ai.client.token.usage')).filter(p => p.attributes['gen_ai.request.model'] === 'o3');
  expect(usage.map(p => [p.attributes['gen_ai.token.type'], p.value.sum])).toEqual([['input', 100], ['output', 40]]);
  expect(usage[0].attributes).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai' });
  const tokens = (await otel.points('agentmeter.llm.tokens')).filter(p => p.attributes['gen_ai.request.model'] === 'o3');
  expect(Object.fromEntries(tokens.map(p => [p.attributes['gen_ai.token.type'], p.value]))).toEqual({ input: 100, output: 40, cache_read: 10, reasoning: 25 });
});

it('records agent, tool (with error.type) and state durations with their labels', async () => {
  await withAgent('planner', async () => {
    await withTool('search', async () => 1);
    await withTool('search', async () => {
      throw new SyntaxError('bad json');
    }).catch(() => undefined);
    await withState({ store: 'redis', operation: 'read' }, async () => 1);
  });
  const tools = await otel.points('agentmeter.tool.duration');
  expect(tools.map(p => [p.attributes, p.value.count])).toEqual(
    expect.arrayContaining([
      [{ 'gen_ai.tool.name': 'search' }, 1],
      [{ 'gen_ai.tool.name': 'search', 'error.type': 'SyntaxError' }, 1],
    ]),
  );
  const agents = await otel.points('agentmeter.agent.duration');
  expect(agents.find(p => p.attributes['gen_ai.agent.name'] === 'planner')?.value.count).toBe(1);
  const state = await otel.points('agentmeter.state.duration');
  expect(state.map(p => p.attributes)).toContainEqual({ 'agentmeter.state.store': 'redis', 'agentmeter.state.operation': 'read' });
});

it('counts tokens and cost once when an LLM span wraps another (a framework span around a provider SDK span)', async () => {
  const before = (await otel.points('agentmeter.llm.tokens')).filter(p => p.attributes['gen_ai.agent.name'] === 'nested');
  expect(before).toEqual([]);
  await withAgent('nested', () =>
    withLLM({ provider: 'openai', model: 'gpt-4o-mini', operation: 'chat' }, async () =>
      // the framework reports the same usage its provider call reported
      withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => ({ usage: { prompt_tokens: 500, completion_tokens: 50 } })).then(
        reply => reply,
      ),
    ),
  );
  const agentSpan = otel.span('invoke_agent nested');
  const chats = otel.spans().filter(s => s.name === 'chat gpt-4o-mini');
  const outer = chats.find(s => s.parentSpanContext?.spanId === agentSpan.spanContext().spanId)!;
  const inner = chats.find(s => s.parentSpanContext?.spanId === outer.spanContext().spanId)!;
  expect(inner.attributes['agentmeter.cost.usd']).toBeGreaterThan(0);
  expect(outer.attributes['agentmeter.cost.usd']).toBeUndefined();
  const tokens = (await otel.points('agentmeter.llm.tokens')).filter(p => p.attributes['gen_ai.agent.name'] === 'nested');
  expect(Object.fromEntries(tokens.map(p => [p.attributes['gen_ai.token.type'], p.value]))).toEqual({ input: 500, output: 50 });
});

it('annotates the root with the critical path also when no onTrace asks for the full analysis', async () => {
  const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
  await withWorkflow('pathed', () =>
    withAgent('a', async () => {
      await withTool('first', () => sleep(15));
      await withTool('second', () => sleep(15));
    }),
  );
  const root = otel.span('invoke_workflow pathed').attributes;
  const path = root['agentmeter.critical_path'] as string[];
  expect(path[0]).toBe('invoke_agent a');
  expect(path.filter(name => name.startsWith('execute_tool'))).toEqual(['execute_tool first', 'execute_tool second']);
  const wallMs = ['coordination', 'agent', 'llm', 'tool', 'state', 'serialization'].reduce((sum, c) => sum + (root[`agentmeter.breakdown.${c}_ms`] as number), 0);
  // the path runs through the agent and both tools: all of the wall time but the workflow's own
  expect(root['agentmeter.critical_path.ms']).toBeGreaterThanOrEqual(28);
  expect(root['agentmeter.critical_path.ms']).toBeLessThanOrEqual(wallMs - (root['agentmeter.breakdown.coordination_ms'] as number) + 0.01);
});
