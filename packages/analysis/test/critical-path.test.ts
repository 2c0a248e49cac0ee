import { analyzeTrace } from '../src/analyze-trace.js';
import type { SpanRecord } from '../src/span-record.js';
import { MS, root, span } from './span-builder.js';

/** [spanId, contribution ms] in time order. */
function path(spans: SpanRecord[]): Array<[string, number]> {
  return analyzeTrace(spans).criticalPath.map((segment) => [segment.spanId, segment.contributionNs / MS]);
}

describe('critical path', () => {
  const cases: Array<[string, SpanRecord[], Array<[string, number]>]> = [
    [
      'of parallel branches the one that ends last is on the path; the shorter one is not',
      [
        root(100),
        span('a', 'root', 'agent', 10, 60),
        span('b', 'root', 'agent', 10, 90),
        span('b.llm', 'b', 'llm', 20, 80),
      ],
      [
        ['root', 10],
        ['b', 10],
        ['b.llm', 60],
        ['b', 10],
        ['root', 10],
      ],
    ],
    [
      'a sequential chain is all on the path, with the gaps as the parent’s own time',
      [
        root(100),
        span('a', 'root', 'agent', 0, 30),
        span('b', 'root', 'agent', 35, 60),
        span('c', 'root', 'agent', 60, 95),
      ],
      [
        ['a', 30],
        ['root', 5],
        ['b', 25],
        ['c', 35],
        ['root', 5],
      ],
    ],
    [
      'an overlapping earlier sibling is clipped at the start of the later one',
      [root(100), span('a', 'root', 'tool', 0, 70), span('b', 'root', 'tool', 50, 100)],
      [
        ['a', 50],
        ['b', 50],
      ],
    ],
    [
      'zero-length children own no time and are not listed',
      [root(100), span('z', 'root', 'tool', 50, 50), span('a', 'root', 'tool', 20, 40)],
      [
        ['root', 20],
        ['a', 20],
        ['root', 60],
      ],
    ],
    ['a root alone is the whole path', [root(100)], [['root', 100]]],
  ];

  it.each(cases)('%s', (_title, spans, expected) => {
    expect(path(spans)).toEqual(expected);
  });

  it('contributions sum to the wall time and segments carry their interval', () => {
    const analysis = analyzeTrace([
      root(100),
      span('a', 'root', 'agent', 10, 60, { operation: 'research' }),
      span('a.llm', 'a', 'llm', 20, 50, { name: 'chat gpt-4o', operation: 'gpt-4o' }),
    ]);
    const total = analysis.criticalPath.reduce((sum, segment) => sum + segment.contributionNs, 0);
    expect(total).toBe(analysis.wallNs);
    expect(analysis.criticalPath[2]).toEqual({
      spanId: 'a.llm',
      name: 'chat gpt-4o',
      category: 'llm',
      operation: 'gpt-4o',
      contributionNs: 30 * MS,
      start: 20 * MS,
      end: 50 * MS,
    });
  });

  it('a zero-length root has an empty path', () => {
    expect(analyzeTrace([root(0)]).criticalPath).toEqual([]);
  });
});
