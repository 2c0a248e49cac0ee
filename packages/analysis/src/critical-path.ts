import { CATEGORY_NAMES } from './category-codes.js';
import { compareIds, sortRange } from './sort-range.js';
import type { TraceTree } from './trace-tree.js';
import type { CriticalPathSegment, CriticalPathSummary } from './types.js';

/** At most this many names in a summary: enough to read the path, bounded for an attribute. */
export const MAX_PATH_NAMES = 20;

/**
 * The chain of spans that determines the root's end, Jaeger-style: walk back from the
 * end of a span; take the child (of those starting before the cursor) that ends last,
 * clip its end to the cursor; the span itself owns the gap between that end and the
 * cursor; walk back through the child over [child.start, clipped end]; continue from the
 * child's start. What remains at the front is the span's own. Each span's window is
 * split into its own pieces and its chosen children's windows, so the contributions sum
 * exactly to the root's wall time.
 *
 * Because the cursor only moves back, a child that starts at or after the cursor can
 * never be chosen later, so scanning each span's children once, latest end first, finds
 * every choice: O(n log n) overall. An explicit stack replaces recursion so a
 * 20 000-deep chain cannot overflow the call stack.
 *
 * Returns the segments (earliest first; only `withSegments`: one object per piece is most
 * of the cost of the path) and a summary (what a host annotates on every root).
 */
export function computeCriticalPath(
  tree: TraceTree,
  withSegments: boolean,
): { segments: CriticalPathSegment[]; summary: CriticalPathSummary } {
  const { size, root, start, end, childOffset, childList } = tree;
  const records = tree.records;
  const { byEnd, frameNode, frameCursor, frameNext, pieceNode, pieceStart, pieceEnd } = tree.workspace;
  // Each node's children reversed: for children that ran one after another (the common case)
  // that is already latest end first, so the insertion sort in enter() has nothing to move.
  for (let node = 0; node < size; node++) {
    const from = childOffset[node];
    const to = childOffset[node + 1];
    for (let k = from; k < to; k++) byEnd[k] = childList[to - 1 - (k - from)];
  }
  const latestEndFirst = (a: number, b: number): number =>
    end[b] - end[a] || start[a] - start[b] || compareIds(records[a].spanId, records[b].spanId);

  // Pieces come out latest first; merged on the fly when one span's pieces touch. A span
  // emits at most one piece per chosen child plus one, so there are fewer than 2 × size.
  let count = 0;
  const emit = (node: number, from: number, to: number): void => {
    if (to <= from) return;
    const last = count - 1;
    if (last >= 0 && pieceNode[last] === node && pieceStart[last] === to) {
      pieceStart[last] = from;
      return;
    }
    pieceNode[count] = node;
    pieceStart[count] = from;
    pieceEnd[count] = to;
    count++;
  };

  let top = 0;
  const enter = (node: number, cursor: number): void => {
    sortRange(byEnd, childOffset[node], childOffset[node + 1], latestEndFirst);
    frameNode[top] = node;
    frameCursor[top] = cursor;
    frameNext[top] = childOffset[node];
    top++;
  };

  enter(root, end[root]);
  while (top > 0) {
    const frame = top - 1;
    const node = frameNode[frame];
    const cursor = frameCursor[frame];
    let next = frameNext[frame];
    let chosen = -1;
    for (const to = childOffset[node + 1]; next < to; ) {
      const child = byEnd[next++];
      // Zero-length children own no time; skipping them changes no contribution.
      if (start[child] < cursor && end[child] > start[child]) {
        chosen = child;
        break;
      }
    }
    frameNext[frame] = next;
    if (chosen < 0) {
      emit(node, start[node], cursor);
      top--;
      continue;
    }
    const clippedEnd = end[chosen] < cursor ? end[chosen] : cursor;
    emit(node, clippedEnd, cursor);
    frameCursor[frame] = start[chosen];
    enter(chosen, clippedEnd);
  }

  let descendantNs = 0;
  const names: string[] = [];
  const segments: CriticalPathSegment[] = withSegments ? new Array<CriticalPathSegment>(count) : [];
  for (let k = 0; k < count; k++) {
    const piece = count - 1 - k;
    const node = pieceNode[piece];
    const record = records[node];
    if (node !== root) {
      descendantNs += pieceEnd[piece] - pieceStart[piece];
      if (names.length < MAX_PATH_NAMES && names[names.length - 1] !== record.name) names.push(record.name);
    }
    if (!withSegments) continue;
    segments[k] = {
      spanId: record.spanId,
      name: record.name,
      category: CATEGORY_NAMES[tree.category[node]],
      operation: tree.operation[node],
      contributionNs: pieceEnd[piece] - pieceStart[piece],
      start: pieceStart[piece],
      end: pieceEnd[piece],
    };
  }
  return { segments, summary: { descendantNs, names } };
}
