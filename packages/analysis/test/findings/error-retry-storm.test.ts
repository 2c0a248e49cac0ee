import type { SpanRecord } from '../../src/span-record.js';
import { root, span } from '../span-builder.js';
import { findingsOf } from './find.js';

const storm = (spans: SpanRecord[]) => findingsOf(spans, 'error-retry-storm');
const attempt = (id: string, parent: string, from: number, to: number, error: boolean, operation = 'search'): SpanRecord =>
  span(id, parent, 'tool', from, to, { operation, error });

describe('error-retry-storm', () => {
  it('three failed attempts of one operation under one parent: saving is the time they took', () => {
    const findings = storm([
      root(100),
      span('agent', 'root', 'agent', 0, 100, { operation: 'research' }),
      attempt('a1', 'agent', 0, 10, true),
      attempt('a2', 'agent', 10, 20, true),
      attempt('a3', 'agent', 20, 30, true),
      attempt('a4', 'agent', 30, 40, false),
    ]);
    expect(findings).toEqual([
      {
        rule: 'error-retry-storm',
        severity: 'high',
        operation: 'search',
        evidence: '3 of 4 search calls under research failed; the failed attempts took 30.0ms',
        estimatedSavingMs: 30,
        spanIds: ['a1', 'a2', 'a3'],
      },
    ]);
  });

  it('concurrent failed attempts count their time once', () => {
    const findings = storm([root(100), attempt('a1', 'root', 0, 10, true), attempt('a2', 'root', 5, 15, true), attempt('a3', 'root', 5, 12, true)]);
    expect(findings.map((finding) => finding.estimatedSavingMs)).toEqual([15]);
  });

  const quiet: Array<[string, SpanRecord[]]> = [
    ['two failures are below retryStormMinErrors', [root(100), attempt('a1', 'root', 0, 10, true), attempt('a2', 'root', 10, 20, true)]],
    [
      'failures of different operations are not one storm',
      [root(100), attempt('a1', 'root', 0, 10, true, 'a'), attempt('a2', 'root', 10, 20, true, 'b'), attempt('a3', 'root', 20, 30, true, 'c')],
    ],
    [
      'failures under different parents are not one storm',
      [
        root(100),
        span('x', 'root', 'agent', 0, 50),
        span('y', 'root', 'agent', 50, 100),
        attempt('a1', 'x', 0, 10, true),
        attempt('a2', 'x', 10, 20, true),
        attempt('a3', 'y', 50, 60, true),
      ],
    ],
  ];

  it.each(quiet)('%s', (_title, spans) => {
    expect(storm(spans)).toEqual([]);
  });
});
