import { SpanStatusCode, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SpanCategory, SpanRecord } from '@agentmeter/analysis';
import {
  ATTR_AGENTMETER_COST_USD,
  ATTR_AGENTMETER_SEQUENTIAL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '../semconv.js';

/**
 * Where a span started on the performance clock (ms since performance.timeOrigin).
 *
 * As of @opentelemetry/sdk-trace 2.12, a span's startTime comes from Date.now() — whole
 * milliseconds — while its duration is measured with performance.now(). Two calls made back
 * to back can therefore "overlap" or leave a gap of up to 1 ms in the exported times, and a
 * child can stick out of its parent by as much. The processor reads the performance clock in
 * onStart (a few µs after the span's construction, the same for every span), and takes that as
 * the start unless the start time was given explicitly (it then differs by more than 2 ms).
 */
export function startOnPerformanceClock(startTime: HrTime, nowPerf: number): number {
  const exported = startTime[0] * 1e3 + startTime[1] / 1e6 - performance.timeOrigin;
  return Math.abs(exported - nowPerf) < 2 ? nowPerf : exported;
}

/** Integer nanoseconds of a duration. */
export function durationNanos(duration: HrTime): number {
  return duration[0] * 1e9 + duration[1];
}

/** ReadableSpan → the engine's SpanRecord (a compact copy: no attributes object kept). */
export function toSpanRecord(
  span: ReadableSpan,
  category: SpanCategory,
  operation: string,
  agent: string | undefined,
  startPerf: number,
  originPerf: number,
  isRoot: boolean,
  /** An LLM span wrapping another LLM span: its tokens and cost are the inner one's, not counted twice. */
  wrapsLLM = false,
): SpanRecord {
  // integer ns relative to the trace origin: exact sums; the end keeps the span's exact duration
  const start = Math.round((startPerf - originPerf) * 1e6);
  const a = span.attributes;
  const parent = span.parentSpanContext;
  let tokens = 0;
  let costUsd: number | undefined;
  if (category === 'llm' && !wrapsLLM) {
    const input = a[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
    const output = a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
    tokens = (typeof input === 'number' ? input : 0) + (typeof output === 'number' ? output : 0);
    const cost = a[ATTR_AGENTMETER_COST_USD];
    if (typeof cost === 'number') costUsd = cost;
  }
  // One object shape for every record (all fields always present), so the
  // engine's loops over records stay monomorphic.
  return {
    spanId: span.spanContext().spanId,
    parentId: isRoot || !parent || parent.isRemote ? undefined : parent.spanId,
    name: span.name,
    category,
    start,
    end: start + durationNanos(span.duration),
    error: span.status.code === SpanStatusCode.ERROR,
    operation,
    agent,
    dependsOnPrevious: a[ATTR_AGENTMETER_SEQUENTIAL] === true,
    tokens,
    costUsd,
  };
}
