import { formatDuration } from '../format-duration.js';
import { compareIds, sortRange } from '../sort-range.js';
import type { Finding } from '../types.js';
import { makeFinding, severityForSaving } from './make-finding.js';
import type { Rule } from './rule-context.js';

/**
 * Retries that keep failing: under one parent, at least retryStormMinErrors failed
 * children of one operation. The saving is the time the failed attempts covered (the
 * union of their intervals, so concurrent attempts count once): what failing fast, or
 * fixing the cause, gives back.
 */
export const errorRetryStorm: Rule = (ctx) => {
  const { tree, thresholds, wallNs } = ctx;
  const { size, start, end, operation, childOffset, childList, records } = tree;
  const minErrors = thresholds.retryStormMinErrors;
  const findings: Finding[] = [];
  const failed = tree.workspace.members;
  const byOperation = (a: number, b: number): number =>
    compareIds(operation[a], operation[b]) ||
    start[a] - start[b] ||
    end[a] - end[b] ||
    compareIds(records[a].spanId, records[b].spanId);

  for (let parent = 0; parent < size; parent++) {
    const first = childOffset[parent];
    const last = childOffset[parent + 1];
    if (last - first < minErrors) continue;
    let count = 0;
    for (let k = first; k < last; k++) {
      if (records[childList[k]].error !== true) continue;
      failed[count++] = childList[k];
    }
    if (count < minErrors) continue;
    sortRange(failed, 0, count, byOperation);

    for (let from = 0, to = 1; from < count; from = to, to = from + 1) {
      const name = operation[failed[from]];
      while (to < count && operation[failed[to]] === name) to++;
      if (to - from < minErrors) continue;
      let unionNs = 0;
      let runStart = start[failed[from]];
      let runEnd = runStart;
      for (let k = from; k < to; k++) {
        const attempt = failed[k];
        if (start[attempt] > runEnd) {
          unionNs += runEnd - runStart;
          runStart = start[attempt];
        }
        if (end[attempt] > runEnd) runEnd = end[attempt];
      }
      unionNs += runEnd - runStart;
      let calls = 0;
      for (let k = first; k < last; k++) if (operation[childList[k]] === name) calls++;
      const evidence =
        `${to - from} of ${calls} ${name} calls under ${operation[parent]} failed; ` +
        `the failed attempts took ${formatDuration(unionNs)}`;
      findings.push(
        makeFinding('error-retry-storm', severityForSaving(unionNs, wallNs), name, evidence, unionNs, tree, failed.subarray(from, to)),
      );
    }
  }
  return findings;
};
