import type { SpanRecord } from '../../src/span-record.js';
import { root, span } from '../span-builder.js';
import { findingsOf } from './find.js';

const fanout = (spans: SpanRecord[]) => findingsOf(spans, 'sequential-fanout');

describe('sequential-fanout', () => {
  it('agents that ran one after another with nothing in between: saving is sum − max', () => {
    const findings = fanout([
      root(1000),
      span('research', 'root', 'agent', 0, 300),
      span('data', 'root', 'agent', 301, 700),
      span('writer', 'root', 'agent', 702, 1000),
    ]);
    expect(findings).toEqual([
      {
        rule: 'sequential-fanout',
        severity: 'high',
        operation: 'coordinator',
        evidence:
          '3 calls (research, data, writer) ran one after another over 1.00s; running them in parallel would save ~598ms',
        estimatedSavingMs: 598,
        spanIds: ['research', 'data', 'writer'],
      },
    ]);
  });

  it('a gap up to fanoutMaxGapRatio of the shorter sibling still counts as nothing in between', () => {
    const findings = fanout([root(2000), span('a', 'root', 'tool', 0, 1000), span('b', 'root', 'tool', 1080, 2000)]);
    expect(findings.map((finding) => [finding.estimatedSavingMs, finding.severity])).toEqual([[920, 'high']]);
  });

  it('mixes agents and tools in one run, and reports runs of llm calls on their own', () => {
    const findings = fanout([
      root(1000),
      span('a', 'root', 'agent', 0, 100),
      span('t', 'root', 'tool', 100, 200),
      span('l1', 'root', 'llm', 300, 400),
      span('l2', 'root', 'llm', 400, 500),
    ]);
    expect(findings.map((finding) => finding.spanIds)).toEqual([['a', 't'], ['l1', 'l2']]);
  });

  it('`other` siblings in between are transparent', () => {
    const findings = fanout([root(300), span('a', 'root', 'tool', 0, 100), span('http', 'root', 'other', 100, 102), span('b', 'root', 'tool', 102, 200)]);
    expect(findings.map((finding) => finding.estimatedSavingMs)).toEqual([98]);
  });

  const quiet: Array<[string, SpanRecord[]]> = [
    [
      'Promise.all-style overlapping siblings give none',
      [root(200), span('a', 'root', 'agent', 0, 100), span('b', 'root', 'agent', 1, 120), span('c', 'root', 'agent', 2, 90)],
    ],
    [
      'an llm → tool → llm loop gives none',
      [
        root(100),
        span('agent', 'root', 'agent', 0, 100),
        span('l1', 'agent', 'llm', 0, 30),
        span('t', 'agent', 'tool', 30, 60),
        span('l2', 'agent', 'llm', 60, 90),
      ],
    ],
    [
      'big gaps of coordinator work give none',
      [root(400), span('a', 'root', 'agent', 0, 100), span('b', 'root', 'agent', 200, 300)],
    ],
    [
      'dependsOnPrevious breaks the run',
      [root(300), span('a', 'root', 'agent', 0, 100), span('b', 'root', 'agent', 100, 200, { dependsOnPrevious: true })],
    ],
    [
      'a state call in between breaks the run',
      [root(300), span('a', 'root', 'tool', 0, 100), span('get', 'root', 'state', 100, 110), span('b', 'root', 'tool', 110, 200)],
    ],
    [
      'a saving below fanoutMinSavingMs is not reported',
      [root(10), span('a', 'root', 'tool', 0, 3), span('b', 'root', 'tool', 3, 6)],
    ],
    [
      'siblings under different parents do not form a run',
      [root(300), span('x', 'root', 'agent', 0, 100), span('x.t', 'x', 'tool', 0, 100), span('y', 'root', 'workflow', 100, 200), span('y.t', 'y', 'tool', 100, 200)],
    ],
  ];

  it.each(quiet)('%s', (_title, spans) => {
    expect(fanout(spans)).toEqual([]);
  });

  it('dependsOnPrevious starts a new run at that sibling', () => {
    const findings = fanout([
      root(400),
      span('a', 'root', 'agent', 0, 100),
      span('b', 'root', 'agent', 100, 200, { dependsOnPrevious: true }),
      span('c', 'root', 'agent', 200, 300),
    ]);
    expect(findings.map((finding) => finding.spanIds)).toEqual([['b', 'c']]);
  });

  it('a run of one repeated tool in tight succession is left to n-plus-one', () => {
    const calls = [0, 1, 2, 3, 4].map((k) => span(`s${k}`, 'root', 'tool', k * 21, k * 21 + 20, { operation: 'search' }));
    const spans = [root(200), ...calls];
    expect(fanout(spans)).toEqual([]);
    expect(findingsOf(spans, 'n-plus-one')).toHaveLength(1);
  });

  it('a run of one repeated tool with gaps too wide for n-plus-one is still a fan-out', () => {
    const calls = [0, 1, 2, 3, 4].map((k) => span(`s${k}`, 'root', 'tool', k * 1100, k * 1100 + 1000, { operation: 'search' }));
    const findings = fanout([root(6000), ...calls]);
    expect(findings.map((finding) => [finding.estimatedSavingMs, finding.evidence])).toEqual([
      [4000, '5 calls (search ×5) ran one after another over 5.40s; running them in parallel would save ~4.00s'],
    ]);
    expect(findingsOf([root(6000), ...calls], 'n-plus-one')).toEqual([]);
  });

  it('lists at most five operations in the evidence', () => {
    const calls = Array.from({ length: 7 }, (_, k) => span(`t${k}`, 'root', 'tool', k * 100, k * 100 + 100, { operation: `tool${k}` }));
    const [finding] = fanout([root(700), ...calls]);
    expect(finding.evidence).toBe(
      '7 calls (tool0, tool1, tool2, tool3, +3 more) ran one after another over 700ms; running them in parallel would save ~600ms',
    );
  });
});
