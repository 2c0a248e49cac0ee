import { errorRetryStorm } from './error-retry-storm.js';
import { eventLoopBlocked } from './event-loop-blocked.js';
import { nPlusOne } from './n-plus-one.js';
import { sequentialFanout } from './sequential-fanout.js';
import { coordinationHeavy, llmDominant, serializationHeavy, stateIoHeavy } from './share-thresholds.js';
import { slowOperation } from './slow-operation.js';
import type { Rule, RuleContext } from './rule-context.js';
import type { Finding } from '../types.js';

/** The bottleneck rules, in the order they run. Order only matters for reading: results are sorted. */
export const RULES: readonly Rule[] = [
  sequentialFanout,
  nPlusOne,
  slowOperation,
  coordinationHeavy,
  stateIoHeavy,
  serializationHeavy,
  llmDominant,
  errorRetryStorm,
  eventLoopBlocked,
];

/** Findings per trace are bounded: a profile or a root-span event should stay readable and small. */
export const MAX_FINDINGS = 50;

/** Runs every rule; largest saving first, then a total order so the result does not depend on input order. */
export function runRules(ctx: RuleContext): Finding[] {
  let findings: Finding[] = [];
  for (const rule of RULES) {
    const found = rule(ctx);
    if (found.length > 0) findings = findings.length === 0 ? found : findings.concat(found);
  }
  if (findings.length > 1) findings = withoutFanoutInsideNPlusOne(findings);
  if (findings.length > 1) findings.sort(compareFindings);
  if (findings.length > MAX_FINDINGS) findings.length = MAX_FINDINGS;
  return findings;
}

/**
 * A sequential run that is part of an N+1 burst (the same calls, split by a longer gap)
 * is one problem: the burst's finding covers it, so the fan-out finding is dropped.
 */
function withoutFanoutInsideNPlusOne(findings: Finding[]): Finding[] {
  const inBursts = new Set<string>();
  for (const finding of findings) if (finding.rule === 'n-plus-one') for (const id of finding.spanIds) inBursts.add(id);
  if (inBursts.size === 0) return findings;
  return findings.filter(f => f.rule !== 'sequential-fanout' || !f.spanIds.every(id => inBursts.has(id)));
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.estimatedSavingMs !== b.estimatedSavingMs) return b.estimatedSavingMs - a.estimatedSavingMs;
  return (
    compareText(a.rule, b.rule) ||
    compareText(a.operation, b.operation) ||
    compareText(a.evidence, b.evidence) ||
    compareText(a.spanIds.join(','), b.spanIds.join(','))
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
