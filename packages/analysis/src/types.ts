import type { SpanCategory } from './span-record.js';

/** Categories of the time breakdown, in precedence order (highest first) then agent, coordination. */
export type BreakdownCategory =
  | 'llm'
  | 'tool'
  | 'state'
  | 'serialization'
  | 'agent'
  | 'coordination';

/** Nanoseconds per category; the six values sum exactly to `wallNs`. */
export type Breakdown = Record<BreakdownCategory, number>;

export interface AgentProfile {
  name: string;
  /** Union of the agent's span intervals, ns. */
  busyNs: number;
  /** busyNs / wallNs. */
  share: number;
  /** Number of agent spans with this name. */
  invocations: number;
  /** Direct children of the agent's spans, aggregated by category + operation. */
  actions: Array<{ category: SpanCategory; operation: string; count: number; totalNs: number }>;
}

export interface CriticalPathSegment {
  spanId: string;
  name: string;
  category: SpanCategory;
  operation: string;
  /** Exclusive time this span contributes to the critical path, ns; all contributions sum to wallNs. */
  contributionNs: number;
  /** Where the segment lies, ns on the input's origin; contributionNs = end - start. */
  start: number;
  end: number;
}

export interface CriticalPathSummary {
  /** What the path spends in spans below the root, ns; the rest of the wall time is the root's own. */
  descendantNs: number;
  /** Names of the spans below the root along the path, in order, repeats in a row merged, at most 20. */
  names: string[];
}

export type Severity = 'low' | 'medium' | 'high';

export type FindingRule =
  | 'sequential-fanout'
  | 'n-plus-one'
  | 'slow-operation'
  | 'coordination-heavy'
  | 'state-io-heavy'
  | 'serialization-heavy'
  | 'llm-dominant'
  | 'error-retry-storm'
  | 'event-loop-blocked';

export interface Finding {
  rule: FindingRule;
  severity: Severity;
  /** Low-cardinality operation the finding is about (tool name, agent name, category, …). */
  operation: string;
  /** Human-readable evidence, one sentence, no user content. */
  evidence: string;
  /** Estimated wall-time saving in milliseconds if fixed (0 when not estimable). */
  estimatedSavingMs: number;
  /** Span ids involved (bounded to 20). */
  spanIds: string[];
}

export interface TraceAnalysis {
  rootSpanId: string;
  rootName: string;
  /** gen_ai.workflow.name / agentmeter workflow name, or the root span's name. */
  workflow: string;
  wallNs: number;
  breakdown: Breakdown;
  /** Empty when analysed with `profile: false`. */
  agents: AgentProfile[];
  /** Segments in path order; their contributions sum to wallNs. Empty when analysed with `profile: false`. */
  criticalPath: CriticalPathSegment[];
  /** The critical path in brief, always computed: what a span's annotation needs. */
  criticalPathSummary: CriticalPathSummary;
  /** Sum of leaf work durations / wall time. */
  parallelism: number;
  /** Sum of leaf work durations / union of leaf work intervals (>= 1 whenever there is work; > 1 iff leaf work overlaps). */
  effectiveConcurrency: number;
  /** Highest number of leaf work spans active at once. */
  peakConcurrency: number;
  findings: Finding[];
  spanCount: number;
  tokens: number;
  costUsd: number;
  /** The trace was analysed before it was complete (evicted, span limit, …). */
  partial: boolean;
  /** Data-quality counters of this analysis. */
  warnings: {
    /** Spans attached to the root because their parent was missing (or in a parent cycle), or extra parentless spans. */
    orphans: number;
    /** Spans whose interval was clamped into their parent's. */
    clamped: number;
    /** Spans with end < start, treated as zero length at their start. */
    negativeDurations: number;
    /** Extra copies of a span id; one copy is analysed. */
    duplicates: number;
  };
}
