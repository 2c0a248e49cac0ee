import { analyzeTrace } from '../src/analyze-trace.js';
import type { SpanRecord } from '../src/span-record.js';
import { root, span } from './span-builder.js';

describe('parallelism', () => {
  const cases: Array<[string, SpanRecord[], { parallelism: number; effectiveConcurrency: number; peakConcurrency: number }]> = [
    [
      'overlapping leaf work: sum / wall, sum / union, and the peak',
      [
        root(100),
        span('a', 'root', 'agent', 0, 60),
        span('a.llm', 'a', 'llm', 0, 40),
        span('a.tool', 'a', 'tool', 20, 60),
        span('b', 'root', 'agent', 10, 50),
        span('b.llm', 'b', 'llm', 10, 30),
        span('get', 'root', 'state', 70, 80),
        span('empty', 'root', 'tool', 85, 85),
      ],
      { parallelism: 1.1, effectiveConcurrency: 110 / 70, peakConcurrency: 3 },
    ],
    [
      'spans that only touch are not concurrent',
      [root(40), span('a', 'root', 'tool', 0, 10), span('b', 'root', 'tool', 10, 20)],
      { parallelism: 0.5, effectiveConcurrency: 1, peakConcurrency: 1 },
    ],
    [
      'an agent without children is leaf work; workflow and other spans are not',
      [root(100), span('a', 'root', 'agent', 0, 50), span('w', 'root', 'workflow', 0, 100), span('o', 'w', 'other', 0, 100)],
      { parallelism: 0.5, effectiveConcurrency: 1, peakConcurrency: 1 },
    ],
    ['no leaf work: parallelism 0, effective concurrency 1', [root(100)], { parallelism: 0, effectiveConcurrency: 1, peakConcurrency: 0 }],
    ['a zero wall time: parallelism 0', [root(0), span('t', 'root', 'tool', 0, 0)], { parallelism: 0, effectiveConcurrency: 1, peakConcurrency: 0 }],
  ];

  it.each(cases)('%s', (_title, spans, expected) => {
    const { parallelism, effectiveConcurrency, peakConcurrency } = analyzeTrace(spans, { thresholds: { overlapToleranceMs: 0 } });
    expect({ parallelism, effectiveConcurrency, peakConcurrency }).toEqual(expected);
  });

  it('treats an overlap below the tolerance (timestamp rounding) as back to back for the peak, not for the union', () => {
    // times in ms: a ends 0.2 µs after b starts
    const spans = [root(100), span('a', 'root', 'tool', 0, 10.0002), span('b', 'root', 'tool', 10, 20)];
    expect(analyzeTrace(spans).peakConcurrency).toBe(1);
    expect(analyzeTrace(spans, { thresholds: { overlapToleranceMs: 0 } }).peakConcurrency).toBe(2);
    const real = [root(100), span('a', 'root', 'tool', 0, 10), span('b', 'root', 'tool', 5, 20)];
    expect(analyzeTrace(real).peakConcurrency).toBe(2);
  });
});
