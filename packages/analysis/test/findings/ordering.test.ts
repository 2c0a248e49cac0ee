import { analyzeTrace } from '../../src/analyze-trace.js';
import { root, span } from '../span-builder.js';

describe('findings list', () => {
  it('is sorted by estimated saving, largest first, then by rule', () => {
    const analysis = analyzeTrace([
      root(20_000),
      span('t', 'root', 'tool', 0, 6000, { operation: 'search' }),
      span('l', 'root', 'llm', 6000, 6100),
    ]);
    expect(analysis.findings.map((finding) => [finding.rule, finding.estimatedSavingMs])).toEqual([
      ['coordination-heavy', 10900],
      ['slow-operation', 1000],
    ]);
  });

  it('is bounded to 50 per trace, keeping the largest savings', () => {
    const slowTools = Array.from({ length: 60 }, (_, k) =>
      span(`t${k}`, 'root', 'tool', 0, 5001 + k, { operation: `tool${k}` }),
    );
    const findings = analyzeTrace([root(5100), ...slowTools]).findings;
    expect(findings).toHaveLength(50);
    expect(findings[0]).toMatchObject({ rule: 'slow-operation', operation: 'tool59', estimatedSavingMs: 60 });
    expect(findings[49]).toMatchObject({ operation: 'tool10', estimatedSavingMs: 11 });
    expect(findings.some((finding) => finding.operation === 'tool9')).toBe(false);
  });

  it('lists at most 20 span ids per finding', () => {
    const calls = Array.from({ length: 30 }, (_, k) => span(`c${k}`, 'root', 'state', k * 2, k * 2 + 1, { operation: 'redis.get' }));
    const [finding] = analyzeTrace([root(1000), ...calls]).findings.filter((f) => f.rule === 'n-plus-one');
    expect(finding.spanIds).toHaveLength(20);
    expect(finding.evidence).toBe('30 redis.get calls under coordinator ran back to back in 30.0ms; one batched call would save ~29.0ms');
  });
});
