import type { SpanRecord } from '../../src/span-record.js';
import { root, span } from '../span-builder.js';
import { findingsOf } from './find.js';

const nPlusOne = (spans: SpanRecord[]) => findingsOf(spans, 'n-plus-one');

/** count calls of `operation` under `parent`, each `lengthMs` long, `gapMs` apart, from `fromMs`. */
function calls(parent: string, operation: string, count: number, fromMs: number, lengthMs: number, gapMs: number, category: 'tool' | 'state' | 'llm' = 'tool'): SpanRecord[] {
  return Array.from({ length: count }, (_, k) => {
    const start = fromMs + k * (lengthMs + gapMs);
    return span(`${operation}${k}`, parent, category, start, start + lengthMs, { operation });
  });
}

describe('n-plus-one', () => {
  it('six same-operation tool calls back to back under one agent: saving is sum − max', () => {
    const findings = nPlusOne([root(200), span('agent', 'root', 'agent', 0, 200, { operation: 'research' }), ...calls('agent', 'get_user', 6, 0, 10, 1)]);
    expect(findings).toEqual([
      {
        rule: 'n-plus-one',
        severity: 'high',
        operation: 'get_user',
        evidence: '6 get_user calls under research ran back to back in 60.0ms; one batched call would save ~50.0ms',
        estimatedSavingMs: 50,
        spanIds: ['get_user0', 'get_user1', 'get_user2', 'get_user3', 'get_user4', 'get_user5'],
      },
    ]);
  });

  it('state calls count too', () => {
    const findings = nPlusOne([root(1000), ...calls('root', 'redis.get', 5, 0, 2, 3, 'state')]);
    expect(findings.map((finding) => [finding.operation, finding.estimatedSavingMs, finding.severity])).toEqual([['redis.get', 8, 'low']]);
  });

  it('calls of other operations in between do not break a burst', () => {
    const interleaved: SpanRecord[] = [root(100)];
    for (let k = 0; k < 10; k++) {
      const operation = k % 2 === 0 ? 'fetch' : 'store';
      interleaved.push(span(`c${k}`, 'root', 'tool', k * 2, k * 2 + 1, { operation }));
    }
    expect(nPlusOne(interleaved).map((finding) => [finding.operation, finding.spanIds.length, finding.estimatedSavingMs])).toEqual([
      ['fetch', 5, 4],
      ['store', 5, 4],
    ]);
  });

  it('concurrent same-operation calls are still N round trips, but the saving does not count the overlap', () => {
    const concurrent = Array.from({ length: 5 }, (_, k) => span(`q${k}`, 'root', 'tool', k, 20 + k, { operation: 'lookup' }));
    const findings = nPlusOne([root(100), ...concurrent]);
    expect(findings.map((finding) => [finding.estimatedSavingMs, finding.severity])).toEqual([[4, 'low']]);
  });

  const quiet: Array<[string, SpanRecord[]]> = [
    ['four calls are below nPlusOneMinCalls', [root(100), ...calls('root', 'get', 4, 0, 5, 1)]],
    ['a gap wider than nPlusOneMaxGapMs splits the burst', [root(200), ...calls('root', 'get', 2, 0, 5, 1), ...calls('root', 'get', 3, 40, 5, 1).map((s, k) => ({ ...s, spanId: `late${k}` }))]],
    ['llm calls are not an N+1', [root(200), ...calls('root', 'gpt-4o', 6, 0, 10, 1, 'llm')]],
    ['calls under different parents are not one burst', [root(100), span('a', 'root', 'agent', 0, 50), span('b', 'root', 'agent', 50, 100), ...calls('a', 'get', 3, 0, 5, 1), ...calls('b', 'get', 3, 50, 5, 1).map((s, k) => ({ ...s, spanId: `b${k}` }))]],
  ];

  it.each(quiet)('%s', (_title, spans) => {
    expect(nPlusOne(spans)).toEqual([]);
  });

  it('nPlusOneMinCalls is configurable', () => {
    const spans = [root(100), ...calls('root', 'get', 3, 0, 5, 1)];
    expect(findingsOf(spans, 'n-plus-one', { thresholds: { nPlusOneMinCalls: 3 } })).toHaveLength(1);
  });
});
