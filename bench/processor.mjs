// bench/processor — what the per-trace analysis adds per span on top of the foundation pipeline.
// Two pipelines in one process, interleaved, the OTel SDK's own TracerProvider and MeterProvider:
//   foundation  AgentmeterSpanProcessor({ analyze: false }): cost + per-operation metrics
//   analysis    AgentmeterSpanProcessor({ analyze: true }):  + trace buffer, engine, root annotations,
//               per-workflow metrics
// Each with the same discarding BatchSpanProcessor, driven by tracer.startActiveSpan with the span
// names and attributes the manual API produces (workflow → 3 agents × (2 llm + 3 tool + 2 state)).
// The two take turns trace by trace; each trace (request) is timed on its own. Reported: µs per
// span of each (median over traces), the difference (target ≤ 1 µs), and that difference within
// each of 7 consecutive slices of the run (its spread).
// Usage: node bench/processor.mjs [--requests 40000] [--warmup 10000] [--json]
import { context, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { AgentmeterSpanProcessor } from '@agentmeter/sdk';
import { CostCalculator } from '../packages/sdk/dist/pricing/cost.js';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const REQUESTS = option('requests', 40000);
const WARMUP = option('warmup', 10000);
const SLICES = 7;
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

const median = values => Float64Array.from(values).sort()[Math.floor(values.length / 2)];

const foundation = pipeline(false);
const analysis = pipeline(true);
const pipelines = [['foundation', foundation], ['analysis', analysis]];
// Warm-up: both pipelines, alternating, until the JIT has settled.
for (let i = 0; i < WARMUP; i++) await request(pipelines[i % 2][1].tracer);
// The pipelines take turns request by request (each pair starting with the other one), so GC,
// JIT and CPU-frequency drift hit both alike; each request is timed on its own.
const times = { foundation: new Float64Array(REQUESTS), analysis: new Float64Array(REQUESTS) };
for (let i = 0; i < REQUESTS; i++) {
  for (let k = 0; k < 2; k++) {
    const [name, p] = pipelines[(i + k) % 2];
    const started = process.hrtime.bigint();
    await request(p.tracer);
    times[name][i] = Number(process.hrtime.bigint() - started) / 1000 / SPANS_PER_REQUEST;
  }
}
const mean = values => values.reduce((a, b) => a + b, 0) / values.length;
const result = { foundation: median(times.foundation), analysis: median(times.analysis) };
result.added = result.analysis - result.foundation;
// Means include what medians leave out: the GC pauses the analysis' allocations cause.
const means = { foundation: mean(times.foundation), analysis: mean(times.analysis) };
means.added = means.analysis - means.foundation;
// The spread: the same difference within each of SLICES consecutive slices of the run.
const size = Math.floor(REQUESTS / SLICES);
const slices = [];
for (let s = 0; s < SLICES; s++) slices.push(median(times.analysis.subarray(s * size, (s + 1) * size)) - median(times.foundation.subarray(s * size, (s + 1) * size)));
console.log(`bench/processor — ${REQUESTS} traces × ${SPANS_PER_REQUEST} spans per pipeline, pipelines alternating trace by trace, node ${process.version}`);
console.log(`foundation pipeline  ${result.foundation.toFixed(2)} µs/span (median per trace)`);
console.log(`with analysis        ${result.analysis.toFixed(2)} µs/span`);
console.log(`added by analysis    ${result.added.toFixed(2)} µs/span (difference of medians; target ≤ 1)`);
console.log(`  means (GC pauses included): ${means.foundation.toFixed(2)} → ${means.analysis.toFixed(2)} µs/span, added ${means.added.toFixed(2)}`);
console.log(`  per slice of ${size} traces: ${slices.map(v => v.toFixed(2)).join(', ')}`);
if (args.includes('--json')) console.log(JSON.stringify({ bench: 'processor', node: process.version, usPerSpan: result, meanUsPerSpan: means, slices }));
await foundation.shutdown();
await analysis.shutdown();
