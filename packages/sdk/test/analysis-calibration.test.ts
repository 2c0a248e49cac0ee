import type { TraceAnalysis } from '@agentmeter/analysis';
import { withAgent, withLLM, withState, withTool, withWorkflow } from '../src/index';
import { CostCalculator } from '../src/pricing/cost';
import { AgentmeterSpanProcessor } from '../src/processor/agentmeter-span-processor';
import { setupInMemoryOtel, type InMemoryOtel } from './helpers/in-memory-otel';

/**
 * Calibrated accuracy: workloads with injected work of known length go through the
 * real span processor (the OTel SDK's TracerProvider, AgentmeterSpanProcessor), and
 * the analysis is compared with the truth measured independently by the test.
 */
const analyses: TraceAnalysis[] = [];
let otel: InMemoryOtel;
beforeAll(() => {
  const processor = new AgentmeterSpanProcessor({ cost: new CostCalculator(), eventLoopBlockedMs: 0, onTrace: a => analyses.push(a) });
  otel = setupInMemoryOtel([processor]);
  processor.useMeter(otel.meter);
});
afterAll(() => otel.shutdown());

// Steady state, as in a running service: the first spans pay for JIT compilation and the
// first price-table lookup of a model (in the processor, between a span's end and the next).
beforeAll(async () => {
  for (let i = 0; i < 50; i++) {
    await withWorkflow('warm-up', () =>
      withAgent('warm', async () => {
        await withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => ({ usage: { prompt_tokens: 1, completion_tokens: 1 } }));
        await withTool('warm', async () => 1);
        await withState({ store: 'warm', operation: 'read' }, async () => 1);
      }),
    );
  }
  analyses.length = 0;
});

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
/** Synchronous work of a known length (the coordinator's own CPU time); returns what it really took. */
function busy(ms: number): number {
  const started = performance.now();
  while (performance.now() - started < ms) {
    // spin
  }
  return performance.now() - started;
}
/** Runs one workflow and returns its analysis. */
async function analyse(run: () => Promise<unknown>): Promise<TraceAnalysis> {
  analyses.length = 0;
  await run();
  await sleep(0);
  expect(analyses).toHaveLength(1);
  return analyses[0];
}
const ms = (ns: number) => ns / 1e6;
const rules = (analysis: TraceAnalysis) => analysis.findings.map(f => f.rule);

it('measures a sequential coordinator’s own work between delegations within max(2 ms, 1 %) of the truth', async () => {
  let truthMs = 0;
  const analysis = await analyse(() =>
    withWorkflow('sequential', async () => {
      for (const [name, ownWork] of [['research', 12], ['data', 20], ['writer', 8]] as const) {
        truthMs += busy(ownWork);
        await withAgent(name, async () => {
          await withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => sleep(25));
        });
      }
      truthMs += busy(10);
    }),
  );
  const measured = ms(analysis.breakdown.coordination);
  expect(Math.abs(measured - truthMs)).toBeLessThanOrEqual(Math.max(2, truthMs * 0.01));
  const total = Object.values(analysis.breakdown).reduce((a, b) => a + b, 0);
  expect(total).toBe(analysis.wallNs);
});

it('reports a fan-out that could have been parallel, with the saving within 5 % of sum − max', async () => {
  const durations: number[] = [];
  const timed = (delay: number) => async () => {
    const started = performance.now();
    await sleep(delay);
    durations.push(performance.now() - started);
  };
  const analysis = await analyse(() =>
    withWorkflow('fanout', () =>
      withAgent('research', async () => {
        await withTool('search_news', timed(30));
        await withTool('search_papers', timed(45));
        await withTool('search_patents', timed(60));
      }),
    ),
  );
  const fanout = analysis.findings.filter(f => f.rule === 'sequential-fanout');
  expect(fanout).toHaveLength(1);
  const truth = durations.reduce((a, b) => a + b, 0) - Math.max(...durations);
  expect(Math.abs(fanout[0].estimatedSavingMs - truth)).toBeLessThanOrEqual(truth * 0.05);
  expect(fanout[0].operation).toBe('research');
  expect(fanout[0].evidence).toContain('search_papers');
});

it('reports no fan-out for the same workload run with Promise.all', async () => {
  const analysis = await analyse(() =>
    withWorkflow('parallel', () =>
      withAgent('research', () =>
        Promise.all([withTool('search_news', () => sleep(30)), withTool('search_papers', () => sleep(45)), withTool('search_patents', () => sleep(60))]),
      ),
    ),
  );
  expect(rules(analysis)).not.toContain('sequential-fanout');
  expect(analysis.peakConcurrency).toBe(3);
  expect(analysis.parallelism).toBeGreaterThan(1.5);
});

it('reports n-plus-one for a loop of 10 identical tool calls', async () => {
  const analysis = await analyse(() =>
    withWorkflow('loop', () =>
      withAgent('data', async () => {
        for (let i = 0; i < 10; i++) await withTool('get_customer', () => sleep(3));
      }),
    ),
  );
  const nPlusOne = analysis.findings.filter(f => f.rule === 'n-plus-one');
  expect(nPlusOne).toHaveLength(1);
  expect(nPlusOne[0].operation).toBe('get_customer');
  expect(nPlusOne[0].evidence).toMatch(/^10 get_customer calls/);
  expect(rules(analysis)).not.toContain('sequential-fanout');
});

it('reports no findings for a healthy workload (no false positives)', async () => {
  const analysis = await analyse(() =>
    withWorkflow('healthy', async () => {
      busy(2);
      await Promise.all([
        withAgent('planner', async () => {
          // the agent loop: each step depends on the previous one
          await withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => sleep(30));
          await withTool('run_query', () => sleep(40));
          await withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => sleep(30));
        }),
        withAgent('retriever', async () => {
          await withState({ store: 'vector-db', operation: 'read' }, () => sleep(4));
          await withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => sleep(20));
        }),
      ]);
    }),
  );
  expect(analysis.findings).toEqual([]);
  expect(analysis.agents.map(a => a.name).sort()).toEqual(['planner', 'retriever']);
});

it('annotates the root span with the analysis and one event per finding', async () => {
  otel.exporter.reset();
  await analyse(() =>
    withWorkflow('annotated', () =>
      withAgent('data', async () => {
        for (let i = 0; i < 6; i++) await withTool('lookup', () => sleep(2));
      }),
    ),
  );
  const root = otel.span('invoke_workflow annotated');
  expect(root.attributes['agentmeter.findings.count']).toBe(1);
  expect(root.attributes['agentmeter.breakdown.tool_ms']).toBeGreaterThan(10);
  expect(root.attributes['agentmeter.critical_path']).toEqual(expect.arrayContaining(['invoke_agent data', 'execute_tool lookup']));
  expect(root.events.map(e => [e.name, e.attributes?.['agentmeter.rule']])).toEqual([['agentmeter.finding', 'n-plus-one']]);
});

it('analyses a workflow or agent root even with nothing inside, but not a lone LLM, tool or state call', async () => {
  analyses.length = 0;
  await withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => ({ usage: { prompt_tokens: 10, completion_tokens: 2 } }));
  await withTool('lookup', async () => 1);
  await withState({ store: 'cache', operation: 'read' }, async () => 1);
  await sleep(0);
  expect(analyses).toEqual([]);
  const root = otel.spans().filter(s => s.name === 'chat gpt-4o-mini' && s.parentSpanContext === undefined).pop()!;
  expect(root.attributes['agentmeter.breakdown.llm_ms']).toBeUndefined();
  expect(root.attributes['agentmeter.cost.usd']).toBeGreaterThan(0); // per-operation work still done

  await withWorkflow('empty', async () => undefined);
  await withAgent('idle', async () => undefined);
  await sleep(0);
  expect(analyses.map(a => a.workflow)).toEqual(['empty', 'invoke_agent idle']);
  // a root with a single child is analysed
  const one = await analyse(() => withAgent('solo', () => withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, async () => ({}))));
  expect(one.spanCount).toBe(2);
});
