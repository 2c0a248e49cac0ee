import type { LoopStall, SpanRecord } from '../../src/span-record.js';
import { MS, root, span } from '../span-builder.js';
import { findingsOf } from './find.js';

const stall = (fromMs: number, toMs: number): LoopStall => ({ start: fromMs * MS, end: toMs * MS });
const blocked = (spans: SpanRecord[], stalls: LoopStall[]) => findingsOf(spans, 'event-loop-blocked', { loopStalls: stalls });

describe('event-loop-blocked', () => {
  const trace = [
    root(200),
    span('a', 'root', 'agent', 0, 200, { operation: 'research' }),
    span('l', 'a', 'llm', 10, 150, { operation: 'gpt-4o' }),
    span('t', 'a', 'tool', 90, 95, { operation: 'parse' }),
  ];

  it('pins a stall on the span that overlapped it most, the deepest on ties; saving is the stall', () => {
    expect(blocked(trace, [stall(20, 100)])).toEqual([
      {
        rule: 'event-loop-blocked',
        severity: 'high',
        operation: 'gpt-4o',
        evidence: 'the event loop was blocked for 80.0ms while llm gpt-4o was running',
        estimatedSavingMs: 80,
        spanIds: ['l'],
      },
    ]);
  });

  it('on equal overlap and depth the latest started span is blamed', () => {
    const siblings = [root(300), span('x', 'root', 'tool', 0, 200), span('y', 'root', 'tool', 10, 200)];
    expect(blocked(siblings, [stall(100, 180)]).map((finding) => finding.spanIds)).toEqual([['y']]);
  });

  it('a stall with no span running is the workflow’s', () => {
    expect(blocked([root(300), span('x', 'root', 'tool', 0, 10)], [stall(100, 180)]).map((finding) => [finding.operation, finding.spanIds])).toEqual([
      ['coordinator', ['root']],
    ]);
  });

  const quiet: Array<[string, LoopStall[]]> = [
    ['a stall shorter than eventLoopBlockedMs', [stall(20, 60)]],
    ['a stall outside the trace', [stall(300, 500)]],
    ['a stall mostly outside the trace: only the part inside counts', [stall(180, 400)]],
  ];

  it.each(quiet)('%s is not reported', (_title, stalls) => {
    expect(blocked(trace, stalls)).toEqual([]);
  });
});
