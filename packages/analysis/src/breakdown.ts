import { WORK_CATEGORY_COUNT } from './category-codes.js';
import { sortEvents } from './event-sort.js';
import type { TraceTree } from './trace-tree.js';
import type { Breakdown } from './types.js';

/** Index of coordination in the accumulator: right after the work categories. */
const COORDINATION = WORK_CATEGORY_COUNT;

/**
 * Time breakdown of the root's wall interval by sweep line over the clamped intervals of
 * all descendants. At every instant the highest-precedence active work category gets the
 * time (llm > tool > state > serialization > agent; a category's code is its precedence);
 * with none active the time is coordination. `workflow` and `other` spans are
 * transparent. Every piece is an integer difference of consecutive event times, so the
 * six values telescope to exactly end - start of the root.
 */
export function computeBreakdown(tree: TraceTree): Breakdown {
  const { size, root, start, end, category } = tree;
  const origin = start[root];
  const wall = end[root] - origin;

  const { preorder } = tree;
  const { eventTimes: times, eventCodes: codes, eventKeys } = tree.workspace;
  // Event code: category * 2 + 1 for a start, category * 2 for an end. Starts in pre-order,
  // then ends in input order: two nearly sorted runs (see sortEvents).
  let count = 0;
  for (let k = 1; k < size; k++) {
    const i = preorder[k];
    const c = category[i];
    if (c >= WORK_CATEGORY_COUNT || end[i] <= start[i]) continue;
    times[count] = start[i];
    codes[count++] = c * 2 + 1;
  }
  const split = count;
  for (let i = 0; i < size; i++) {
    const c = category[i];
    if (i === root || c >= WORK_CATEGORY_COUNT || end[i] <= start[i]) continue;
    times[count] = end[i];
    codes[count++] = c * 2;
  }
  sortEvents(times, codes, count, origin, wall, eventKeys, split);

  const active = [0, 0, 0, 0, 0];
  const total = [0, 0, 0, 0, 0, 0];
  let owner = COORDINATION;
  let previous = origin;
  for (let k = 0; k < count; k++) {
    const time = times[k];
    if (time > previous) {
      total[owner] += time - previous;
      previous = time;
    }
    const code = codes[k];
    active[code >> 1] += (code & 1) === 1 ? 1 : -1;
    owner = topActive(active);
  }
  total[owner] += end[root] - previous;

  return {
    llm: total[0],
    tool: total[1],
    state: total[2],
    serialization: total[3],
    agent: total[4],
    coordination: total[COORDINATION],
  };
}

function topActive(active: number[]): number {
  for (let c = 0; c < WORK_CATEGORY_COUNT; c++) if (active[c] > 0) return c;
  return COORDINATION;
}
