import type { SpanRecord } from '../../src/span-record.js';
import { root, span } from '../span-builder.js';
import { findingsOf } from './find.js';

const slow = (spans: SpanRecord[], byName?: Record<string, number>) =>
  findingsOf(spans, 'slow-operation', byName === undefined ? undefined : { thresholds: { slowOperationByName: byName } });

describe('slow-operation', () => {
  it('a tool over its category budget: saving is the time over budget', () => {
    expect(slow([root(10_000), span('t', 'root', 'tool', 0, 6000, { operation: 'search' })])).toEqual([
      {
        rule: 'slow-operation',
        severity: 'medium',
        operation: 'search',
        evidence: 'tool search took 6.00s, 1.00s over its 5.00s budget',
        estimatedSavingMs: 1000,
        spanIds: ['t'],
      },
    ]);
  });

  it('a budget by operation name wins over the category budget, both ways', () => {
    const tight = [root(10_000), span('t', 'root', 'tool', 0, 3000, { operation: 'search' })];
    expect(slow(tight, { search: 2000 }).map((finding) => finding.estimatedSavingMs)).toEqual([1000]);
    const loose = [root(10_000), span('t', 'root', 'tool', 0, 6000, { operation: 'search' })];
    expect(slow(loose, { search: 8000 })).toEqual([]);
  });

  it('state, serialization and llm calls have their own budgets', () => {
    const findings = slow([
      root(100_000),
      span('get', 'root', 'state', 0, 600, { operation: 'redis.get' }),
      span('ser', 'root', 'serialization', 0, 250, { operation: 'message' }),
      span('llm', 'root', 'llm', 0, 31_000, { operation: 'gpt-4o' }),
    ]);
    expect(findings.map((finding) => [finding.operation, finding.estimatedSavingMs])).toEqual([
      ['gpt-4o', 1000],
      ['redis.get', 100],
      ['message', 50],
    ]);
  });

  it('agents have no default budget, and a span exactly at its budget is not slow', () => {
    expect(slow([root(100_000), span('a', 'root', 'agent', 0, 90_000), span('t', 'a', 'tool', 0, 5000)])).toEqual([]);
  });

  it('operation names that exist on Object.prototype are plain names', () => {
    const spans = [root(10_000), span('t', 'root', 'tool', 0, 6000, { operation: 'constructor' })];
    expect(slow(spans, {}).map((finding) => finding.estimatedSavingMs)).toEqual([1000]);
  });
});
