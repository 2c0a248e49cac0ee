import { CATEGORY_NAMES } from '../category-codes.js';
import { formatDuration } from '../format-duration.js';
import type { CategoryBudgetsMs, Thresholds } from '../thresholds.js';
import type { Finding } from '../types.js';
import { makeFinding, severityForSaving } from './make-finding.js';
import { NS_PER_MS, type Rule } from './rule-context.js';

/** Per resolved thresholds object (a host passes the same one with every trace). */
const BUDGETS = new WeakMap<Thresholds, Float64Array>();

/** Budgets in ns, indexed by category code; NaN where there is none (every comparison fails). */
function categoryBudgetsNs(thresholds: Thresholds): Float64Array {
  let budgetNs = BUDGETS.get(thresholds);
  if (budgetNs === undefined) {
    budgetNs = new Float64Array(CATEGORY_NAMES.length).fill(NaN);
    for (let c = 0; c < CATEGORY_NAMES.length; c++) {
      const ms = thresholds.slowOperationMs[CATEGORY_NAMES[c] as keyof CategoryBudgetsMs];
      if (ms !== undefined) budgetNs[c] = ms * NS_PER_MS;
    }
    // Resolved thresholds are frozen, so the budgets cannot go stale.
    if (Object.isFrozen(thresholds) && Object.isFrozen(thresholds.slowOperationMs)) BUDGETS.set(thresholds, budgetNs);
  }
  return budgetNs;
}

/**
 * A span that took longer than its budget: slowOperationByName[operation] if set, else
 * slowOperationMs[category]. One finding per span over budget (the findings list is
 * bounded, largest savings first); the saving is the time over budget.
 */
export const slowOperation: Rule = (ctx) => {
  const { tree, thresholds, wallNs } = ctx;
  const { size, start, end, category, operation } = tree;
  const byName = thresholds.slowOperationByName;
  const budgetNs = categoryBudgetsNs(thresholds);

  const findings: Finding[] = [];
  for (let node = 0; node < size; node++) {
    const durationNs = end[node] - start[node];
    let limitNs = budgetNs[category[node]];
    if (byName !== undefined && Object.hasOwn(byName, operation[node])) {
      const ms = byName[operation[node]];
      if (typeof ms === 'number') limitNs = ms * NS_PER_MS;
    }
    if (!(durationNs > limitNs)) continue;
    const savingNs = durationNs - limitNs;
    const evidence =
      `${CATEGORY_NAMES[category[node]]} ${operation[node]} took ${formatDuration(durationNs)}, ` +
      `${formatDuration(savingNs)} over its ${formatDuration(limitNs)} budget`;
    findings.push(
      makeFinding('slow-operation', severityForSaving(savingNs, wallNs), operation[node], evidence, savingNs, tree, [node]),
    );
  }
  return findings;
};
