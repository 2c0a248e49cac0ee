import { formatDuration, formatPercent } from './format-duration.js';
import type { AgentProfile, BreakdownCategory, CriticalPathSegment, TraceAnalysis } from './types.js';

export interface FormatProfileOptions {
  /** Heading after "PROFILE:"; default the analysis' workflow name. */
  title?: string;
}

const RULE = '='.repeat(60);
const MAX_PATH_SEGMENTS = 10;
const MAX_ACTIONS = 8;
/** Width of "[medium]", the longest severity tag. */
const SEVERITY_WIDTH = 8;
const CATEGORY_LABELS: ReadonlyArray<[BreakdownCategory, string]> = [
  ['llm', 'llm'],
  ['tool', 'tool'],
  ['state', 'state'],
  ['serialization', 'serialization'],
  ['agent', 'agent self'],
  ['coordination', 'coordination'],
];

/**
 * A trace analysis as a terminal profile, in the layout of the seeds' profile script
 * (shared/seeds: "PROFILE: …", "Agent Breakdown:", "Coordination"). Data in, text out:
 * deterministic (no dates, no locale), so it can be tested on exact output.
 */
export function formatProfile(analysis: TraceAnalysis, options: FormatProfileOptions = {}): string {
  const wall = analysis.wallNs;
  const lines: string[] = [RULE];
  const partial = analysis.partial ? ', partial' : '';
  lines.push(`PROFILE: ${options.title ?? analysis.workflow} (trace root ${analysis.rootName}${partial})`, RULE, '');
  lines.push(
    `Total Time: ${formatDuration(wall)}   spans ${analysis.spanCount}   tokens ${groupThousands(analysis.tokens)}   ` +
      `cost $${analysis.costUsd.toFixed(4)}`,
    `  parallelism ${analysis.parallelism.toFixed(2)}   effective concurrency ` +
      `${analysis.effectiveConcurrency.toFixed(2)}   peak concurrency ${analysis.peakConcurrency}`,
  );
  const { orphans, clamped, negativeDurations, duplicates } = analysis.warnings;
  const quality = [
    plural(orphans, 'orphan span'),
    plural(clamped, 'clamped span'),
    plural(negativeDurations, 'negative duration'),
    plural(duplicates, 'duplicate span'),
  ].filter((part) => part !== '');
  if (quality.length > 0) lines.push(`  data quality: ${quality.join(', ')}`);

  lines.push('', 'Agent Breakdown:', ...agentLines(analysis.agents, analysis.breakdown.coordination, wall), '');
  const parts = CATEGORY_LABELS.map(
    ([key, label]) => `${label} ${formatDuration(analysis.breakdown[key])} (${formatPercent(ratio(analysis.breakdown[key], wall))})`,
  );
  lines.push(`Time by category:  ${parts.join('  ')}`, '');
  lines.push(...pathLines(analysis.criticalPath, wall), '');

  if (analysis.findings.length === 0) {
    lines.push('Findings: none');
  } else {
    lines.push(`Findings (${analysis.findings.length}):`);
    const ruleWidth = Math.max(...analysis.findings.map((finding) => finding.rule.length));
    for (const finding of analysis.findings) {
      const severity = `[${finding.severity}]`.padEnd(SEVERITY_WIDTH);
      lines.push(`  ${severity} ${finding.rule.padEnd(ruleWidth)}  ${finding.operation}: ${finding.evidence}`);
    }
  }
  lines.push(RULE);
  return `${lines.join('\n')}\n`;
}

function agentLines(agents: readonly AgentProfile[], coordinationNs: number, wall: number): string[] {
  const nameWidth = Math.max(15, ...agents.map((agent) => agent.name.length));
  const durations = agents.map((agent) => formatDuration(agent.busyNs));
  const coordination = formatDuration(coordinationNs);
  const durationWidth = Math.max(6, coordination.length, ...durations.map((text) => text.length));
  const shown = agents.map((agent) => agent.actions.slice(0, MAX_ACTIONS));
  const labels = shown.map((actions) => actions.map((action) => `${action.category} ${action.operation}`));
  const labelWidth = Math.max(20, ...labels.flat().map((label) => label.length));
  const countWidth = Math.max(0, ...shown.flat().map((action) => String(action.count).length));

  const lines: string[] = [];
  const row = (name: string, duration: string, share: number): string =>
    `  ${name.padEnd(nameWidth)} : ${duration.padStart(durationWidth)} (${percentColumn(share)})`;
  agents.forEach((agent, a) => {
    lines.push(row(agent.name, durations[a], agent.share));
    shown[a].forEach((action, k) => {
      const count = `×${String(action.count).padEnd(countWidth)}`;
      lines.push(`    └─ ${labels[a][k].padEnd(labelWidth)} ${count} : ${formatDuration(action.totalNs)}`);
    });
    if (agent.actions.length > MAX_ACTIONS) lines.push(`    └─ … ${agent.actions.length - MAX_ACTIONS} more actions`);
  });
  lines.push(row('Coordination', coordination, ratio(coordinationNs, wall)));
  return lines;
}

function pathLines(path: readonly CriticalPathSegment[], wall: number): string[] {
  if (path.length === 0) return ['Critical path: empty (zero wall time)'];
  // The largest contributions (earlier first on ties), printed in time order.
  const ranked = path.map((segment, index) => ({ segment, index }));
  ranked.sort((a, b) => b.segment.contributionNs - a.segment.contributionNs || a.index - b.index);
  const kept = ranked.slice(0, MAX_PATH_SEGMENTS).sort((a, b) => a.index - b.index);
  const omitted = path.length - kept.length;
  const heading =
    omitted > 0
      ? `Critical path (${path.length} segments, top ${kept.length} by contribution):`
      : `Critical path (${path.length} segments):`;
  const nameWidth = Math.max(...kept.map(({ segment }) => segment.name.length));
  const durations = kept.map(({ segment }) => formatDuration(segment.contributionNs));
  const durationWidth = Math.max(...durations.map((text) => text.length));
  const lines = [heading];
  kept.forEach(({ segment }, k) => {
    lines.push(
      `  ${segment.name.padEnd(nameWidth)}  ${durations[k].padStart(durationWidth)} (${percentColumn(ratio(segment.contributionNs, wall))})`,
    );
  });
  if (omitted > 0) {
    let rest = 0;
    for (const { segment } of ranked.slice(MAX_PATH_SEGMENTS)) rest += segment.contributionNs;
    lines.push(`  … ${omitted} more segment${omitted === 1 ? '' : 's'}: ${formatDuration(rest)} (${formatPercent(ratio(rest, wall))})`);
  }
  return lines;
}

/** "( 41.1%)"-style column, as in the seeds' profile output. */
function percentColumn(share: number): string {
  return `${(share * 100).toFixed(1).padStart(5)}%`;
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

function plural(count: number, noun: string): string {
  if (count === 0) return '';
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** 3120 → "3,120", independent of the locale. */
function groupThousands(value: number): string {
  const [whole, fraction] = String(Math.round(value * 100) / 100).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
