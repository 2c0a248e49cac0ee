/**
 * The multi-agent example for the Vercel AI SDK: a generateText tool loop
 * (stopWhen: stepCountIs(5); two parallel get_weather calls, then summarize,
 * then the answer) handing off, after 80 ms of work outside any agent, to a
 * streamText writer, all inside withWorkflow('trip-planner'). The analysis
 * on the root span must attribute the time correctly: checked against the
 * category unions recomputed here from the exported spans, and against what
 * the app did (the 80 ms hand-off is coordination, 4 × 40 ms of server delay
 * is LLM time, 30 + 20 ms of tool work is tool time).
 *
 * The processor times spans with its own high-resolution clock (performance.now()
 * at start, the span's exact duration), while exported start times are whole
 * milliseconds here; so the recomputation may differ by up to 1 ms per span
 * boundary involved, and is compared with that tolerance.
 */
import { AiSdkOpenAIServer } from '../helpers/ai-sdk-openai-server';
import type { ReceivedSpan } from '../helpers/otlp-receiver';
import { childrenOf, describeVariant, durationMs, only, runApp, VARIANTS, type AppRun } from '../fixtures/ai-sdk/harness';

type Interval = [number, number];

/** Merged intervals (ms since the root's start) of these spans, clipped to the root. */
function union(spans: ReceivedSpan[], root: ReceivedSpan): Interval[] {
  const start = Number(root.startNs) / 1e6;
  const end = Number(root.endNs) / 1e6;
  const list = spans
    .map(s => [Math.max(Number(s.startNs) / 1e6, start), Math.min(Number(s.endNs) / 1e6, end)] as Interval)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: Interval[] = [];
  for (const [a, b] of list) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
const length = (intervals: Interval[]) => intervals.reduce((total, [a, b]) => total + (b - a), 0);

function expectNear(got: number, want: number, toleranceMs: number): void {
  expect(Math.abs(got - want)).toBeLessThanOrEqual(toleranceMs);
}

/** Time by category under a root, precedence llm > tool > agent, the rest coordination (DESIGN.md). */
function expectedBreakdown(spans: ReceivedSpan[], root: ReceivedSpan, agentsCount: boolean) {
  const inTrace = spans.filter(s => s.traceId === root.traceId && s !== root);
  const op = (name: string) => inTrace.filter(s => s.attributes['gen_ai.operation.name'] === name);
  const llm = length(union(op('chat'), root));
  const llmOrTool = length(union([...op('chat'), ...op('execute_tool')], root));
  const busy = agentsCount ? length(union([...op('chat'), ...op('execute_tool'), ...op('invoke_agent')], root)) : llmOrTool;
  return { llm, tool: llmOrTool - llm, agent: busy - llmOrTool, coordination: durationMs(root) - busy };
}

const server = new AiSdkOpenAIServer();
let baseURL = '';
beforeAll(async () => {
  baseURL = await server.start();
});
afterAll(() => server.stop());

for (const variant of VARIANTS) {
  describeVariant(variant, () => {
    let run: AppRun;
    beforeAll(async () => {
      run = await runApp(variant, ['tool-loop', 'workflow'], { baseURL });
    }, 120_000);

    const breakdown = (root: ReceivedSpan) => ({
      llm: root.attributes['agentmeter.breakdown.llm_ms'] as number,
      tool: root.attributes['agentmeter.breakdown.tool_ms'] as number,
      agent: root.attributes['agentmeter.breakdown.agent_ms'] as number,
      coordination: root.attributes['agentmeter.breakdown.coordination_ms'] as number,
      state: root.attributes['agentmeter.breakdown.state_ms'] as number,
      serialization: root.attributes['agentmeter.breakdown.serialization_ms'] as number,
    });

    it('runs the app to completion', () => {
      expect(run.result.code).toBe(0);
      expect(run.results.workflow).toEqual({ research: 'Paris is warmer than London today.', writer: 'Hello from the loopback model.' });
    });

    it('a tool loop as the root: LLM and tool time exact, the rest is the SDK\'s own time between steps', () => {
      const root = run.spans.find(s => s.name === 'invoke_agent weather-agent' && s.parentSpanId === undefined)!;
      expect(root).toBeDefined();
      const got = breakdown(root);
      const want = expectedBreakdown(run.spans, root, false);
      expectNear(got.llm, want.llm, 3);
      expectNear(got.tool, want.tool, 3);
      expectNear(got.agent + got.coordination, want.agent + want.coordination, 7);
      expect(got.llm).toBeGreaterThanOrEqual(3 * 40);
      expect(got.tool).toBeGreaterThanOrEqual(30 + 20 - 2);
      expect(got.state + got.serialization).toBe(0);
      const total = Object.values(got).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(durationMs(root), 1);
    });

    it('two agents in a workflow: the hand-off between them is coordination, agents, LLM calls and tools each in their own category', () => {
      const root = only(run.spans, 'invoke_workflow trip-planner');
      expect(root.parentSpanId).toBeUndefined();
      const agents = childrenOf(run.spans, root);
      expect(agents.map(a => a.name)).toEqual(['invoke_agent weather-agent', 'invoke_agent writer']);
      const gap = Number(agents[1].startNs - agents[0].endNs) / 1e6;
      expect(gap).toBeGreaterThanOrEqual(75);

      const got = breakdown(root);
      const want = expectedBreakdown(run.spans, root, true);
      expectNear(got.llm, want.llm, 4);
      expectNear(got.tool, want.tool, 3);
      expectNear(got.agent, want.agent, 10);
      expectNear(got.coordination, want.coordination, 10);
      // what the app did: 80 ms hand-off, four 40 ms LLM replies, 30 ms (parallel) + 20 ms of tools
      expect(got.coordination).toBeGreaterThanOrEqual(gap - 2);
      expect(got.llm).toBeGreaterThanOrEqual(4 * 40);
      expect(got.tool).toBeGreaterThanOrEqual(30 + 20 - 2);
      expect(got.coordination).toBeLessThan(got.llm);
      const total = Object.values(got).reduce((a, b) => a + b, 0);
      expect(total).toBeCloseTo(durationMs(root), 1);
      expect(root.attributes['agentmeter.critical_path']).toEqual(expect.arrayContaining(['invoke_agent weather-agent', 'execute_tool summarize', 'invoke_agent writer']));
    });
  });
}
