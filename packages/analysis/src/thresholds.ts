/**
 * Bottleneck thresholds. Defaults come from the seeds (shared/seeds/): in a healthy
 * multi-agent workflow coordination overhead is 8–15 % of the total time, agent
 * execution 70–85 %, state I/O 3–7 % and message serialization 2–5 %; a share above
 * the top of its band is a finding.
 */

/** Per-category latency budgets in milliseconds; a category left out has no budget. */
export interface CategoryBudgetsMs {
  readonly llm?: number;
  readonly tool?: number;
  readonly state?: number;
  readonly agent?: number;
  readonly serialization?: number;
}

export interface Thresholds {
  /** Coordination share of wall time above which `coordination-heavy` fires. Default 0.15. */
  readonly coordinationHeavyRatio: number;
  /** State I/O share of wall time above which `state-io-heavy` fires. Default 0.07. */
  readonly stateIoHeavyRatio: number;
  /** Serialization share of wall time above which `serialization-heavy` fires. Default 0.05. */
  readonly serializationHeavyRatio: number;
  /** LLM share of wall time above which the informational `llm-dominant` fires. Default 0.85. */
  readonly llmDominantRatio: number;
  /** Fewest same-operation tool/state calls under one parent that make an N+1. Default 5. */
  readonly nPlusOneMinCalls: number;
  /** Largest gap (ms) between one N+1 call's end and the next one's start. Default 10. */
  readonly nPlusOneMaxGapMs: number;
  /**
   * Largest gap (ms) between consecutive siblings that still counts as "nothing in between"
   * for `sequential-fanout`; the allowed gap is max(fanoutMaxGapMs, fanoutMaxGapRatio × the
   * shorter sibling's duration). Default 5.
   */
  readonly fanoutMaxGapMs: number;
  /** See fanoutMaxGapMs: the gap allowance relative to the shorter sibling. Default 0.1. */
  readonly fanoutMaxGapRatio: number;
  /** Smallest saving (ms) worth reporting a sequential fan-out. Default 5. */
  readonly fanoutMinSavingMs: number;
  /**
   * Overlap (ms) between two spans below which they count as back to back, not concurrent
   * (peak concurrency, sequential fan-out). OTel JS derives span times from
   * performance.timeOrigin + now(), so consecutive calls can "overlap" by a fraction of a
   * microsecond. Default 0.1.
   */
  readonly overlapToleranceMs: number;
  /** Fewest failed same-operation siblings that make an `error-retry-storm`. Default 3. */
  readonly retryStormMinErrors: number;
  /** Shortest event-loop stall (ms, within the trace) reported as `event-loop-blocked`. Default 50. */
  readonly eventLoopBlockedMs: number;
  /**
   * Per-category budgets (ms) for `slow-operation`. Defaults: llm 30000, tool 5000,
   * state 500, serialization 200, agent none. Keys given here replace the defaults one by
   * one; an explicit `undefined` removes that category's budget.
   */
  readonly slowOperationMs: CategoryBudgetsMs;
  /** Budgets (ms) by operation name (tool, model, agent, `store.operation`); win over the category. Default none. */
  readonly slowOperationByName?: Readonly<Record<string, number>>;
}

export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  coordinationHeavyRatio: 0.15,
  stateIoHeavyRatio: 0.07,
  serializationHeavyRatio: 0.05,
  llmDominantRatio: 0.85,
  nPlusOneMinCalls: 5,
  nPlusOneMaxGapMs: 10,
  fanoutMaxGapMs: 5,
  fanoutMaxGapRatio: 0.1,
  fanoutMinSavingMs: 5,
  overlapToleranceMs: 0.1,
  retryStormMinErrors: 3,
  eventLoopBlockedMs: 50,
  slowOperationMs: Object.freeze({ llm: 30_000, tool: 5_000, state: 500, serialization: 200 }),
});

/** Results of resolveThresholds (frozen): passing one back in costs a lookup, not a rebuild. */
const RESOLVED = new WeakSet<object>([DEFAULT_THRESHOLDS]);

function usable(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function pick(value: number | undefined, fallback: number): number {
  return usable(value) ? value : fallback;
}

/**
 * Fills a partial set of thresholds from the defaults. The engine never throws at run
 * time, so a value that is not a finite non-negative number falls back to its default;
 * hosts validate user input (and name the bad field) in their own config layer.
 * Builds one literal rather than looping over keys; its result is frozen and, passed back
 * in, returned as it is.
 */
export function resolveThresholds(partial?: Partial<Thresholds>): Thresholds {
  if (partial === undefined) return DEFAULT_THRESHOLDS;
  // A host resolves its thresholds once and passes the result with every trace.
  if (RESOLVED.has(partial)) return partial as Thresholds;
  const d = DEFAULT_THRESHOLDS;
  const resolved: Thresholds = Object.freeze({
    coordinationHeavyRatio: pick(partial.coordinationHeavyRatio, d.coordinationHeavyRatio),
    stateIoHeavyRatio: pick(partial.stateIoHeavyRatio, d.stateIoHeavyRatio),
    serializationHeavyRatio: pick(partial.serializationHeavyRatio, d.serializationHeavyRatio),
    llmDominantRatio: pick(partial.llmDominantRatio, d.llmDominantRatio),
    nPlusOneMinCalls: pick(partial.nPlusOneMinCalls, d.nPlusOneMinCalls),
    nPlusOneMaxGapMs: pick(partial.nPlusOneMaxGapMs, d.nPlusOneMaxGapMs),
    fanoutMaxGapMs: pick(partial.fanoutMaxGapMs, d.fanoutMaxGapMs),
    fanoutMaxGapRatio: pick(partial.fanoutMaxGapRatio, d.fanoutMaxGapRatio),
    fanoutMinSavingMs: pick(partial.fanoutMinSavingMs, d.fanoutMinSavingMs),
    overlapToleranceMs: pick(partial.overlapToleranceMs, d.overlapToleranceMs),
    retryStormMinErrors: pick(partial.retryStormMinErrors, d.retryStormMinErrors),
    eventLoopBlockedMs: pick(partial.eventLoopBlockedMs, d.eventLoopBlockedMs),
    slowOperationMs: partial.slowOperationMs === undefined ? d.slowOperationMs : mergeBudgets(partial.slowOperationMs),
    ...(partial.slowOperationByName === undefined ? {} : { slowOperationByName: usableBudgets(partial.slowOperationByName) }),
  });
  RESOLVED.add(resolved);
  return resolved;
}

function mergeBudgets(overrides: CategoryBudgetsMs): CategoryBudgetsMs {
  const budgets: Record<string, number | undefined> = { ...DEFAULT_THRESHOLDS.slowOperationMs };
  for (const [category, ms] of Object.entries(overrides)) {
    if (ms === undefined) budgets[category] = undefined;
    else if (usable(ms)) budgets[category] = ms;
  }
  return Object.freeze(budgets);
}

function usableBudgets(byName: Readonly<Record<string, number>>): Record<string, number> {
  // No prototype: operation names are data and must not hit `constructor` or `__proto__`.
  const budgets = Object.create(null) as Record<string, number>;
  for (const [operation, ms] of Object.entries(byName)) {
    if (usable(ms)) budgets[operation] = ms;
  }
  return budgets;
}
