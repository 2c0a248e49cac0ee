import { instrumentCache, withTool } from '../../src/index';
import { CostCalculator } from '../../src/pricing/cost';
import { AgentmeterSpanProcessor } from '../../src/processor/agentmeter-span-processor';
import { VERSION } from '../../src/version';
import { setupInMemoryOtel, type InMemoryOtel } from '../helpers/in-memory-otel';

/** The cache counters share the span processor's meter scope and its cardinality-overflow metric. */
let otel: InMemoryOtel;
beforeAll(() => {
  const processor = new AgentmeterSpanProcessor({ cost: new CostCalculator(), cardinalityLimit: 2, eventLoopBlockedMs: 0 });
  otel = setupInMemoryOtel([processor]);
  const { metrics } = require('@opentelemetry/api') as typeof import('@opentelemetry/api');
  processor.useMeter(metrics.getMeter('@agentmeter/sdk', VERSION));
});
afterAll(() => otel.shutdown());

it('counts tool-name and cache-name overflow in one agentmeter.cardinality.overflow stream, cumulatively', async () => {
  for (const name of ['t1', 't2', 't3']) withTool(name, () => 1);
  for (let i = 0; i < 34; i++) instrumentCache(new Map(), { name: `c${i}` }).get('k');
  const overflow = async () => {
    const points = await otel.points('agentmeter.cardinality.overflow');
    const mine = points.filter(p => p.attributes.attribute === 'gen_ai.tool.name' || p.attributes.attribute === 'agentmeter.cache.name');
    return Object.fromEntries(mine.map(p => [p.attributes.attribute, p.value]));
  };
  expect(await overflow()).toEqual({ 'gen_ai.tool.name': 1, 'agentmeter.cache.name': 2 });
  withTool('t4', () => 1);
  instrumentCache(new Map(), { name: 'c99' }).get('k');
  expect(await overflow()).toEqual({ 'gen_ai.tool.name': 2, 'agentmeter.cache.name': 3 });
  const requests = await otel.points('agentmeter.cache.requests');
  expect(requests.find(p => p.attributes['agentmeter.cache.name'] === '_other')?.value).toBe(3);
});
