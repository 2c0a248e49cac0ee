import { LLM, SERIALIZATION, STATE } from '../category-codes.js';
import { formatDuration, formatPercent } from '../format-duration.js';
import type { Thresholds } from '../thresholds.js';
import type { BreakdownCategory, FindingRule } from '../types.js';
import { makeFinding, MAX_SPAN_IDS, severityForShare } from './make-finding.js';
import type { Rule, RuleContext } from './rule-context.js';

/*
 * Rules on the time breakdown: a category's share of the wall time above its threshold.
 * Four rules of one shape, so one file. The saving is the part above the threshold;
 * llm-dominant is informational (LLM time is the work itself): saving 0, severity low.
 */

type RatioKey = keyof Pick<
  Thresholds,
  'coordinationHeavyRatio' | 'stateIoHeavyRatio' | 'serializationHeavyRatio' | 'llmDominantRatio'
>;

function shareRule(
  rule: FindingRule,
  part: BreakdownCategory,
  ratioKey: RatioKey,
  label: string,
  /** Category code whose longest spans are listed as evidence; -1 lists the root. */
  spansOf: number,
  informational = false,
): Rule {
  return (ctx) => {
    const { wallNs, breakdown } = ctx;
    const threshold = ctx.thresholds[ratioKey];
    if (wallNs <= 0) return [];
    const partNs = breakdown[part];
    const share = partNs / wallNs;
    if (!(share > threshold)) return [];
    const savingNs = informational ? 0 : partNs - threshold * wallNs;
    const evidence =
      `${label} took ${formatPercent(share)} of the wall time (${formatDuration(partNs)} of ` +
      `${formatDuration(wallNs)}), above the ${formatPercent(threshold)} threshold`;
    const nodes = spansOf < 0 ? [ctx.tree.root] : longestOf(ctx, spansOf);
    const severity = informational ? 'low' : severityForShare(share, threshold);
    return [makeFinding(rule, severity, ctx.workflow, evidence, savingNs, ctx.tree, nodes)];
  };
}

/** The longest spans of one category (up to the span-id bound), longest first. */
function longestOf(ctx: RuleContext, code: number): number[] {
  const { size, root, start, end, category, preorder } = ctx.tree;
  const nodes: number[] = [];
  for (let k = 0; k < size; k++) if (preorder[k] !== root && category[preorder[k]] === code) nodes.push(preorder[k]);
  // Stable sort on a canonical (pre-order) list: ties keep a deterministic order.
  nodes.sort((a, b) => end[b] - start[b] - (end[a] - start[a]));
  if (nodes.length > MAX_SPAN_IDS) nodes.length = MAX_SPAN_IDS;
  return nodes;
}

export const coordinationHeavy = shareRule('coordination-heavy', 'coordination', 'coordinationHeavyRatio', 'coordination', -1);
export const stateIoHeavy = shareRule('state-io-heavy', 'state', 'stateIoHeavyRatio', 'state I/O', STATE);
export const serializationHeavy = shareRule(
  'serialization-heavy',
  'serialization',
  'serializationHeavyRatio',
  'serialization',
  SERIALIZATION,
);
export const llmDominant = shareRule('llm-dominant', 'llm', 'llmDominantRatio', 'LLM calls', LLM, true);
