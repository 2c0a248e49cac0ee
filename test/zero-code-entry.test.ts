import { OtlpReceiver, type ReceivedSpan } from './helpers/otlp-receiver';
import { freePort, jsonLine, parsePrometheus, runFixture } from './helpers/spawn-fixture';

const variants = [
  { name: 'ESM app with --import @agentmeter/sdk/register', script: 'multi-agent.mjs', flags: ['--import', '@agentmeter/sdk/register'] },
  { name: 'CommonJS app with -r @agentmeter/sdk/register', script: 'multi-agent.cjs', flags: ['-r', '@agentmeter/sdk/register'] },
];

describe.each(variants)('$name', ({ script, flags }) => {
  const receiver = new OtlpReceiver();
  let metricsText = '';
  let result: Awaited<ReturnType<typeof runFixture>>;

  beforeAll(async () => {
    const otlp = await receiver.start();
    const port = await freePort();
    result = await runFixture(script, {
      flags,
      env: {
        OTEL_SERVICE_NAME: 'it-service',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      whenReady: async () => {
        metricsText = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      },
    });
  });
  afterAll(() => receiver.stop());

  const sample = (name: string, labels: Record<string, string>) =>
    parsePrometheus(metricsText).filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  const span = (name: string): ReceivedSpan => {
    const found = receiver.spans.filter(s => s.name === name);
    expect(found).toHaveLength(1);
    return found[0];
  };

  it('runs the app unchanged: exit 0, the thrown error reaches the app as the same object', () => {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(jsonLine(result.stdout, 'ready').errors).toEqual(['same-error']);
  });

  it('serves token counters with exact values and agent/model/type labels on /metrics', () => {
    const tokens = (agent: string, type: string) =>
      sample('agentmeter_llm_tokens_total', { gen_ai_agent_name: agent, gen_ai_request_model: 'gpt-4o-mini', gen_ai_token_type: type });
    expect(tokens('research', 'input')[0].value).toBe(1000);
    expect(tokens('research', 'output')[0].value).toBe(100);
    expect(tokens('research', 'cache_read')[0].value).toBe(400);
    expect(tokens('writer', 'input')[0].value).toBe(50);
    expect(tokens('writer', 'output')[0].value).toBe(20);
  });

  it('prices gpt-4o-mini with its cached-input rate', () => {
    // 600 uncached × $0.15/M + 400 cached × $0.075/M + 100 output × $0.60/M
    const cost = sample('agentmeter_llm_cost_total', { gen_ai_agent_name: 'research', gen_ai_request_model: 'gpt-4o-mini' });
    expect(cost[0].value).toBeCloseTo(0.00018, 10);
  });

  it('records durations per agent, tool (with error.type) and state store/operation', () => {
    expect(sample('agentmeter_agent_duration_count', { gen_ai_agent_name: 'research' })[0].value).toBe(1);
    expect(sample('agentmeter_tool_duration_count', { gen_ai_tool_name: 'search' })[0].value).toBe(1);
    expect(sample('agentmeter_tool_duration_count', { gen_ai_tool_name: 'publish', error_type: 'Error' })[0].value).toBe(1);
    expect(sample('agentmeter_state_duration_count', { agentmeter_state_store: 'redis', agentmeter_state_operation: 'write' })[0].value).toBe(1);
    const genai = sample('gen_ai_client_operation_duration_count', { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai' });
    expect(genai.reduce((sum, s) => sum + s.value, 0)).toBe(2);
    const usage = sample('gen_ai_client_token_usage_sum', { gen_ai_token_type: 'input', gen_ai_request_model: 'gpt-4o-mini' });
    expect(usage.reduce((sum, s) => sum + s.value, 0)).toBe(1050);
  });

  it('records the per-request analysis under the workflow label', () => {
    expect(sample('agentmeter_workflow_duration_count', { gen_ai_workflow_name: 'report' })[0].value).toBe(1);
    const categories = sample('agentmeter_workflow_time_total', { gen_ai_workflow_name: 'report' });
    const total = categories.reduce((sum, s) => sum + s.value, 0);
    const duration = sample('agentmeter_workflow_duration_sum', { gen_ai_workflow_name: 'report' })[0].value;
    expect(total).toBeCloseTo(duration, 6);
    expect(sample('target_info', { service_name: 'it-service' })).toHaveLength(1);
  });

  it('exports the span tree over OTLP with GenAI semconv names, kinds, parents and attributes', () => {
    const root = span('invoke_workflow report');
    const research = span('invoke_agent research');
    const writer = span('invoke_agent writer');
    expect(root.parentSpanId).toBeUndefined();
    expect(root.attributes['gen_ai.operation.name']).toBe('invoke_workflow');
    expect(research.parentSpanId).toBe(root.spanId);
    expect(writer.parentSpanId).toBe(root.spanId);
    expect(research.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'research', 'gen_ai.agent.id': 'agent-1' });
    // parallel Promise.all branches both hang under research
    expect(span('execute_tool search').parentSpanId).toBe(research.spanId);
    expect(span('execute_tool fetch_page').parentSpanId).toBe(research.spanId);
    expect(span('execute_tool fetch_page').attributes['gen_ai.tool.call.id']).toBe('call_1');
    expect(span('write redis').attributes).toMatchObject({ 'agentmeter.state.store': 'redis', 'agentmeter.state.operation': 'write' });

    const chats = receiver.spans.filter(s => s.name === 'chat gpt-4o-mini');
    expect(chats).toHaveLength(2);
    const [first, streamed] = chats.sort((a, b) => Number(a.startNs - b.startNs));
    expect(first.kind).toBe(3); // SPAN_KIND_CLIENT
    expect(first.parentSpanId).toBe(research.spanId);
    expect(first.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 100,
      'gen_ai.usage.cache_read.input_tokens': 400,
    });
    expect(first.attributes['agentmeter.cost.usd']).toBeCloseTo(0.00018, 10);
    expect(streamed.parentSpanId).toBe(writer.spanId);
    expect(streamed.attributes['gen_ai.usage.input_tokens']).toBe(50);
    expect(typeof streamed.attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
    // the stream span ends only after the stream was consumed (it includes the 2 ms pause)
    expect(Number(streamed.endNs - streamed.startNs)).toBeGreaterThan(1_500_000);

    const publish = span('execute_tool publish');
    expect(publish.status.code).toBe(2); // STATUS_CODE_ERROR
    expect(publish.attributes['error.type']).toBe('Error');
    expect(JSON.stringify({ ...publish, startNs: 0, endNs: 0 })).not.toContain('tool exploded');
  });

  it('annotates the root span with the breakdown, summing to its duration', () => {
    const root = span('invoke_workflow report');
    const parts = ['coordination', 'agent', 'llm', 'tool', 'state', 'serialization'].map(
      c => root.attributes[`agentmeter.breakdown.${c}_ms`] as number,
    );
    parts.forEach(p => expect(typeof p).toBe('number'));
    const wallMs = Number(root.endNs - root.startNs) / 1e6;
    expect(parts.reduce((a, b) => a + b, 0)).toBeCloseTo(wallMs, 1);
    expect(root.attributes['agentmeter.breakdown.llm_ms'] as number).toBeGreaterThan(5);
    expect(root.resource['service.name']).toBe('it-service');
  });
});
