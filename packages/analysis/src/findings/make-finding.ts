import type { TraceTree } from '../trace-tree.js';
import type { Finding, FindingRule, Severity } from '../types.js';

/** Span ids listed per finding: enough to find the spans, bounded so one finding stays small. */
export const MAX_SPAN_IDS = 20;

const NS_PER_US = 1e3;
const US_PER_MS = 1e3;

/** Severity of a rule that saves time: the saving as a share of the wall time. */
export function severityForSaving(savingNs: number, wallNs: number): Severity {
  if (wallNs <= 0) return 'low';
  const share = savingNs / wallNs;
  return share >= 0.2 ? 'high' : share >= 0.05 ? 'medium' : 'low';
}

/** Severity of a share rule: how far over its threshold the share is (2× high, 1.5× medium). */
export function severityForShare(share: number, threshold: number): Severity {
  if (share >= 2 * threshold) return 'high';
  return share >= 1.5 * threshold ? 'medium' : 'low';
}

export function makeFinding(
  rule: FindingRule,
  severity: Severity,
  operation: string,
  evidence: string,
  savingNs: number,
  tree: TraceTree,
  nodes: ArrayLike<number>,
  nodeCount: number = nodes.length,
): Finding {
  const listed = nodeCount < MAX_SPAN_IDS ? nodeCount : MAX_SPAN_IDS;
  const spanIds = new Array<string>(listed);
  for (let k = 0; k < listed; k++) spanIds[k] = tree.records[nodes[k]].spanId;
  return {
    rule,
    severity,
    operation,
    evidence,
    // Rounded to the microsecond: finer digits are noise in a saving estimate.
    estimatedSavingMs: savingNs > 0 ? Math.round(savingNs / NS_PER_US) / US_PER_MS : 0,
    spanIds,
  };
}

/** "a ×3, b, c, +2 more": distinct operations in order of appearance, bounded. */
export function describeOperations(tree: TraceTree, nodes: ArrayLike<number>, nodeCount: number): string {
  const counts = new Map<string, number>();
  for (let k = 0; k < nodeCount; k++) {
    const name = tree.operation[nodes[k]];
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const shown = counts.size <= 5 ? counts.size : 4;
  const parts: string[] = [];
  for (const [name, count] of counts) {
    if (parts.length === shown) break;
    parts.push(count > 1 ? `${name} ×${count}` : name);
  }
  if (shown < counts.size) parts.push(`+${counts.size - shown} more`);
  return parts.join(', ');
}
