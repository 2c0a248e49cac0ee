import type { LoopStall } from '../span-record.js';
import type { Thresholds } from '../thresholds.js';
import type { TraceTree } from '../trace-tree.js';
import type { Breakdown, Finding } from '../types.js';

/** What every rule reads: computed once per trace, shared, never mutated by a rule. */
export interface RuleContext {
  readonly tree: TraceTree;
  readonly breakdown: Breakdown;
  readonly wallNs: number;
  readonly workflow: string;
  readonly thresholds: Thresholds;
  readonly loopStalls: readonly LoopStall[];
}

/** A bottleneck rule: pure, returns its findings (usually none). */
export type Rule = (ctx: RuleContext) => Finding[];

export const NS_PER_MS = 1e6;
