import { analyzeTrace } from '../src/analyze-trace.js';
import type { Breakdown } from '../src/types.js';
import type { SpanRecord } from '../src/span-record.js';
import { MS, root, span } from './span-builder.js';

/** Expected values in ms; the engine reports ns. */
function ns(parts: Partial<Breakdown>): Breakdown {
  const zero: Breakdown = { llm: 0, tool: 0, state: 0, serialization: 0, agent: 0, coordination: 0 };
  for (const [key, ms] of Object.entries(parts)) zero[key as keyof Breakdown] = (ms as number) * MS;
  return zero;
}

describe('time breakdown', () => {
  const cases: Array<[string, SpanRecord[], Breakdown]> = [
    [
      'a sequential coordinator: agent self time around each call, coordination between agents',
      [
        root(100),
        span('a', 'root', 'agent', 10, 40),
        span('a.llm', 'a', 'llm', 15, 35),
        span('b', 'root', 'agent', 45, 90),
        span('b.tool', 'b', 'tool', 50, 80),
      ],
      ns({ llm: 20, tool: 30, agent: 25, coordination: 25 }),
    ],
    [
      'a parallel fan-out: overlapping work counts once, by precedence, agents hidden under work',
      [
        root(100),
        span('a', 'root', 'agent', 10, 60),
        span('a.llm', 'a', 'llm', 10, 50),
        span('b', 'root', 'agent', 10, 80),
        span('b.tool', 'b', 'tool', 20, 80),
        span('c', 'root', 'agent', 30, 40),
      ],
      ns({ llm: 40, tool: 30, coordination: 30 }),
    ],
    [
      'an llm call inside a tool is llm time; the rest of the tool is tool time',
      [root(100), span('t', 'root', 'tool', 10, 90), span('t.llm', 't', 'llm', 20, 60)],
      ns({ llm: 40, tool: 40, coordination: 20 }),
    ],
    [
      'state I/O inside an agent is state time',
      [root(100), span('a', 'root', 'agent', 0, 100), span('a.get', 'a', 'state', 30, 37)],
      ns({ state: 7, agent: 93 }),
    ],
    [
      'serialization inside an agent and directly under the root',
      [
        root(100),
        span('a', 'root', 'agent', 0, 50),
        span('a.ser', 'a', 'serialization', 40, 50),
        span('ser', 'root', 'serialization', 60, 65),
      ],
      ns({ serialization: 15, agent: 40, coordination: 45 }),
    ],
    [
      'nested workflow and other spans are transparent',
      [
        root(100),
        span('w', 'root', 'workflow', 0, 100),
        span('http', 'w', 'other', 10, 90),
        span('llm', 'http', 'llm', 20, 30),
      ],
      ns({ llm: 10, coordination: 90 }),
    ],
    ['a root alone is all coordination', [root(100)], ns({ coordination: 100 })],
    [
      'state beats serialization beats agent when all are active',
      [
        root(100),
        span('a', 'root', 'agent', 0, 100),
        span('ser', 'a', 'serialization', 10, 50),
        span('get', 'a', 'state', 20, 30),
      ],
      ns({ state: 10, serialization: 30, agent: 60 }),
    ],
  ];

  it.each(cases)('%s', (_title, spans, expected) => {
    const analysis = analyzeTrace(spans);
    expect(analysis.breakdown).toEqual(expected);
    const sum = Object.values(analysis.breakdown).reduce((total, part) => total + part, 0);
    expect(sum).toBe(analysis.wallNs);
  });

  it('sums exactly to the wall time with odd nanosecond boundaries', () => {
    const spans: SpanRecord[] = [
      { spanId: 'r', name: 'r', category: 'workflow', start: 1_000_000_007, end: 9_000_000_013 },
      { spanId: 'a', parentId: 'r', name: 'a', category: 'agent', start: 1_000_000_011, end: 7_123_456_789 },
      { spanId: 'l', parentId: 'a', name: 'l', category: 'llm', start: 2_000_000_003, end: 7_123_456_790 },
    ];
    const { breakdown, wallNs } = analyzeTrace(spans);
    expect(wallNs).toBe(8_000_000_006);
    expect(breakdown).toEqual({
      llm: 5_123_456_786,
      tool: 0,
      state: 0,
      serialization: 0,
      agent: 999_999_992,
      coordination: 1_876_543_228,
    });
  });
});
