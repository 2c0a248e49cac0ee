import { analyzeTrace } from '../src/analyze-trace.js';
import { MS, root, span } from './span-builder.js';

describe('per-agent profiles', () => {
  const spans = [
    root(100),
    span('r1', 'root', 'agent', 0, 30, { operation: 'research' }),
    span('r1.llm', 'r1', 'llm', 0, 10, { operation: 'gpt-4o' }),
    span('r1.search', 'r1', 'tool', 10, 20, { operation: 'search' }),
    span('r2', 'root', 'agent', 20, 50, { operation: 'research' }),
    span('r2.search1', 'r2', 'tool', 25, 35, { operation: 'search' }),
    span('r2.search2', 'r2', 'tool', 35, 45, { operation: 'search' }),
    span('w', 'root', 'agent', 40, 60, { operation: 'writer' }),
    span('r3', 'root', 'agent', 70, 80, { operation: 'research' }),
  ];

  it('busy time is the union of overlapping invocations, not their sum', () => {
    const research = analyzeTrace(spans).agents[0];
    expect(research).toMatchObject({ name: 'research', busyNs: 60 * MS, share: 0.6, invocations: 3 });
  });

  it('agents are listed in order of their first start', () => {
    expect(analyzeTrace(spans).agents.map((agent) => [agent.name, agent.busyNs / MS, agent.share])).toEqual([
      ['research', 60, 0.6],
      ['writer', 20, 0.2],
    ]);
  });

  it("actions aggregate the direct children of all the agent's invocations by category and operation, largest first", () => {
    expect(analyzeTrace(spans).agents[0].actions).toEqual([
      { category: 'tool', operation: 'search', count: 3, totalNs: 30 * MS },
      { category: 'llm', operation: 'gpt-4o', count: 1, totalNs: 10 * MS },
    ]);
    expect(analyzeTrace(spans).agents[1].actions).toEqual([]);
  });

  it('an agent invoked inside itself (recursion) is not double counted', () => {
    const recursive = analyzeTrace([
      root(100),
      span('outer', 'root', 'agent', 10, 90, { operation: 'planner' }),
      span('inner', 'outer', 'agent', 20, 60, { operation: 'planner' }),
      span('other', 'outer', 'other', 60, 70),
    ]);
    expect(recursive.agents).toEqual([
      {
        name: 'planner',
        busyNs: 80 * MS,
        share: 0.8,
        invocations: 2,
        actions: [
          { category: 'agent', operation: 'planner', count: 1, totalNs: 40 * MS },
          { category: 'other', operation: 'other', count: 1, totalNs: 10 * MS },
        ],
      },
    ]);
  });

  it('the agent field names an agent span when set, else its operation', () => {
    const named = analyzeTrace([root(10), span('a', 'root', 'agent', 0, 5, { agent: 'support', operation: 'invoke' })]);
    expect(named.agents.map((agent) => agent.name)).toEqual(['support']);
  });
});
