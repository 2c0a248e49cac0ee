import { AGENT, LLM, OTHER, TOOL } from '../category-codes.js';
import { formatDuration } from '../format-duration.js';
import type { Finding } from '../types.js';
import { describeOperations, makeFinding, severityForSaving } from './make-finding.js';
import { NS_PER_MS, type Rule } from './rule-context.js';

const NOT_IN_RUN = 0;
const AGENT_OR_TOOL = 1;
const LLM_ONLY = 2;

/**
 * Siblings that ran one after another and could have run together. Within one parent,
 * children in start order form a run while each next one:
 *  - is of the run's kind: agent or tool (mixed), or llm only (an llm breaks an
 *    agent/tool run and vice versa, so the llm → tool → llm loop of an agent is no run);
 *  - starts at or after the previous member's end (no overlap: Promise.all-style
 *    siblings are already parallel);
 *  - starts within max(fanoutMaxGapMs, fanoutMaxGapRatio × the shorter of the two) of
 *    that end (a longer gap is the parent's own work, which may be the dependency);
 *  - has no other sibling in between (state, serialization, workflow siblings break the
 *    run; `other` spans are transparent) and is not marked dependsOnPrevious.
 * A run of ≥ 2 saves sum − max of its durations if run concurrently; reported from
 * fanoutMinSavingMs. A run that n-plus-one reports (all one tool operation, at least
 * nPlusOneMinCalls calls, every gap within nPlusOneMaxGapMs) is left to it.
 */
export const sequentialFanout: Rule = (ctx) => {
  const { tree, thresholds, wallNs } = ctx;
  const { size, start, end, category, operation, childOffset, childList, records } = tree;
  const maxGapNs = thresholds.fanoutMaxGapMs * NS_PER_MS;
  const gapRatio = thresholds.fanoutMaxGapRatio;
  const minSavingNs = thresholds.fanoutMinSavingMs * NS_PER_MS;
  // overlap below the tolerance is timestamp rounding between back-to-back calls, not concurrency
  const toleranceNs = thresholds.overlapToleranceMs * NS_PER_MS;
  const findings: Finding[] = [];
  const members = tree.workspace.members;

  const continues = (previous: number, next: number): boolean => {
    if (records[next].dependsOnPrevious === true || start[next] < end[previous] - toleranceNs) return false;
    const previousNs = end[previous] - start[previous];
    const nextNs = end[next] - start[next];
    const allowed = gapRatio * (previousNs < nextNs ? previousNs : nextNs);
    return start[next] - end[previous] <= (allowed > maxGapNs ? allowed : maxGapNs);
  };

  const report = (parent: number, count: number): void => {
    let sumNs = 0;
    let maxNs = 0;
    for (let k = 0; k < count; k++) {
      const duration = end[members[k]] - start[members[k]];
      sumNs += duration;
      if (duration > maxNs) maxNs = duration;
    }
    const savingNs = sumNs - maxNs;
    if (savingNs < minSavingNs || isNPlusOne(count)) return;
    const evidence =
      `${count} calls (${describeOperations(tree, members, count)}) ran one after another over ` +
      `${formatDuration(end[members[count - 1]] - start[members[0]])}; ` +
      `running them in parallel would save ~${formatDuration(savingNs)}`;
    findings.push(
      makeFinding('sequential-fanout', severityForSaving(savingNs, wallNs), operation[parent], evidence, savingNs, tree, members, count),
    );
  };

  const nPlusOneGapNs = thresholds.nPlusOneMaxGapMs * NS_PER_MS;
  const isNPlusOne = (count: number): boolean => {
    if (count < thresholds.nPlusOneMinCalls) return false;
    const name = operation[members[0]];
    for (let k = 0; k < count; k++) {
      const member = members[k];
      if (category[member] !== TOOL || operation[member] !== name) return false;
      if (k > 0 && start[member] - end[members[k - 1]] > nPlusOneGapNs) return false;
    }
    return true;
  };

  for (let parent = 0; parent < size; parent++) {
    const from = childOffset[parent];
    const to = childOffset[parent + 1];
    if (to - from < 2) continue;
    let count = 0;
    let runKind = NOT_IN_RUN;
    for (let k = from; k < to; k++) {
      const child = childList[k];
      const c = category[child];
      if (c === OTHER) continue;
      const kind = c === AGENT || c === TOOL ? AGENT_OR_TOOL : c === LLM ? LLM_ONLY : NOT_IN_RUN;
      if (count > 0 && kind === runKind && kind !== NOT_IN_RUN && continues(members[count - 1], child)) {
        members[count++] = child;
        continue;
      }
      if (count >= 2) report(parent, count);
      count = 0;
      runKind = kind;
      if (kind !== NOT_IN_RUN) members[count++] = child;
    }
    if (count >= 2) report(parent, count);
  }
  return findings;
};
