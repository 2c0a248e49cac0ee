import { WORK_CATEGORY_COUNT } from './category-codes.js';
import { sortEvents } from './event-sort.js';
import type { TraceTree } from './trace-tree.js';

export interface Parallelism {
  /** Sum of leaf work durations / wall time; 0 when the wall time is 0. */
  parallelism: number;
  /** Sum of leaf work durations / union of their intervals; 1 when there is no leaf work. */
  effectiveConcurrency: number;
  /** Most leaf work spans active at one instant. */
  peakConcurrency: number;
}

const END = 0;
const START = 1;

/**
 * Leaf work spans are the root's descendants without children whose category is work
 * (llm, tool, state, serialization, agent): the places where time is actually spent.
 * One sweep gives the union of their intervals and the peak; ends sort before starts at
 * the same instant, so spans that merely touch do not count as concurrent.
 */
export function computeParallelism(tree: TraceTree, wallNs: number, overlapToleranceNs = 0): Parallelism {
  const { size, root, start, end, category, childOffset, preorder } = tree;
  const { eventTimes: times, eventCodes: codes, eventKeys } = tree.workspace;
  // Starts in pre-order, then ends in input order: two nearly sorted runs (see sortEvents).
  let count = 0;
  let workNs = 0;
  for (let k = 1; k < size; k++) {
    const i = preorder[k];
    if (category[i] >= WORK_CATEGORY_COUNT || childOffset[i + 1] !== childOffset[i]) continue;
    const duration = end[i] - start[i];
    if (duration <= 0) continue;
    workNs += duration;
    times[count] = start[i];
    codes[count++] = START;
  }
  const split = count;
  for (let i = 0; i < size; i++) {
    if (i === root || category[i] >= WORK_CATEGORY_COUNT || childOffset[i + 1] !== childOffset[i] || end[i] <= start[i]) continue;
    times[count] = end[i];
    codes[count++] = END;
  }
  const origin = start[root];
  sortEvents(times, codes, count, origin, end[root] - origin, eventKeys, split);

  let active = 0;
  let peak = 0;
  let unionNs = 0;
  let busySince = 0;
  for (let k = 0; k < count; k++) {
    if (codes[k] === START) {
      if (active === 0) busySince = times[k];
      active++;
      if (active > peak) peak = active;
    } else {
      active--;
      if (active === 0) unionNs += times[k] - busySince;
    }
  }
  if (peak >= 2 && overlapToleranceNs > 0) peak = peakWithTolerance(tree, overlapToleranceNs);
  return {
    parallelism: wallNs > 0 ? workNs / wallNs : 0,
    effectiveConcurrency: unionNs > 0 ? workNs / unionNs : 1,
    peakConcurrency: peak,
  };
}

/**
 * The peak again, with every leaf's end moved earlier by the tolerance: two calls that
 * "overlap" only by timestamp rounding are back to back, not concurrent. Only run when
 * the exact sweep saw a peak of 2 or more.
 */
function peakWithTolerance(tree: TraceTree, toleranceNs: number): number {
  const { size, root, start, end, category, childOffset, preorder } = tree;
  const { eventTimes: times, eventCodes: codes, eventKeys } = tree.workspace;
  let count = 0;
  for (let k = 1; k < size; k++) {
    const i = preorder[k];
    if (category[i] >= WORK_CATEGORY_COUNT || childOffset[i + 1] !== childOffset[i] || end[i] - toleranceNs <= start[i]) continue;
    times[count] = start[i];
    codes[count++] = START;
  }
  const split = count;
  for (let i = 0; i < size; i++) {
    if (i === root || category[i] >= WORK_CATEGORY_COUNT || childOffset[i + 1] !== childOffset[i]) continue;
    const shiftedEnd = end[i] - toleranceNs;
    if (shiftedEnd <= start[i]) continue;
    times[count] = shiftedEnd;
    codes[count++] = END;
  }
  const origin = start[root];
  sortEvents(times, codes, count, origin, end[root] - origin, eventKeys, split);
  let active = 0;
  let peak = 0;
  for (let k = 0; k < count; k++) {
    if (codes[k] === START) {
      active++;
      if (active > peak) peak = active;
    } else {
      active--;
    }
  }
  return peak;
}
