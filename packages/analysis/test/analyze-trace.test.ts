import { analyzeTrace } from '../src/analyze-trace.js';
import type { SpanRecord } from '../src/span-record.js';
import { MS, root, shuffled, span } from './span-builder.js';

describe('analyzeTrace input handling', () => {
  it('an empty trace gives an empty analysis instead of throwing', () => {
    expect(analyzeTrace([], { partial: true })).toMatchObject({ spanCount: 0, wallNs: 0, rootSpanId: '', partial: true, findings: [] });
  });

  it('fills identity, workflow, counts, tokens and cost', () => {
    const analysis = analyzeTrace([
      root(100, 'research-report'),
      span('l1', 'root', 'llm', 0, 10, { tokens: 100, costUsd: 0.001 }),
      span('l2', 'root', 'llm', 10, 20, { tokens: 250, costUsd: 0.0025 }),
    ]);
    expect(analysis).toMatchObject({
      rootSpanId: 'root',
      rootName: 'invoke_workflow research-report',
      workflow: 'research-report',
      wallNs: 100 * MS,
      spanCount: 3,
      tokens: 350,
      costUsd: 0.0035,
      partial: false,
      warnings: { orphans: 0, clamped: 0, negativeDurations: 0, duplicates: 0 },
    });
  });

  it('the workflow option wins over the root operation, which wins over the root name', () => {
    expect(analyzeTrace([root(10)], { workflow: 'triage' }).workflow).toBe('triage');
    expect(analyzeTrace([span('r', undefined, 'workflow', 0, 10, { name: 'POST /chat' })]).workflow).toBe('POST /chat');
  });

  it('spans whose parent is missing are orphans attached to the root', () => {
    const analysis = analyzeTrace([root(100), span('lost', 'not-here', 'llm', 10, 30)]);
    expect(analysis.warnings.orphans).toBe(1);
    expect(analysis.breakdown.llm).toBe(20 * MS);
  });

  it('of several parentless spans the earliest is the root; the others are orphans', () => {
    const analysis = analyzeTrace([span('late', undefined, 'tool', 20, 40), root(100)]);
    expect(analysis.rootSpanId).toBe('root');
    expect(analysis.warnings.orphans).toBe(1);
    expect(analysis.breakdown.tool).toBe(20 * MS);
  });

  it('rootSpanId picks the root; a local root with a remote parent is fine', () => {
    const analysis = analyzeTrace([span('local', 'remote-parent', 'agent', 0, 50), span('t', 'local', 'tool', 0, 10)], { rootSpanId: 'local' });
    expect(analysis).toMatchObject({ rootSpanId: 'local', wallNs: 50 * MS, warnings: { orphans: 0 } });
  });

  it('children sticking out of their parent are clamped into it, recursively', () => {
    const analysis = analyzeTrace([
      root(100),
      span('wide', 'root', 'tool', -10, 110),
      span('late', 'root', 'agent', 50, 150),
      span('later', 'late', 'llm', 120, 130),
    ]);
    expect(analysis.warnings.clamped).toBe(3);
    expect(analysis.wallNs).toBe(100 * MS);
    expect(analysis.breakdown).toEqual({ llm: 0, tool: 100 * MS, state: 0, serialization: 0, agent: 0, coordination: 0 });
  });

  it('zero-length spans are harmless and spans ending before they start count as zero length', () => {
    const analysis = analyzeTrace([root(100), span('zero', 'root', 'llm', 50, 50), span('backwards', 'root', 'tool', 60, 40)]);
    expect(analysis.warnings.negativeDurations).toBe(1);
    expect(analysis.breakdown.coordination).toBe(100 * MS);
    expect(analysis.peakConcurrency).toBe(0);
  });

  it('a duplicated span id is analysed once and counted', () => {
    const spans = [root(100), span('t', 'root', 'tool', 0, 10)];
    const analysis = analyzeTrace([...spans, spans[1]]);
    expect(analysis.warnings.duplicates).toBe(1);
    expect(analysis.breakdown.tool).toBe(10 * MS);
    expect(analysis.spanCount).toBe(2);
  });

  it('a parent cycle is cut and hung off the root', () => {
    const analysis = analyzeTrace([root(100), span('a', 'b', 'tool', 10, 20), span('b', 'a', 'agent', 0, 50)]);
    expect(analysis.warnings.orphans).toBe(1);
    expect(analysis.spanCount).toBe(3);
    expect(analysis.breakdown.tool + analysis.breakdown.agent).toBe(50 * MS);
  });

  it('gives the same analysis for every input order', () => {
    const spans: SpanRecord[] = [
      root(1000),
      span('a', 'root', 'agent', 0, 300, { operation: 'research' }),
      span('a1', 'a', 'llm', 0, 100, { tokens: 10, costUsd: 0.1 }),
      span('a2', 'a', 'tool', 100, 200, { operation: 'search', error: true }),
      span('a3', 'a', 'tool', 100, 200, { operation: 'search', error: true }),
      span('a4', 'a', 'tool', 200, 250, { operation: 'search', error: true }),
      span('b', 'root', 'agent', 300, 600, { operation: 'data', costUsd: 0.2 }),
      span('b1', 'b', 'state', 300, 300, { costUsd: 0.3 }),
      span('c', 'root', 'agent', 300, 600, { operation: 'data' }),
      span('o', 'missing', 'serialization', 650, 700),
      span('x', 'root', 'tool', 900, 1200),
    ];
    const expected = analyzeTrace(spans, { loopStalls: [{ start: 100 * MS, end: 200 * MS }] });
    for (let seed = 1; seed <= 20; seed++) {
      expect(analyzeTrace(shuffled(spans, seed), { loopStalls: [{ start: 100 * MS, end: 200 * MS }] })).toEqual(expected);
    }
  });
});

describe('analyzeTrace on huge traces', () => {
  const N = 20_000;

  it('a chain of 20 000 nested spans completes without stack overflow', () => {
    const spans: SpanRecord[] = [{ spanId: 's0', name: 's0', category: 'workflow', start: 0, end: 2 * N }];
    for (let i = 1; i < N; i++) {
      spans.push({ spanId: `s${i}`, parentId: `s${i - 1}`, name: `s${i}`, category: i % 2 === 0 ? 'agent' : 'tool', start: i, end: 2 * N - i });
    }
    const analysis = analyzeTrace(shuffled(spans, 7));
    expect(analysis.spanCount).toBe(N);
    expect(analysis.criticalPath.reduce((sum, segment) => sum + segment.contributionNs, 0)).toBe(2 * N);
    expect(analysis.criticalPath).toHaveLength(2 * N - 1);
    expect(Object.values(analysis.breakdown).reduce((sum, part) => sum + part, 0)).toBe(2 * N);
  });

  it('a root with 20 000 children one after another completes quickly', () => {
    const spans: SpanRecord[] = [root(N * 2)];
    for (let i = 0; i < N; i++) spans.push(span(`t${i}`, 'root', i % 3 === 0 ? 'llm' : 'tool', 2 * i, 2 * i + 1, { operation: `op${i % 50}` }));
    const began = Date.now();
    const analysis = analyzeTrace(spans);
    // A generous bound: an O(n²) pass over 20 000 spans would take far longer.
    expect(Date.now() - began).toBeLessThan(5000);
    expect(analysis.spanCount).toBe(N + 1);
    expect(analysis.breakdown.llm + analysis.breakdown.tool).toBe(N * MS);
    expect(analysis.findings.length).toBeGreaterThan(0);
  });
});
