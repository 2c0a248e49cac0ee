import type { TraceAnalysis } from '@agentmeter/sdk';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The run summary: requests, latency P50/P95, tokens, cost, time by category, findings by rule. */
export function formatSummary(analyses: TraceAnalysis[], elapsedMs: number, metricsUrl: string | undefined): string {
  const walls = analyses.map(a => a.wallNs / 1e6).sort((x, y) => x - y);
  const tokens = analyses.reduce((sum, a) => sum + a.tokens, 0);
  const cost = analyses.reduce((sum, a) => sum + a.costUsd, 0);
  const wallTotal = analyses.reduce((sum, a) => sum + a.wallNs, 0);
  const categories = ['coordination', 'agent', 'llm', 'tool', 'state', 'serialization'] as const;
  const byCategory = categories
    .map(c => `${c} ${((analyses.reduce((sum, a) => sum + a.breakdown[c], 0) / wallTotal) * 100).toFixed(1)}%`)
    .join('  ');
  const rules = new Map<string, { count: number; savingMs: number }>();
  for (const analysis of analyses) {
    for (const finding of analysis.findings) {
      const entry = rules.get(finding.rule) ?? { count: 0, savingMs: 0 };
      entry.count++;
      entry.savingMs += finding.estimatedSavingMs;
      rules.set(finding.rule, entry);
    }
  }
  const lines = [
    '',
    '== agentmeter demo: summary ==',
    `requests           ${analyses.length} in ${(elapsedMs / 1000).toFixed(1)}s`,
    `latency            P50 ${percentile(walls, 50).toFixed(0)} ms   P95 ${percentile(walls, 95).toFixed(0)} ms   max ${walls[walls.length - 1]?.toFixed(0)} ms`,
    `tokens             ${tokens} total, ${Math.round(tokens / Math.max(1, analyses.length))} per request`,
    `cost               $${cost.toFixed(4)} total, $${(cost / Math.max(1, analyses.length)).toFixed(5)} per request`,
    `time by category   ${byCategory}`,
    'findings           ' +
      ([...rules.entries()].map(([rule, r]) => `${rule} ×${r.count} (avg saving ${(r.savingMs / r.count).toFixed(0)} ms)`).join(', ') || 'none'),
  ];
  if (metricsUrl) lines.push(`prometheus         ${metricsUrl}`);
  return lines.join('\n');
}
