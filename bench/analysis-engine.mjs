/**
 * Throughput of the analysis engine (@agentmeter/analysis) in spans per second on one
 * core, for the trace shapes the SDK sees: 25-span multi-agent requests and 2 000-span
 * long runs. Build first: `npx tsc -b packages/analysis`. Run: `node bench/analysis-engine.mjs`.
 *
 * Each figure is the median of REPETITIONS timed rounds after WARMUP untimed ones. Traces
 * come from a seeded generator (same numbers every run) and are fed in span end order, as
 * a span processor receives them. Target: >= 1 000 000 spans/s for 25-span traces.
 */
import { performance } from 'node:perf_hooks';
import { analyzeTrace } from '../packages/analysis/dist/index.js';

const WARMUP = 3;
const REPETITIONS = 7;
const MS = 1_000_000;

// Small deterministic PRNG (mulberry32): the bench must not depend on Math.random.
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One agent: 2 llm + 3 tool + 2 state in an llm → tools → llm → state loop; returns its end. */
function addAgent(spans, random, parentId, id, name, startNs, extra = 0) {
  const children = [];
  let cursor = startNs + Math.round(random() * 2 * MS);
  const step = (category, operation, spanName, minMs, maxMs, more = {}) => {
    const start = cursor;
    const end = start + Math.round((minMs + random() * (maxMs - minMs)) * MS);
    children.push({ spanId: `${id}.${children.length}`, parentId: id, name: spanName, category, operation, start, end, agent: name, ...more });
    cursor = end + Math.round(random() * 3 * MS);
  };
  step('llm', 'gpt-4o', 'chat gpt-4o', 300, 1500, { tokens: 800, costUsd: 0.004 });
  step('tool', 'search', 'execute_tool search', 50, 400);
  step('tool', 'fetch_page', 'execute_tool fetch_page', 50, 400);
  step('tool', 'extract', 'execute_tool extract', 20, 100);
  step('llm', 'gpt-4o', 'chat gpt-4o', 300, 1500, { tokens: 1200, costUsd: 0.006 });
  step('state', 'redis.get', 'GET', 1, 5);
  step('state', 'redis.set', 'SET', 1, 5);
  if (extra > 0) step('serialization', 'message', 'serialize message', 1, 3);
  const end = cursor + Math.round(random() * 2 * MS);
  spans.push({ spanId: id, parentId, name: `invoke_agent ${name}`, category: 'agent', operation: name, agent: name, start: startNs, end }, ...children);
  return end;
}

/** workflow → agents; parallel agents all start together, sequential ones one after another. */
function makeTrace(random, agentCount, parallel, extra) {
  const spans = [];
  let cursor = Math.round(random() * 5 * MS);
  let latest = cursor;
  for (let a = 0; a < agentCount; a++) {
    const start = parallel ? cursor + Math.round(random() * MS) : cursor;
    const end = addAgent(spans, random, 'root', `a${a}`, `agent-${a % 7}`, start, extra);
    if (!parallel) cursor = end + Math.round(random() * 4 * MS);
    if (end > latest) latest = end;
  }
  if (extra > 0) {
    // The final report is serialized once at the end of long runs.
    spans.push({ spanId: 'report', parentId: 'root', name: 'serialize report', category: 'serialization', operation: 'report', start: latest, end: latest + 2 * MS });
  }
  spans.push({ spanId: 'root', name: 'invoke_workflow research-report', category: 'workflow', operation: 'research-report', start: 0, end: latest + 3 * MS });
  return spans.sort((x, y) => x.end - y.end);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(label, traces, roundsPerRepetition) {
  let sink = 0;
  const spansPerRound = traces.reduce((sum, trace) => sum + trace.length, 0);
  const rates = [];
  for (let r = 0; r < WARMUP + REPETITIONS; r++) {
    const began = performance.now();
    for (let round = 0; round < roundsPerRepetition; round++) {
      for (const trace of traces) sink += analyzeTrace(trace).findings.length;
    }
    const seconds = (performance.now() - began) / 1000;
    if (r >= WARMUP) rates.push((spansPerRound * roundsPerRepetition) / seconds);
  }
  return { label, spansPerTrace: Math.round(spansPerRound / traces.length), medianSpansPerSec: Math.round(median(rates)), minSpansPerSec: Math.round(Math.min(...rates)), maxSpansPerSec: Math.round(Math.max(...rates)), sink };
}

const random = prng(20240601);
const small = Array.from({ length: 1000 }, (_, i) => makeTrace(random, 3, i % 2 === 0, 0));
// 222 agents × (1 agent + 8 children) + a final serialization + root = 2 000 spans.
const large = Array.from({ length: 20 }, (_, i) => makeTrace(random, 222, i % 2 === 0, 1));

const results = [measure('25-span traces', small, 20), measure('2 000-span traces', large, 10)];
process.stdout.write(`analysis engine throughput (node ${process.version}, median of ${REPETITIONS} after ${WARMUP} warm-up rounds)\n`);
process.stdout.write(`${'shape'.padEnd(20)} ${'spans/trace'.padStart(11)} ${'median spans/s'.padStart(15)} ${'min'.padStart(12)} ${'max'.padStart(12)}\n`);
for (const r of results) {
  process.stdout.write(
    `${r.label.padEnd(20)} ${String(r.spansPerTrace).padStart(11)} ${r.medianSpansPerSec.toLocaleString('en-US').padStart(15)} ` +
      `${r.minSpansPerSec.toLocaleString('en-US').padStart(12)} ${r.maxSpansPerSec.toLocaleString('en-US').padStart(12)}\n`,
  );
}
process.stdout.write(
  `${JSON.stringify({ bench: 'analysis-engine', node: process.version, results: results.map(({ sink: _sink, ...r }) => r) })}\n`,
);
