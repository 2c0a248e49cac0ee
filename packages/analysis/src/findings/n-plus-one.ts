import { STATE, TOOL } from '../category-codes.js';
import { formatDuration } from '../format-duration.js';
import { compareIds, sortRange } from '../sort-range.js';
import type { Finding } from '../types.js';
import { makeFinding, severityForSaving } from './make-finding.js';
import { NS_PER_MS, type Rule } from './rule-context.js';

/**
 * The N+1 pattern: at least nPlusOneMinCalls tool or state calls of one operation under
 * one parent in tight succession, each starting within nPlusOneMaxGapMs of the end of
 * the burst so far (overlap allowed: concurrent lookups are still N round trips).
 * Calls of other operations in between do not break a burst.
 *
 * Saving: union of the burst's intervals − its longest call, i.e. what is left if one
 * batched call took as long as the longest single one. For calls one after another this
 * is sum − max; for overlapping calls it does not count the overlap twice.
 */
export const nPlusOne: Rule = (ctx) => {
  const { tree, thresholds, wallNs } = ctx;
  const { size, start, end, category, operation, childOffset, childList, records } = tree;
  const minCalls = thresholds.nPlusOneMinCalls;
  const maxGapNs = thresholds.nPlusOneMaxGapMs * NS_PER_MS;
  const findings: Finding[] = [];
  const calls = tree.workspace.members;
  // Group by category and operation; within a group keep the children's (start, end, id) order.
  const byOperation = (a: number, b: number): number =>
    category[a] - category[b] ||
    compareIds(operation[a], operation[b]) ||
    start[a] - start[b] ||
    end[a] - end[b] ||
    compareIds(records[a].spanId, records[b].spanId);

  const report = (parent: number, from: number, to: number): void => {
    const count = to - from;
    if (count < minCalls) return;
    let unionNs = 0;
    let maxNs = 0;
    let runStart = start[calls[from]];
    let runEnd = runStart;
    for (let k = from; k < to; k++) {
      const call = calls[k];
      if (end[call] - start[call] > maxNs) maxNs = end[call] - start[call];
      if (start[call] > runEnd) {
        unionNs += runEnd - runStart;
        runStart = start[call];
      }
      if (end[call] > runEnd) runEnd = end[call];
    }
    unionNs += runEnd - runStart;
    const savingNs = unionNs - maxNs;
    const name = operation[calls[from]];
    const evidence =
      `${count} ${name} calls under ${operation[parent]} ran back to back in ${formatDuration(unionNs)}; ` +
      `one batched call would save ~${formatDuration(savingNs)}`;
    findings.push(
      makeFinding('n-plus-one', severityForSaving(savingNs, wallNs), name, evidence, savingNs, tree, calls.subarray(from, to)),
    );
  };

  for (let parent = 0; parent < size; parent++) {
    const first = childOffset[parent];
    const last = childOffset[parent + 1];
    if (last - first < minCalls) continue;
    let count = 0;
    for (let k = first; k < last; k++) {
      const child = childList[k];
      if (category[child] === TOOL || category[child] === STATE) calls[count++] = child;
    }
    if (count < minCalls) continue;
    sortRange(calls, 0, count, byOperation);

    let burstFrom = 0;
    let burstEnd = end[calls[0]];
    for (let k = 1; k < count; k++) {
      const call = calls[k];
      const previous = calls[k - 1];
      const sameOperation = category[call] === category[previous] && operation[call] === operation[previous];
      if (sameOperation && start[call] - burstEnd <= maxGapNs) {
        if (end[call] > burstEnd) burstEnd = end[call];
        continue;
      }
      report(parent, burstFrom, k);
      burstFrom = k;
      burstEnd = end[call];
    }
    report(parent, burstFrom, count);
  }
  return findings;
};
