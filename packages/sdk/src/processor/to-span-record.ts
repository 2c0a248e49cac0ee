import { SpanStatusCode, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SpanCategory, SpanRecord } from '@agentmeter/analysis';
import {
  ATTR_AGENTMETER_COST_USD,
  ATTR_AGENTMETER_SEQUENTIAL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '../semconv.js';

/** Nanoseconds of an HrTime relative to whole second `originSec`: exact in a double for ~104 days. */
export function relativeNanos(time: HrTime, originSec: number): number {
  return (time[0] - originSec) * 1e9 + time[1];
}

/** ReadableSpan → the engine's SpanRecord (a compact copy: no attributes object kept). */
export function toSpanRecord(
  span: ReadableSpan,
  category: SpanCategory,
  operation: string,
  agent: string | undefined,
  originSec: number,
  isRoot: boolean,
): SpanRecord {
  const a = span.attributes;
  const parent = span.parentSpanContext;
  let tokens = 0;
  let costUsd: number | undefined;
  if (category === 'llm') {
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
    start: relativeNanos(span.startTime, originSec),
    end: relativeNanos(span.endTime, originSec),
    error: span.status.code === SpanStatusCode.ERROR,
    operation,
    agent,
    dependsOnPrevious: a[ATTR_AGENTMETER_SEQUENTIAL] === true,
    tokens,
    costUsd,
  };
}
