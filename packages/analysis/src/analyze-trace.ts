import { computeAgentProfiles } from './agent-profiles.js';
import { computeBreakdown } from './breakdown.js';
import { computeCriticalPath } from './critical-path.js';
import { runRules } from './findings/index.js';
import { computeParallelism } from './parallelism.js';
import type { LoopStall, SpanRecord } from './span-record.js';
import { resolveThresholds, type Thresholds } from './thresholds.js';
import { buildTraceTree } from './trace-tree.js';
import type { TraceAnalysis } from './types.js';
import { acquireWorkspace, releaseWorkspace, type Workspace } from './workspace.js';

export interface AnalyzeOptions {
  /** Span to analyse as the root; default: the parentless span (the earliest, if several). */
  rootSpanId?: string;
  /** Workflow name for the result; default: the root's operation, else its name. */
  workflow?: string;
  /** Overrides of DEFAULT_THRESHOLDS. */
  thresholds?: Partial<Thresholds>;
  /** Event-loop stalls seen by the host while the trace ran, on the spans' time origin. */
  loopStalls?: readonly LoopStall[];
  /** Set when the trace is analysed incomplete (evicted, span limit, …); copied to the result. */
  partial?: boolean;
  /**
   * Build the per-agent profiles (`agents`) and the critical path's segments (`criticalPath`);
   * default true. A host that only needs the numbers — breakdown, findings,
   * `criticalPathSummary` — passes false and gets both as empty arrays: together they are
   * about a third of the engine's time and most of its allocations.
   */
  profile?: boolean;
}

const NO_STALLS: readonly LoopStall[] = [];

/**
 * Analyses one trace: time breakdown, per-agent profiles, critical path, parallelism and
 * bottleneck findings. Pure and synchronous; tolerates any input order (the result is
 * the same for every permutation), duplicate ids, missing parents, zero-length and
 * inverted spans, children outside their parent, and very deep or wide trees.
 */
export function analyzeTrace(spans: readonly SpanRecord[], options: AnalyzeOptions = {}): TraceAnalysis {
  const workspace = acquireWorkspace();
  try {
    return analyzeWith(workspace, spans, options);
  } finally {
    releaseWorkspace(workspace);
  }
}

function analyzeWith(workspace: Workspace, spans: readonly SpanRecord[], options: AnalyzeOptions): TraceAnalysis {
  const tree = buildTraceTree(spans, workspace, options.rootSpanId);
  if (tree === undefined) return emptyAnalysis(options);

  const { root, start, end, records, preorder } = tree;
  const rootRecord = records[root];
  const wallNs = end[root] - start[root];
  const workflow = options.workflow ?? rootRecord.operation ?? rootRecord.name;
  const breakdown = computeBreakdown(tree);
  const thresholds = resolveThresholds(options.thresholds);
  const { parallelism, effectiveConcurrency, peakConcurrency } = computeParallelism(tree, wallNs, thresholds.overlapToleranceMs * 1e6);
  const findings = runRules({
    tree,
    breakdown,
    wallNs,
    workflow,
    thresholds,
    loopStalls: options.loopStalls ?? NO_STALLS,
  });

  // Summed in the canonical order: floating-point cost sums must not depend on input order.
  let tokens = 0;
  let costUsd = 0;
  for (let k = 0; k < tree.size; k++) {
    const record = records[preorder[k]];
    if (record.tokens !== undefined) tokens += record.tokens;
    if (record.costUsd !== undefined) costUsd += record.costUsd;
  }

  const profile = options.profile !== false;
  const criticalPath = computeCriticalPath(tree, profile);
  return {
    rootSpanId: rootRecord.spanId,
    rootName: rootRecord.name,
    workflow,
    wallNs,
    breakdown,
    agents: profile ? computeAgentProfiles(tree, wallNs) : [],
    criticalPath: criticalPath.segments,
    criticalPathSummary: criticalPath.summary,
    parallelism,
    effectiveConcurrency,
    peakConcurrency,
    findings,
    spanCount: tree.size,
    tokens,
    costUsd,
    partial: options.partial === true,
    warnings: {
      orphans: tree.orphans,
      clamped: tree.clamped,
      negativeDurations: tree.negativeDurations,
      duplicates: tree.duplicates,
    },
  };
}

function emptyAnalysis(options: AnalyzeOptions): TraceAnalysis {
  return {
    rootSpanId: '',
    rootName: '',
    workflow: options.workflow ?? '',
    wallNs: 0,
    breakdown: { llm: 0, tool: 0, state: 0, serialization: 0, agent: 0, coordination: 0 },
    agents: [],
    criticalPath: [],
    criticalPathSummary: { descendantNs: 0, names: [] },
    parallelism: 0,
    effectiveConcurrency: 1,
    peakConcurrency: 0,
    findings: [],
    spanCount: 0,
    tokens: 0,
    costUsd: 0,
    partial: options.partial === true,
    warnings: { orphans: 0, clamped: 0, negativeDurations: 0, duplicates: 0 },
  };
}
