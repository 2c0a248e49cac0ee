// bench/overhead — per-operation cost of agentmeter's manual API on a simulated
// multi-agent request, against baselines measured in the same process, interleaved:
//   bare        the same async functions, no telemetry
//   otel-spans  raw OTel spans: tracer.startActiveSpan + a discarding BatchSpanProcessor
//   otel+metrics raw OTel spans plus one histogram record and one counter add per operation
//   agentmeter  register() (its span processor: cost, metrics, per-trace analysis; the
//               Prometheus reader) + the same discarding BatchSpanProcessor, via withAgent/withTool/…
// One request = a coordinator workflow, 3 agents, each with 2 LLM calls, 3 tool calls and
// 2 state ops: 25 operations. Reported: µs per operation, medians of the rounds, ratios.
// Usage: node bench/overhead.mjs [--rounds 7] [--requests 2000] [--long 10000,100000] [--json]
import { metrics, trace, SpanKind } from '@opentelemetry/api';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { register, withAgent, withLLM, withState, withTool, withWorkflow } from '@agentmeter/sdk';

const args = Object.fromEntries(process.argv.slice(2).map((a, i, all) => (a.startsWith('--') ? [a.slice(2), all[i + 1]] : [])).filter(e => e.length));
const ROUNDS = Number(args.rounds ?? 7);
const REQUESTS = Number(args.requests ?? 2000);
const LONG = (args.long ?? '10000,100000').split(',').filter(Boolean).map(Number);
const OPS_PER_REQUEST = 25;

class DiscardExporter {
  export(_spans, done) { done({ code: 0 }); }
  shutdown() { return Promise.resolve(); }
  forceFlush() { return Promise.resolve(); }
}
class PullReader extends MetricReader {
  onShutdown() { return Promise.resolve(); }
  onForceFlush() { return Promise.resolve(); }
}

// agentmeter: the real register(), Prometheus reader on a loopback port nobody scrapes.
const handle = register({
  serviceName: 'bench',
  prometheus: { port: 19000 + (process.pid % 1000), host: '127.0.0.1' },
  spanProcessors: [new BatchSpanProcessor({ exporter: new DiscardExporter() })],
  analysis: { eventLoopBlockedMs: 0, enabled: process.env.AGENTMETER_ANALYSIS !== 'false' },
});

// Baselines: the SDK's own providers, not registered globally (the context manager is the one register() installed).
const rawProvider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: new DiscardExporter() })] });
const rawTracer = rawProvider.getTracer('bench-raw');
const meterProvider = new MeterProvider({ readers: [new PullReader()] });
const meter = meterProvider.getMeter('bench-raw');
const histogram = meter.createHistogram('bench.duration', { unit: 's' });
const counter = meter.createCounter('bench.calls');

const work = async () => {};

function rawSpan(withMetrics) {
  return (name, kind, attributes, fn) =>
    rawTracer.startActiveSpan(name, { kind, attributes }, async span => {
      const started = performance.now();
      try {
        return await fn();
      } finally {
        span.end();
        if (withMetrics) {
          histogram.record((performance.now() - started) / 1000, attributes);
          counter.add(1, attributes);
        }
      }
    });
}

function rawRequest(spanFn) {
  const op = (name, kind, attrs) => spanFn(name, kind, attrs, work);
  return spanFn('invoke_workflow report', SpanKind.INTERNAL, { 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'report' }, async () => {
    for (const agent of ['research', 'data', 'writer']) {
      await spanFn(`invoke_agent ${agent}`, SpanKind.INTERNAL, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': agent }, async () => {
        for (let i = 0; i < 2; i++) await op('chat gpt-4o-mini', SpanKind.CLIENT, { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' });
        for (let i = 0; i < 3; i++) await op('execute_tool search', SpanKind.INTERNAL, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' });
        for (let i = 0; i < 2; i++) await op('read session', SpanKind.INTERNAL, { 'agentmeter.state.store': 'session', 'agentmeter.state.operation': 'read' });
      });
    }
  });
}

const usage = { model: 'gpt-4o-mini', usage: { prompt_tokens: 1200, completion_tokens: 300 } };
const llmSpec = { provider: 'openai', model: 'gpt-4o-mini' };
const stateSpec = { store: 'session', operation: 'read' };
const reply = async () => usage;

function agentmeterRequest() {
  return withWorkflow('report', async () => {
    for (const agent of ['research', 'data', 'writer']) {
      await withAgent(agent, async () => {
        for (let i = 0; i < 2; i++) await withLLM(llmSpec, reply);
        for (let i = 0; i < 3; i++) await withTool('search', work);
        for (let i = 0; i < 2; i++) await withState(stateSpec, work);
      });
    }
  });
}

async function bareRequest() {
  const call = fn => fn();
  return call(async () => {
    for (let a = 0; a < 3; a++) {
      await call(async () => {
        for (let i = 0; i < 2; i++) await call(reply);
        for (let i = 0; i < 3; i++) await call(work);
        for (let i = 0; i < 2; i++) await call(work);
      });
    }
  });
}

const variants = {
  bare: bareRequest,
  'otel-spans': () => rawRequest(rawSpan(false)),
  'otel+metrics': () => rawRequest(rawSpan(true)),
  agentmeter: agentmeterRequest,
};

async function timeRun(fn, requests) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < requests; i++) await fn();
  return Number(process.hrtime.bigint() - started) / 1000 / (requests * OPS_PER_REQUEST); // µs per operation
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// warm-up: JIT, caches, price table
for (const fn of Object.values(variants)) await timeRun(fn, 500);

const samples = Object.fromEntries(Object.keys(variants).map(k => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = Object.keys(variants);
  if (round % 2) order.reverse();
  for (const name of order) samples[name].push(await timeRun(variants[name], REQUESTS));
}
const result = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));

const long = {};
for (const requests of LONG) long[requests] = await timeRun(agentmeterRequest, requests);
const rssMb = process.memoryUsage().rss / 1024 / 1024;

const fmt = n => n.toFixed(2).padStart(8);
console.log(`bench/overhead — ${ROUNDS} interleaved rounds × ${REQUESTS} requests × ${OPS_PER_REQUEST} operations, node ${process.version}`);
console.log('variant          µs/op   (median; per-round: min–max)');
for (const [name, values] of Object.entries(samples)) {
  console.log(`${name.padEnd(14)} ${fmt(result[name])}   (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`);
}
const overBare = v => result[v] - result.bare;
console.log(`\nadded cost per operation over bare: otel-spans ${overBare('otel-spans').toFixed(2)} µs, otel+metrics ${overBare('otel+metrics').toFixed(2)} µs, agentmeter ${overBare('agentmeter').toFixed(2)} µs`);
console.log(`ratio agentmeter / otel+metrics: ${(result.agentmeter / result['otel+metrics']).toFixed(3)} (target ≤ 1.2)`);
console.log(`ratio agentmeter / otel-spans:   ${(result.agentmeter / result['otel-spans']).toFixed(3)}`);
for (const [requests, us] of Object.entries(long)) console.log(`agentmeter over ${requests} requests: ${us.toFixed(2)} µs/op`);
console.log(`rss at end: ${rssMb.toFixed(0)} MB`);
if (args.json !== undefined || process.argv.includes('--json')) {
  console.log(JSON.stringify({ bench: 'overhead', node: process.version, rounds: ROUNDS, requests: REQUESTS, usPerOp: result, long, rssMb }));
}
await handle.shutdown();
await rawProvider.shutdown();
await meterProvider.shutdown();
