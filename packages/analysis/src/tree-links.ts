import type { SpanRecord } from './span-record.js';
import { compareIds } from './sort-range.js';
import { SpanIdIndex } from './span-id-index.js';

/*
 * Parent links of one trace's spans, made into a tree whatever the input: duplicate
 * ids, several parentless spans, parents that never arrived, and parent cycles all end
 * up as a single tree under the root, with counters for what had to be repaired.
 */

export interface SpanIndex {
  /** Node i's record; one per distinct span id. The input array itself when no id repeats: never mutated. */
  records: readonly SpanRecord[];
  index: SpanIdIndex;
  duplicates: number;
}

export function indexSpans(spans: readonly SpanRecord[], slots: Int32Array): SpanIndex {
  let index = new SpanIdIndex(slots, spans, spans.length);
  let duplicates = 0;
  for (let i = 0; i < spans.length; i++) {
    if (index.get(spans[i].spanId) >= 0) duplicates++;
    else index.add(i);
  }
  // The common case: every id once, so node i is input span i (no copy).
  if (duplicates === 0) return { records: spans, index, duplicates };
  const records: SpanRecord[] = [];
  index = new SpanIdIndex(slots, records, spans.length);
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    const seen = index.get(span.spanId);
    if (seen < 0) {
      records.push(span);
      index.add(records.length - 1);
    } else if (preferDuplicate(span, records[seen])) {
      records[seen] = span;
    }
  }
  return { records, index, duplicates };
}

// A re-exported span usually arrives twice identical; when the copies differ, keep the
// one that sorts first so the choice does not depend on arrival order.
function preferDuplicate(candidate: SpanRecord, kept: SpanRecord): boolean {
  if (candidate.start !== kept.start) return candidate.start < kept.start;
  if (candidate.end !== kept.end) return candidate.end > kept.end;
  const candidateParent = candidate.parentId ?? '';
  const keptParent = kept.parentId ?? '';
  if (candidateParent !== keptParent) return candidateParent < keptParent;
  return candidate.name < kept.name;
}

/** Canonical order of nodes by their raw interval: earliest start, then longest, then id. */
export function compareRaw(records: readonly SpanRecord[], start: Float64Array, end: Float64Array, a: number, b: number): number {
  return start[a] - start[b] || end[b] - end[a] || compareIds(records[a].spanId, records[b].spanId);
}

/**
 * The requested root if present; else a span without a parent, then one whose parent is
 * missing, then (a trace that is one parent cycle) any span: the earliest of the best kind.
 */
export function pickRoot(tree: SpanIndex, start: Float64Array, end: Float64Array, rootSpanId?: string): number {
  if (rootSpanId !== undefined) {
    const requested = tree.index.get(rootSpanId);
    if (requested >= 0) return requested;
  }
  const { records, index } = tree;
  let best = -1;
  let bestRank = 3;
  for (let i = 0; i < records.length; i++) {
    const parentId = records[i].parentId;
    const rank =
      parentId === undefined ? 0 : parentId === records[i].spanId || index.get(parentId) < 0 ? 1 : 2;
    if (rank < bestRank || (rank === bestRank && compareRaw(records, start, end, i, best) < 0)) {
      best = i;
      bestRank = rank;
    }
  }
  return best;
}

/** Fills parent[] (-1 for the root); spans whose parent is absent hang off the root. Returns the orphan count. */
export function linkParents(tree: SpanIndex, root: number, parent: Int32Array): number {
  const { records, index } = tree;
  let orphans = 0;
  for (let i = 0; i < records.length; i++) {
    if (i === root) {
      parent[i] = -1;
      continue;
    }
    const parentId = records[i].parentId;
    const p = parentId === undefined ? -1 : index.get(parentId);
    if (p < 0 || p === i) {
      parent[i] = root;
      orphans++;
    } else {
      parent[i] = p;
    }
  }
  return orphans;
}

/** Children lists in one array (CSR): children of p are childList[childOffset[p] .. childOffset[p + 1]). */
export function buildChildLists(n: number, parent: Int32Array, childOffset: Int32Array, childList: Int32Array): void {
  childOffset.fill(0, 0, n + 1);
  for (let i = 0; i < n; i++) if (parent[i] >= 0) childOffset[parent[i]]++;
  for (let p = 1; p <= n; p++) childOffset[p] += childOffset[p - 1];
  // Filling backwards leaves childOffset[p] at the start of p's range.
  for (let i = n - 1; i >= 0; i--) {
    const p = parent[i];
    if (p >= 0) childList[--childOffset[p]] = i;
  }
}

/** Breadth-first from `from`, appending newly reached nodes to order; returns the new count. */
export function reachFrom(
  from: number,
  childOffset: Int32Array,
  childList: Int32Array,
  visited: Uint8Array,
  order: Int32Array,
  count: number,
): number {
  visited[from] = 1;
  order[count++] = from;
  for (let q = count - 1; q < count; q++) {
    const node = order[q];
    for (let k = childOffset[node], to = childOffset[node + 1]; k < to; k++) {
      const child = childList[k];
      if (visited[child] === 0) {
        visited[child] = 1;
        order[count++] = child;
      }
    }
  }
  return count;
}
