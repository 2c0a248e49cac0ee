import { withTool } from '../src/index';
import { CostCalculator } from '../src/pricing/cost';
import { AgentmeterSpanProcessor } from '../src/processor/agentmeter-span-processor';
import { setupInMemoryOtel, type InMemoryOtel } from './helpers/in-memory-otel';

let otel: InMemoryOtel;
let processor: AgentmeterSpanProcessor;
beforeAll(() => {
  processor = new AgentmeterSpanProcessor({
    cost: new CostCalculator(),
    cardinalityLimit: 3,
    eventLoopBlockedMs: 0,
  });
  otel = setupInMemoryOtel([processor]);
  processor.useMeter(otel.meter);
});
afterAll(() => otel.shutdown());

const sum = (points: Array<{ value: any }>) => points.reduce((total, p) => total + (typeof p.value === 'number' ? p.value : p.value.sum), 0);

it('bounds label cardinality: beyond the limit a value becomes _other and the overflow is counted', async () => {
  for (const name of ['t1', 't2', 't3', 't4', 't5']) withTool(name, () => 1);
  const names = (await otel.points('agentmeter.tool.duration')).map(p => p.attributes['gen_ai.tool.name']);
  expect(new Set(names)).toEqual(new Set(['t1', 't2', 't3', '_other']));
  const overflow = await otel.points('agentmeter.cardinality.overflow');
  expect(sum(overflow.filter(p => p.attributes.attribute === 'gen_ai.tool.name'))).toBe(2);
});
