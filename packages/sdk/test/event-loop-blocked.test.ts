import type { TraceAnalysis } from '@agentmeter/analysis';
import { withAgent, withTool, withWorkflow } from '../src/index';
import { CostCalculator } from '../src/pricing/cost';
import { AgentmeterSpanProcessor } from '../src/processor/agentmeter-span-processor';
import { collectPoints, setupInMemoryOtel, type InMemoryOtel } from './helpers/in-memory-otel';

const analyses: TraceAnalysis[] = [];
let otel: InMemoryOtel;
beforeAll(() => {
  const processor = new AgentmeterSpanProcessor({ cost: new CostCalculator(), eventLoopBlockedMs: 50, onTrace: a => analyses.push(a) });
  otel = setupInMemoryOtel([processor]);
  processor.useMeter(otel.meter);
});
afterAll(() => otel.shutdown());

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

it('flags synchronous work that blocks the event loop inside an async tool, on that tool', async () => {
  await sleep(60); // let the loop monitor tick
  await withWorkflow('blocking', () =>
    withAgent('parser', async () => {
      await withTool('fetch', () => sleep(10));
      await withTool('parse_pdf', async () => {
        await sleep(1);
        const until = performance.now() + 150;
        while (performance.now() < until) {
          // synchronous parsing in async code
        }
      });
      await sleep(60); // the monitor notices the stall on its next tick
    }),
  );
  await sleep(0);
  const blocked = analyses[0].findings.filter(f => f.rule === 'event-loop-blocked');
  expect(blocked).toHaveLength(1);
  expect(blocked[0].operation).toBe('parse_pdf');
  expect(blocked[0].estimatedSavingMs).toBeGreaterThan(100);
  expect(blocked[0].estimatedSavingMs).toBeLessThan(200);
  const delays = await collectPoints(otel.reader, 'agentmeter.event_loop.delay');
  expect(delays[0].value.max).toBeGreaterThan(0.1);
});
