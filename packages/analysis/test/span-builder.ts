import type { SpanCategory, SpanRecord } from '../src/span-record.js';

/** Tests write times in milliseconds; the engine takes integer nanoseconds. */
export const MS = 1_000_000;

export type SpanExtra = Partial<Omit<SpanRecord, 'spanId' | 'parentId' | 'category' | 'start' | 'end'>>;

/**
 * A SpanRecord from compact arguments, times in ms. The name defaults to the id, so
 * operation (operation ?? name) is the id unless given.
 */
export function span(
  spanId: string,
  parentId: string | undefined,
  category: SpanCategory,
  startMs: number,
  endMs: number,
  extra: SpanExtra = {},
): SpanRecord {
  return {
    spanId,
    ...(parentId === undefined ? {} : { parentId }),
    name: spanId,
    category,
    start: Math.round(startMs * MS),
    end: Math.round(endMs * MS),
    ...extra,
  };
}

/** The workflow root used by most tests: `root`, [0, endMs]. */
export function root(endMs: number, operation = 'coordinator', startMs = 0): SpanRecord {
  return span('root', undefined, 'workflow', startMs, endMs, { name: `invoke_workflow ${operation}`, operation });
}

/** Deterministic Fisher–Yates shuffle (mulberry32), for order-independence checks without fast-check. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
