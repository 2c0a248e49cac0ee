import type { SpanRecord } from '../../src/span-record.js';
import type { FindingRule } from '../../src/types.js';
import { root, span } from '../span-builder.js';
import { findingsOf } from './find.js';

describe('share rules', () => {
  it('coordination above 15 % of the wall time: saving is the part above the threshold', () => {
    expect(findingsOf([root(100), span('l', 'root', 'llm', 0, 70)], 'coordination-heavy')).toEqual([
      {
        rule: 'coordination-heavy',
        severity: 'high',
        operation: 'coordinator',
        evidence: 'coordination took 30.0% of the wall time (30.0ms of 100ms), above the 15.0% threshold',
        estimatedSavingMs: 15,
        spanIds: ['root'],
      },
    ]);
  });

  it('state I/O above 7 % lists the state spans, longest first', () => {
    const findings = findingsOf(
      [root(100), span('a', 'root', 'agent', 0, 100), span('g1', 'a', 'state', 10, 13), span('g2', 'a', 'state', 20, 27)],
      'state-io-heavy',
    );
    expect(findings.map((finding) => [finding.severity, finding.estimatedSavingMs, finding.spanIds])).toEqual([['low', 3, ['g2', 'g1']]]);
  });

  it('serialization above 5 %: medium from 1.5× the threshold, high from 2×', () => {
    const at = (ms: number) =>
      findingsOf([root(100), span('a', 'root', 'agent', 0, 100), span('s', 'a', 'serialization', 0, ms)], 'serialization-heavy').map(
        (finding) => [finding.severity, finding.estimatedSavingMs],
      );
    expect(at(6)).toEqual([['low', 1]]);
    expect(at(8)).toEqual([['medium', 3]]);
    expect(at(11)).toEqual([['high', 6]]);
  });

  it('llm above 85 % is informational: low severity, no saving', () => {
    const findings = findingsOf([root(100), span('l', 'root', 'llm', 0, 90)], 'llm-dominant');
    expect(findings.map((finding) => [finding.severity, finding.estimatedSavingMs, finding.evidence])).toEqual([
      ['low', 0, 'LLM calls took 90.0% of the wall time (90.0ms of 100ms), above the 85.0% threshold'],
    ]);
  });

  const atThreshold: Array<[FindingRule, SpanRecord[]]> = [
    ['coordination-heavy', [root(100), span('l', 'root', 'llm', 0, 85)]],
    ['state-io-heavy', [root(100), span('a', 'root', 'agent', 0, 100), span('g', 'a', 'state', 0, 7)]],
    ['serialization-heavy', [root(100), span('a', 'root', 'agent', 0, 100), span('s', 'a', 'serialization', 0, 5)]],
    ['llm-dominant', [root(100), span('l', 'root', 'llm', 0, 85)]],
  ];

  it.each(atThreshold)('%s does not fire at exactly its threshold', (rule, spans) => {
    expect(findingsOf(spans, rule)).toEqual([]);
  });

  it('thresholds are configurable', () => {
    const spans = [root(100), span('l', 'root', 'llm', 0, 90)];
    expect(findingsOf(spans, 'coordination-heavy', { thresholds: { coordinationHeavyRatio: 0.05 } })).toHaveLength(1);
  });

  it('a zero wall time has no shares', () => {
    expect(findingsOf([root(0)], 'coordination-heavy')).toEqual([]);
  });
});
