import { formatDuration } from '../src/format-duration.js';
import { formatProfile } from '../src/format-profile.js';
import type { CriticalPathSegment, TraceAnalysis } from '../src/types.js';

const MS = 1_000_000;

function segment(spanId: string, name: string, category: CriticalPathSegment['category'], fromMs: number, toMs: number): CriticalPathSegment {
  return { spanId, name, category, operation: name.split(' ')[1] ?? name, contributionNs: (toMs - fromMs) * MS, start: fromMs * MS, end: toMs * MS };
}

const analysis: TraceAnalysis = {
  rootSpanId: 'root',
  rootName: 'invoke_workflow research-report',
  workflow: 'research-report',
  wallNs: 5230 * MS,
  breakdown: { llm: 3100 * MS, tool: 1200 * MS, state: 200 * MS, serialization: 50 * MS, agent: 450 * MS, coordination: 230 * MS },
  agents: [
    {
      name: 'research',
      busyNs: 2150 * MS,
      share: 2150 / 5230,
      invocations: 1,
      actions: [
        { category: 'llm', operation: 'gpt-4o', count: 2, totalNs: 1200 * MS },
        { category: 'tool', operation: 'search', count: 3, totalNs: 800 * MS },
        { category: 'state', operation: 'redis.get', count: 12, totalNs: 12.5 * MS },
      ],
    },
    { name: 'data', busyNs: 1870 * MS, share: 1870 / 5230, invocations: 1, actions: [] },
    { name: 'writer', busyNs: 980 * MS, share: 980 / 5230, invocations: 2, actions: [{ category: 'llm', operation: 'claude-sonnet-4', count: 1, totalNs: 900 * MS }] },
  ],
  criticalPath: [
    segment('root', 'invoke_workflow research-report', 'workflow', 0, 100),
    segment('r', 'invoke_agent research', 'agent', 100, 150),
    segment('r.l1', 'chat gpt-4o', 'llm', 150, 750),
    segment('r', 'invoke_agent research', 'agent', 750, 760),
    segment('r.t1', 'execute_tool search', 'tool', 760, 1000),
    segment('r', 'invoke_agent research', 'agent', 1000, 1001),
    segment('r.t2', 'execute_tool search', 'tool', 1001, 1300),
    segment('r.l2', 'chat gpt-4o', 'llm', 1300, 2200),
    segment('root', 'invoke_workflow research-report', 'workflow', 2200, 2250),
    segment('d', 'invoke_agent data', 'agent', 2250, 4120),
    segment('root', 'invoke_workflow research-report', 'workflow', 4120, 4122),
    segment('w', 'invoke_agent writer', 'agent', 4122, 5100),
    segment('root', 'invoke_workflow research-report', 'workflow', 5100, 5230),
  ],
  parallelism: 0.9213,
  effectiveConcurrency: 1.4,
  peakConcurrency: 3,
  findings: [
    {
      rule: 'sequential-fanout',
      severity: 'high',
      operation: 'research-report',
      evidence: '3 calls (research, data, writer) ran one after another over 5.00s; running them in parallel would save ~2.85s',
      estimatedSavingMs: 2850,
      spanIds: ['r', 'd', 'w'],
    },
    {
      rule: 'n-plus-one',
      severity: 'low',
      operation: 'redis.get',
      evidence: '12 redis.get calls under research ran back to back in 14.0ms; one batched call would save ~12.9ms',
      estimatedSavingMs: 12.9,
      spanIds: ['g1'],
    },
  ],
  spanCount: 25,
  tokens: 3120,
  costUsd: 0.0123,
  partial: false,
  warnings: { orphans: 1, clamped: 2, negativeDurations: 0, duplicates: 0 },
};

describe('formatProfile', () => {
  it('renders the seeds’ profile layout, exactly', () => {
    expect(formatProfile(analysis)).toBe(EXPECTED);
  });

  it('takes a title and marks partial traces', () => {
    const text = formatProfile({ ...analysis, partial: true }, { title: 'EV market analysis' });
    expect(text.split('\n')[1]).toBe('PROFILE: EV market analysis (trace root invoke_workflow research-report, partial)');
  });

  it('says so when there are no findings and the path is empty', () => {
    const text = formatProfile({ ...analysis, wallNs: 0, criticalPath: [], findings: [], agents: [] });
    expect(text).toContain('\nCritical path: empty (zero wall time)\n');
    expect(text).toContain('\nFindings: none\n');
    expect(text).toContain('\n  Coordination    :  230ms (  0.0%)\n');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [512, '512ns'],
    [1_500, '1.50µs'],
    [999_600, '1.00ms'],
    [2_345_678, '2.35ms'],
    [23_456_789, '23.5ms'],
    [234_567_890, '235ms'],
    [999_600_000, '1.00s'],
    [5_230_000_000, '5.23s'],
    [125_000_000_000, '125.00s'],
  ])('%d ns is %s', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });
});

const EXPECTED = `============================================================
PROFILE: research-report (trace root invoke_workflow research-report)
============================================================

Total Time: 5.23s   spans 25   tokens 3,120   cost $0.0123
  parallelism 0.92   effective concurrency 1.40   peak concurrency 3
  data quality: 1 orphan span, 2 clamped spans

Agent Breakdown:
  research        :  2.15s ( 41.1%)
    └─ llm gpt-4o           ×2  : 1.20s
    └─ tool search          ×3  : 800ms
    └─ state redis.get      ×12 : 12.5ms
  data            :  1.87s ( 35.8%)
  writer          :  980ms ( 18.7%)
    └─ llm claude-sonnet-4  ×1  : 900ms
  Coordination    :  230ms (  4.4%)

Time by category:  llm 3.10s (59.3%)  tool 1.20s (22.9%)  state 200ms (3.8%)  serialization 50.0ms (1.0%)  agent self 450ms (8.6%)  coordination 230ms (4.4%)

Critical path (13 segments, top 10 by contribution):
  invoke_workflow research-report   100ms (  1.9%)
  invoke_agent research            50.0ms (  1.0%)
  chat gpt-4o                       600ms ( 11.5%)
  execute_tool search               240ms (  4.6%)
  execute_tool search               299ms (  5.7%)
  chat gpt-4o                       900ms ( 17.2%)
  invoke_workflow research-report  50.0ms (  1.0%)
  invoke_agent data                 1.87s ( 35.8%)
  invoke_agent writer               978ms ( 18.7%)
  invoke_workflow research-report   130ms (  2.5%)
  … 3 more segments: 13.0ms (0.2%)

Findings (2):
  [high]   sequential-fanout  research-report: 3 calls (research, data, writer) ran one after another over 5.00s; running them in parallel would save ~2.85s
  [low]    n-plus-one         redis.get: 12 redis.get calls under research ran back to back in 14.0ms; one batched call would save ~12.9ms
============================================================
`;
