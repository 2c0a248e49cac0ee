import { categoryCode } from './category-codes.js';
import type { SpanRecord } from './span-record.js';
import { compareIds, sortRange } from './sort-range.js';
import { buildChildLists, compareRaw, indexSpans, linkParents, pickRoot, reachFrom } from './tree-links.js';
import type { Workspace } from './workspace.js';

/**
 * One trace as flat arrays indexed by node number: built once per analysis, read by
 * every pass. Intervals are clamped into their parent's (already clamped) interval, so
 * every pass can assume children nest; children are sorted by (start, end, spanId), so
 * every pass sees the same order whatever order the spans arrived in.
 *
 * The typed arrays belong to the workspace and may be longer than `size`: every loop
 * is bounded by `size`, and nothing in them may outlive the analysis.
 */
/** Skew below this is timestamp rounding, not clock skew (see the clamping loop). */
const CLOCK_NOISE_NS = 1000;

export interface TraceTree {
  readonly size: number;
  readonly records: readonly SpanRecord[];
  readonly root: number;
  /** Parent node, -1 for the root. */
  readonly parent: Int32Array;
  /** 0 for the root. */
  readonly depth: Int32Array;
  /** Clamped start/end, integer ns on the input's origin. */
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Codes from category-codes.ts. */
  readonly category: Uint8Array;
  /** record.operation ?? record.name. */
  readonly operation: readonly string[];
  readonly childOffset: Int32Array;
  readonly childList: Int32Array;
  /** Depth-first pre-order from the root, children in sorted order: the canonical node order. */
  readonly preorder: Int32Array;
  readonly orphans: number;
  readonly clamped: number;
  readonly negativeDurations: number;
  readonly duplicates: number;
  /** Owner of the arrays above, and scratch space for the passes. */
  readonly workspace: Workspace;
}

/** Builds the tree; undefined when there are no spans. Iterative throughout: 20 000-deep chains are fine. */
export function buildTraceTree(
  spans: readonly SpanRecord[],
  workspace: Workspace,
  rootSpanId?: string,
): TraceTree | undefined {
  if (spans.length === 0) return undefined;
  workspace.reserve(spans.length);
  const spanIndex = indexSpans(spans, workspace.idSlots);
  const records = spanIndex.records;
  const n = records.length;

  const { start, end, category, parent, childOffset, childList, visited, order, depth, stack } = workspace;
  const operation: string[] = new Array<string>(n);
  let negativeDurations = 0;
  for (let i = 0; i < n; i++) {
    const record = records[i];
    // Non-finite times are bad input; pin them to the origin rather than poison every sum.
    const s = Number.isFinite(record.start) ? record.start : 0;
    let e = Number.isFinite(record.end) ? record.end : s;
    if (e < s) {
      e = s;
      negativeDurations++;
    }
    start[i] = s;
    end[i] = e;
    category[i] = categoryCode(record.category);
    operation[i] = record.operation ?? record.name;
  }

  const root = pickRoot(spanIndex, start, end, rootSpanId);
  let orphans = linkParents(spanIndex, root, parent);
  buildChildLists(n, parent, childOffset, childList);

  // Breadth-first order from the root: parents before children, which clamping needs.
  visited.fill(0, 0, n);
  let reached = reachFrom(root, childOffset, childList, visited, order, 0);
  if (reached < n) {
    // Only parent cycles get here: cut each at its canonically first span and hang it off the root.
    const lost: number[] = [];
    for (let i = 0; i < n; i++) if (visited[i] === 0) lost.push(i);
    lost.sort((a, b) => compareRaw(records, start, end, a, b));
    for (const node of lost) {
      if (visited[node] === 1) continue;
      parent[node] = root;
      orphans++;
      reached = reachFrom(node, childOffset, childList, visited, order, reached);
    }
    buildChildLists(n, parent, childOffset, childList);
  }

  let clamped = 0;
  for (let k = 1; k < n; k++) {
    const node = order[k];
    const p = parent[node];
    const ps = start[p];
    const pe = end[p];
    const s = start[node];
    const e = end[node];
    const cs = s < ps ? ps : s > pe ? pe : s;
    let ce = e > pe ? pe : e;
    if (ce < cs) ce = cs;
    if (cs !== s || ce !== e) {
      // Always clamp (the arithmetic stays exact), but count only real skew: OTel JS derives
      // span times from performance.timeOrigin + now(), whose double rounding moves a child
      // by up to ~0.25 µs against its parent — noise, not a data-quality problem.
      if (s - cs > CLOCK_NOISE_NS || cs - s > CLOCK_NOISE_NS || e - ce > CLOCK_NOISE_NS) clamped++;
      start[node] = cs;
      end[node] = ce;
    }
  }

  const compareNodes = (a: number, b: number): number =>
    start[a] - start[b] || end[a] - end[b] || compareIds(records[a].spanId, records[b].spanId);
  for (let p = 0; p < n; p++) sortRange(childList, childOffset[p], childOffset[p + 1], compareNodes);

  const preorder = order; // reused: the breadth-first order is no longer needed
  depth[root] = 0;
  let top = 0;
  let count = 0;
  stack[top++] = root;
  while (top > 0) {
    const node = stack[--top];
    preorder[count++] = node;
    const childDepth = depth[node] + 1;
    for (let k = childOffset[node + 1] - 1, from = childOffset[node]; k >= from; k--) {
      const child = childList[k];
      depth[child] = childDepth;
      stack[top++] = child;
    }
  }

  return {
    size: n,
    records,
    root,
    parent,
    depth,
    start,
    end,
    category,
    operation,
    childOffset,
    childList,
    preorder,
    orphans,
    clamped,
    negativeDurations,
    duplicates: spanIndex.duplicates,
    workspace,
  };
}
