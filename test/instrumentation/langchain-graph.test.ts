import { startLangchainOpenAIServer, type ChatRequest } from '../helpers/langchain-openai-server';
import { OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import path from 'node:path';
import { freePort, jsonLine, parsePrometheus, ROOT, runFixture, type FixtureResult } from '../helpers/spawn-fixture';

/**
 * A LangGraph supervisor with two workers (real @langchain/langgraph,
 * MemorySaver, ChatOpenAI against a loopback server): the supervisor routes
 * to worker_a, then worker_b, then finishes; each worker calls the model,
 * runs its tool and calls the model again. The root span's
 * agentmeter.breakdown.* must account for agents, LLM calls, tools, state
 * I/O and coordination exactly as the exported spans say.
 */
const SCOPE = '@agentmeter/instrumentation-langchain';
const MS = 1e6;

interface GraphRun {
  result: FixtureResult;
  out: any;
  spans: ReceivedSpan[];
  requests: ChatRequest[];
  metrics: string;
}

async function runGraph(script: string, flags: string[] | undefined, scenario = 'graph'): Promise<GraphRun> {
  const server = await startLangchainOpenAIServer({ delayMs: 20 });
  const receiver = new OtlpReceiver();
  const otlp = await receiver.start();
  const port = await freePort();
  let metrics = '';
  try {
    const result = await runFixture(script, {
      flags: flags ?? [],
      timeoutMs: 90_000,
      env: {
        LC_OPENAI_URL: server.url,
        LC_SCENARIO: scenario,
        LC_WAIT: flags ? '1' : undefined,
        OTEL_SERVICE_NAME: 'langgraph-app',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      whenReady: flags
        ? async () => {
            metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
          }
        : undefined,
    });
    return { result, out: jsonLine(result.stdout, 'result').out, spans: receiver.spans, requests: server.requests, metrics };
  } finally {
    await server.close();
    await receiver.stop();
  }
}

/** Sum of span durations in ms (durations are exact; exported start times are whole milliseconds, see below). */
const totalMs = (spans: ReceivedSpan[]) => spans.reduce((sum, s) => sum + Number(s.endNs - s.startNs), 0) / MS;

/** @langchain/core 1.x (root) and 0.3 with @langchain/langgraph 0.4, @langchain/openai 0.6 (test/versions/langchain-v0). */
const variants = [
  { name: 'ESM app with --import @agentmeter/sdk/register', script: 'langchain/app.mjs', flags: ['--import', '@agentmeter/sdk/register'] },
  { name: 'CommonJS app with -r @agentmeter/sdk/register', script: 'langchain/app.cjs', flags: ['-r', '@agentmeter/sdk/register'] },
  { name: 'LangChain 0.3 ESM app', script: path.join(ROOT, 'test/versions/langchain-v0/app.mjs'), flags: ['--import', '@agentmeter/sdk/register'] },
  { name: 'LangChain 0.3 CommonJS app', script: path.join(ROOT, 'test/versions/langchain-v0/app.cjs'), flags: ['-r', '@agentmeter/sdk/register'] },
];

describe.each(variants)('LangGraph supervisor with two workers — $name', ({ script, flags }) => {
  let run: GraphRun;
  let plain: GraphRun;

  beforeAll(async () => {
    [run, plain] = await Promise.all([runGraph(script, flags), runGraph(script, undefined)]);
  }, 120_000);

  const own = () => run.spans.filter(s => s.scope === SCOPE);
  const named = (name: string) => own().filter(s => s.name === name).sort((a, b) => Number(a.startNs - b.startNs));
  const root = () => {
    const [workflow] = named('invoke_workflow research_team');
    return workflow;
  };

  it('leaves the graph run unchanged: same final state as without agentmeter', () => {
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);
    expect(run.out).toEqual(plain.out);
    expect(run.out.messages.map((m: any) => m.content)).toEqual([
      'Research the topic',
      'DONE worker_a: search_docs found facts about worker_a',
      'DONE worker_b: query_db found facts about worker_b',
    ]);
    expect(run.requests).toHaveLength(7);
  });

  it('records the graph invocation as the root `invoke_workflow {graph name}` span', () => {
    expect(named('invoke_workflow research_team')).toHaveLength(1);
    const workflow = root();
    expect(workflow.parentSpanId).toBeUndefined();
    expect(workflow.kind).toBe(1); // SPAN_KIND_INTERNAL
    expect(workflow.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'research_team',
      'gen_ai.conversation.id': 'thread-1',
    });
    // one trace: everything the run did hangs under the graph
    expect(new Set(run.spans.map(s => s.traceId))).toEqual(new Set([workflow.traceId]));
  });

  it('records each node run as `invoke_agent {node}`, in routing order, under the graph', () => {
    const agents = own()
      .filter(s => s.attributes['gen_ai.operation.name'] === 'invoke_agent')
      .sort((a, b) => Number(a.startNs - b.startNs));
    expect(agents.map(a => a.attributes['gen_ai.agent.name'])).toEqual(['supervisor', 'worker_a', 'supervisor', 'worker_b', 'supervisor']);
    for (const agent of agents) expect(agent.parentSpanId).toBe(root().spanId);
    // one after the other (exported starts are whole milliseconds, hence the slack)
    for (let i = 1; i < agents.length; i++) expect(agents[i].startNs).toBeGreaterThanOrEqual(agents[i - 1].endNs - 2_000_000n);
    expect(agents.some(a => a.name.startsWith('invoke_agent __'))).toBe(false);
  });

  it("records each agent's model calls and tool run inside that agent", () => {
    const agents = new Map(own().filter(s => s.attributes['gen_ai.operation.name'] === 'invoke_agent').map(a => [a.spanId, a.attributes['gen_ai.agent.name']]));
    const chats = named('chat gpt-4o-mini');
    expect(chats).toHaveLength(7);
    expect(chats.map(c => agents.get(c.parentSpanId!))).toEqual(['supervisor', 'worker_a', 'worker_a', 'supervisor', 'worker_b', 'worker_b', 'supervisor']);
    for (const chat of chats) expect(chat.attributes).toMatchObject({ 'gen_ai.provider.name': 'openai', 'gen_ai.usage.input_tokens': 1000, 'gen_ai.usage.output_tokens': 100 });
    const [search] = named('execute_tool search_docs');
    const [query] = named('execute_tool query_db');
    expect(agents.get(search.parentSpanId!)).toBe('worker_a');
    expect(agents.get(query.parentSpanId!)).toBe('worker_b');
    expect(search.attributes['gen_ai.tool.call.id']).toBe('call_2');
    expect(query.attributes['gen_ai.tool.call.id']).toBe('call_5');
  });

  it('records checkpointer getTuple/put/putWrites as MemorySaver state I/O under the graph', () => {
    const state = own().filter(s => s.attributes['agentmeter.state.store'] !== undefined);
    const methods = state.map(s => s.attributes['agentmeter.state.method']);
    expect(methods.filter(m => m === 'getTuple')).toHaveLength(1);
    expect(methods.filter(m => m === 'put').length).toBeGreaterThanOrEqual(6); // input + one per step
    expect(methods.filter(m => m === 'putWrites').length).toBeGreaterThanOrEqual(5); // one per node run
    for (const span of state) {
      expect(span.parentSpanId).toBe(root().spanId);
      expect(span.name).toBe(`${span.attributes['agentmeter.state.method']} MemorySaver`);
      expect(span.attributes['agentmeter.state.store']).toBe('MemorySaver');
      expect(span.attributes['agentmeter.state.operation']).toBe(span.attributes['agentmeter.state.method'] === 'getTuple' ? 'read' : 'write');
    }
    const [first] = state.sort((a, b) => Number(a.startNs - b.startNs));
    expect(first.attributes['agentmeter.state.method']).toBe('getTuple');
  });

  it('annotates the root with a breakdown that matches the spans: agents, LLM, tools, state I/O, coordination', () => {
    // As of @opentelemetry/sdk-trace 2.12 a span's exported start is Date.now() (whole ms) while its
    // duration is exact, and the processor places spans on the performance clock; so the breakdown
    // is checked against sums of exact durations, not against a sweep over exported start times.
    // The graph runs one thing at a time: model calls and tools never overlap each other, and each
    // sits inside its agent; checkpointer calls run between and alongside the node runs.
    const workflow = root();
    const attr = (category: string) => workflow.attributes[`agentmeter.breakdown.${category}_ms`] as number;
    const llm = totalMs(named('chat gpt-4o-mini'));
    const tools = totalMs(own().filter(s => s.attributes['gen_ai.operation.name'] === 'execute_tool'));
    const agents = totalMs(own().filter(s => s.attributes['gen_ai.operation.name'] === 'invoke_agent'));
    const state = totalMs(own().filter(s => s.attributes['agentmeter.state.store'] !== undefined));
    const wall = Number(workflow.endNs - workflow.startNs) / MS;
    const EPS = 0.01; // the attributes are rounded to µs

    expect(attr('llm')).toBeCloseTo(llm, 2);
    expect(attr('tool')).toBeCloseTo(tools, 2);
    expect(attr('state')).toBeLessThanOrEqual(state + EPS);
    expect(attr('state')).toBeGreaterThan(0);
    // agent self time: the node runs minus the model and tool time inside them, minus checkpointer time alongside them
    expect(attr('agent')).toBeLessThanOrEqual(agents - llm - tools + EPS);
    expect(attr('agent')).toBeGreaterThanOrEqual(agents - llm - tools - state - EPS);
    // coordination: LangGraph's own time between the node runs, checkpointer calls aside
    expect(attr('coordination')).toBeLessThanOrEqual(wall - agents + EPS);
    expect(attr('coordination')).toBeGreaterThanOrEqual(wall - agents - state - EPS);
    expect(attr('coordination')).toBeGreaterThan(0);
    expect(attr('serialization')).toBe(0);
    const parts = ['coordination', 'agent', 'llm', 'tool', 'state', 'serialization'].map(attr);
    expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(wall, 1);

    // the work the app did shows up where it belongs
    expect(attr('llm')).toBeGreaterThan(7 * 19); // 7 model calls, each ≥ 20 ms at the server
    expect(attr('tool')).toBeGreaterThan(2 * 29); // 2 tools, each sleeping 30 ms
    expect(attr('agent')).toBeGreaterThan(3 * 9); // the supervisor's own 10 ms before each model call
    expect(workflow.attributes['agentmeter.coordination.ratio']).toBeLessThan(0.5);
  });

  it('serves per-agent, per-tool and per-store durations on /metrics', () => {
    const count = (name: string, labels: Record<string, string>) =>
      parsePrometheus(run.metrics)
        .filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0);
    expect(count('agentmeter_agent_duration_count', { gen_ai_agent_name: 'supervisor' })).toBe(3);
    expect(count('agentmeter_agent_duration_count', { gen_ai_agent_name: 'worker_a' })).toBe(1);
    expect(count('agentmeter_agent_duration_count', { gen_ai_agent_name: 'worker_b' })).toBe(1);
    expect(count('agentmeter_tool_duration_count', { gen_ai_tool_name: 'search_docs' })).toBe(1);
    expect(count('agentmeter_state_duration_count', { agentmeter_state_store: 'MemorySaver', agentmeter_state_operation: 'read' })).toBe(1);
    expect(count('agentmeter_state_duration_count', { agentmeter_state_store: 'MemorySaver', agentmeter_state_operation: 'write' })).toBeGreaterThanOrEqual(11);
    expect(count('agentmeter_workflow_duration_count', { gen_ai_workflow_name: 'research_team' })).toBe(1);
  });
});

describe.each(variants)('LangGraph supervisor with prebuilt ReAct agents (subgraphs) as workers — $name', ({ script, flags }) => {
  let run: GraphRun;
  let plain: GraphRun;

  beforeAll(async () => {
    [run, plain] = await Promise.all([runGraph(script, flags, 'subgraphs'), runGraph(script, undefined, 'subgraphs')]);
  }, 120_000);

  const own = () => run.spans.filter(s => s.scope === SCOPE);
  const byId = () => new Map(run.spans.map(s => [s.spanId, s]));
  const agentName = (span: ReceivedSpan | undefined) => span?.attributes['gen_ai.agent.name'];

  it('leaves the graph run unchanged', () => {
    expect(run.result.stderr).toBe('');
    expect(run.result.code).toBe(0);
    expect(run.out).toEqual(plain.out);
    expect(run.out.messages.filter((m: any) => m.type === 'ai' && m.content.startsWith('DONE')).map((m: any) => m.name)).toEqual(['worker_a', 'worker_b']);
  });

  it('makes each worker one agent holding its subgraph nodes, with no extra workflow span for the subgraph', () => {
    const [root, ...others] = own().filter(s => s.attributes['gen_ai.operation.name'] === 'invoke_workflow');
    expect(others).toHaveLength(0);
    expect(root.name).toBe('invoke_workflow research_team');
    const spans = byId();
    const agents = own()
      .filter(s => s.attributes['gen_ai.operation.name'] === 'invoke_agent')
      .sort((a, b) => Number(a.startNs - b.startNs));
    const top = agents.filter(a => a.parentSpanId === root.spanId);
    expect(top.map(agentName)).toEqual(['supervisor', 'worker_a', 'supervisor', 'worker_b', 'supervisor']);
    for (const worker of top.filter(a => agentName(a) !== 'supervisor')) {
      const inner = agents.filter(a => a.parentSpanId === worker.spanId).map(agentName);
      expect(inner).toEqual(['agent', 'tools', 'agent']);
    }
    // the tools and model calls of a worker nest in its subgraph's nodes
    const [search] = own().filter(s => s.name === 'execute_tool search_docs');
    const toolsNode = spans.get(search.parentSpanId!)!;
    expect(agentName(toolsNode)).toBe('tools');
    expect(agentName(spans.get(toolsNode.parentSpanId!))).toBe('worker_a');
    expect(own().filter(s => s.name === 'chat gpt-4o-mini')).toHaveLength(7);
  });

  it("nests the subgraph's checkpointer calls in its worker agent", () => {
    const spans = byId();
    const state = own().filter(s => s.attributes['agentmeter.state.store'] === 'MemorySaver');
    const parents = new Set(state.map(s => agentName(spans.get(s.parentSpanId!)) ?? spans.get(s.parentSpanId!)?.name));
    expect(parents).toEqual(new Set(['invoke_workflow research_team', 'worker_a', 'worker_b']));
  });

  it('accounts for LLM and tool time exactly in the root breakdown', () => {
    const root = own().find(s => s.name === 'invoke_workflow research_team')!;
    const attr = (category: string) => root.attributes[`agentmeter.breakdown.${category}_ms`] as number;
    expect(attr('llm')).toBeCloseTo(totalMs(own().filter(s => s.name === 'chat gpt-4o-mini')), 2);
    expect(attr('tool')).toBeCloseTo(totalMs(own().filter(s => s.attributes['gen_ai.operation.name'] === 'execute_tool')), 2);
    const parts = ['coordination', 'agent', 'llm', 'tool', 'state', 'serialization'].map(attr);
    expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(Number(root.endNs - root.startNs) / MS, 1);
    expect(attr('state')).toBeGreaterThan(0);
    expect(attr('agent')).toBeGreaterThan(0);
  });
});
