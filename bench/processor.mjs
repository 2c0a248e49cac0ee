// bench/processor — what the per-trace analysis adds per span on top of the foundation pipeline.
// Two pipelines in one process, interleaved, the OTel SDK's own TracerProvider and MeterProvider:
//   foundation  AgentmeterSpanProcessor({ analyze: false }): cost + per-operation metrics
//   analysis    AgentmeterSpanProcessor({ analyze: true }):  + trace buffer, engine, root annotations,
//               per-workflow metrics
// Each with the same discarding BatchSpanProcessor, driven by tracer.startActiveSpan with the span
// names and attributes the manual API produces (workflow → 3 agents × (2 llm + 3 tool + 2 state)).
// Reported: µs per span for each, the difference (target ≤ 1 µs median), medians of the rounds.
// Usage: node bench/processor.mjs [--rounds 21] [--requests 2000] [--json]
import { context, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { AgentmeterSpanProcessor } from '@agentmeter/sdk';
import { CostCalculator } from '../packages/sdk/dist/pricing/cost.js';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
// 21 rounds: single rounds of this bench move by ±0.4 µs/span with GC timing, so the median needs many
const ROUNDS = option('rounds', 21);
const REQUESTS = option('requests', 2000);
const SPANS_PER_REQUEST = 25;

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
class DiscardExporter {
  export(_spans, done) { done({ code: 0 }); }
  shutdown() { return Promise.resolve(); }
}
class PullReader extends MetricReader {
  onShutdown() { return Promise.resolve(); }
  onForceFlush() { return Promise.resolve(); }
}

function pipeline(analyze) {
  const meterProvider = new MeterProvider({ readers: [new PullReader()] });
  const processor = new AgentmeterSpanProcessor({ cost: new CostCalculator(), analyze, eventLoopBlockedMs: 0 });
  processor.useMeter(meterProvider.getMeter('@agentmeter/sdk'));
  const tracerProvider = new TracerProvider({
    spanProcessors: [processor, new BatchSpanProcessor({ exporter: new DiscardExporter() })],
  });
  return { tracer: tracerProvider.getTracer('@agentmeter/sdk'), shutdown: () => Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]) };
}

const usage = { 'gen_ai.usage.input_tokens': 1200, 'gen_ai.usage.output_tokens': 300 };
function request(tracer) {
  const span = (name, kind, attributes, fn) =>
    tracer.startActiveSpan(name, { kind, attributes }, async s => {
      try {
        return await fn(s);
      } finally {
        s.end();
      }
    });
  return span('invoke_workflow report', SpanKind.INTERNAL, { 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'report' }, async () => {
    for (const agent of ['research', 'data', 'writer']) {
      await span(`invoke_agent ${agent}`, SpanKind.INTERNAL, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent }, async () => {
        for (let i = 0; i < 2; i++) {
          await span('chat gpt-4o-mini', SpanKind.CLIENT, { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' }, async s => s.setAttributes(usage));
        }
        for (let i = 0; i < 3; i++) await span('execute_tool search', SpanKind.INTERNAL, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' }, async () => {});
        for (let i = 0; i < 2; i++) await span('read session', SpanKind.INTERNAL, { 'agentmeter.state.store': 'session', 'agentmeter.state.operation': 'read' }, async () => {});
      });
    }
  });
}

async function timeRun(tracer, requests) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < requests; i++) await request(tracer);
  return Number(process.hrtime.bigint() - started) / 1000 / (requests * SPANS_PER_REQUEST);
}
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const foundation = pipeline(false);
const analysis = pipeline(true);
await timeRun(foundation.tracer, 500);
await timeRun(analysis.tracer, 500);
const samples = { foundation: [], analysis: [], added: [] };
for (let round = 0; round < ROUNDS; round++) {
  const pair = round % 2 ? [['analysis', analysis], ['foundation', foundation]] : [['foundation', foundation], ['analysis', analysis]];
  const got = {};
  for (const [name, p] of pair) got[name] = await timeRun(p.tracer, REQUESTS);
  samples.foundation.push(got.foundation);
  samples.analysis.push(got.analysis);
  samples.added.push(got.analysis - got.foundation);
}
const result = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
console.log(`bench/processor — ${ROUNDS} interleaved rounds × ${REQUESTS} traces × ${SPANS_PER_REQUEST} spans, node ${process.version}`);
console.log(`foundation pipeline  ${result.foundation.toFixed(2)} µs/span`);
console.log(`with analysis        ${result.analysis.toFixed(2)} µs/span`);
const spread = [...samples.added].sort((a, b) => a - b);
const quartile = q => spread[Math.floor((spread.length - 1) * q)];
console.log(`added by analysis    ${result.added.toFixed(2)} µs/span (median of per-round differences; target ≤ 1)`);
console.log(`  per-round differences: min ${spread[0].toFixed(2)}, quartiles ${quartile(0.25).toFixed(2)} / ${quartile(0.75).toFixed(2)}, max ${spread[spread.length - 1].toFixed(2)}`);
if (args.includes('--json')) console.log(JSON.stringify({ bench: 'processor', node: process.version, usPerSpan: result }));
await foundation.shutdown();
await analysis.shutdown();
