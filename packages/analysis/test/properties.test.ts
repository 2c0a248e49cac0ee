import fc from 'fast-check';
import { analyzeTrace } from '../src/analyze-trace.js';
import type { LoopStall, SpanCategory, SpanRecord } from '../src/span-record.js';

/*
 * Property-based checks over random trees of 1..60 spans: random categories, integer ns
 * times, overlaps, zero-length and inverted spans, children outside their parents, and
 * (in the free-form generator) missing parents, extra roots, self-parents and cycles.
 */

const CATEGORIES: SpanCategory[] = ['workflow', 'agent', 'llm', 'tool', 'state', 'serialization', 'other'];
const WORK: ReadonlySet<SpanCategory> = new Set(['agent', 'llm', 'tool', 'state', 'serialization']);
const RUNS = { numRuns: 300 };

const spanSpec = fc.record({
  category: fc.constantFrom(...CATEGORIES),
  parent: fc.nat({ max: 1000 }),
  parentKind: fc.constantFrom('tree', 'tree', 'tree', 'tree', 'tree', 'tree', 'missing', 'none', 'any'),
  start: fc.integer({ min: 0, max: 1000 }),
  length: fc.integer({ min: -30, max: 600 }),
  operation: fc.constantFrom('a', 'b', 'c'),
  error: fc.boolean(),
  dependsOnPrevious: fc.boolean(),
  tokens: fc.nat({ max: 500 }),
  costUsd: fc.constantFrom(0, 0.1, 0.2, 0.0003, 1e-7),
});

/** Free-form: any parent shape, times scaled so boundaries are odd nanosecond counts. */
const freeTrace = fc
  .tuple(fc.array(spanSpec, { minLength: 1, maxLength: 60 }), fc.constantFrom(1, 7, 1_000_003))
  .map(([specs, scale]) =>
    specs.map((spec, i): SpanRecord => {
      let parentId: string | undefined;
      if (i > 0) {
        if (spec.parentKind === 'tree') parentId = `s${spec.parent % i}`;
        else if (spec.parentKind === 'missing') parentId = 'gone';
        else if (spec.parentKind === 'any') parentId = `s${spec.parent % specs.length}`;
      }
      return {
        spanId: `s${i}`,
        ...(parentId === undefined ? {} : { parentId }),
        name: `${spec.category} ${spec.operation}`,
        category: spec.category,
        operation: spec.operation,
        start: spec.start * scale,
        end: (spec.start + spec.length) * scale,
        error: spec.error,
        dependsOnPrevious: spec.dependsOnPrevious,
        tokens: spec.tokens,
        costUsd: spec.costUsd,
      };
    }),
  );

/** Well-formed: s0 is the only root and every parent comes earlier; times in plain units for brute force. */
const rootedTrace = fc.array(spanSpec, { minLength: 1, maxLength: 60 }).map((specs) =>
  specs.map((spec, i): SpanRecord => ({
    spanId: `s${i}`,
    ...(i === 0 ? {} : { parentId: `s${spec.parent % i}` }),
    name: `${spec.category} ${spec.operation}`,
    category: i === 0 ? 'workflow' : spec.category,
    operation: spec.operation,
    start: spec.start,
    end: spec.start + spec.length,
  })),
);

const stalls = fc.array(
  fc.record({ start: fc.integer({ min: 0, max: 1000 }), length: fc.integer({ min: 0, max: 400 }) }).map(
    ({ start, length }): LoopStall => ({ start, end: start + length }),
  ),
  { maxLength: 3 },
);

/** Clamped intervals of a well-formed trace, straight from the definition. */
function clampedIntervals(spans: SpanRecord[]): Array<[number, number]> {
  const intervals: Array<[number, number]> = [];
  spans.forEach((span, i) => {
    const end = Math.max(span.start, span.end);
    if (i === 0) {
      intervals.push([span.start, end]);
      return;
    }
    const [ps, pe] = intervals[Number(span.parentId!.slice(1))];
    const s = Math.min(Math.max(span.start, ps), pe);
    intervals.push([s, Math.max(Math.min(end, pe), s)]);
  });
  return intervals;
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

describe('analysis properties', () => {
  it('breakdown parts sum exactly to the wall time and none is negative', () => {
    fc.assert(
      fc.property(freeTrace, (spans) => {
        const { breakdown, wallNs } = analyzeTrace(spans);
        expect(sum(Object.values(breakdown))).toBe(wallNs);
        for (const part of Object.values(breakdown)) expect(part).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('critical-path contributions sum exactly to the wall time, tile the root interval, and none is negative', () => {
    fc.assert(
      fc.property(freeTrace, (spans) => {
        const { criticalPath, wallNs } = analyzeTrace(spans);
        expect(sum(criticalPath.map((segment) => segment.contributionNs))).toBe(wallNs);
        for (let k = 0; k < criticalPath.length; k++) {
          expect(criticalPath[k].contributionNs).toBeGreaterThan(0);
          expect(criticalPath[k].contributionNs).toBe(criticalPath[k].end - criticalPath[k].start);
          if (k > 0) expect(criticalPath[k].start).toBe(criticalPath[k - 1].end);
        }
      }),
      RUNS,
    );
  });

  it('the critical-path summary is the segments in brief, and profile: false changes nothing else', () => {
    fc.assert(
      fc.property(freeTrace, stalls, (spans, loopStalls) => {
        const full = analyzeTrace(spans, { loopStalls });
        const below = full.criticalPath.filter((segment) => segment.spanId !== full.rootSpanId);
        expect(full.criticalPathSummary.descendantNs).toBe(sum(below.map((segment) => segment.contributionNs)));
        const names: string[] = [];
        for (const segment of below) if (names.length < 20 && names[names.length - 1] !== segment.name) names.push(segment.name);
        expect(full.criticalPathSummary.names).toEqual(names);

        const brief = analyzeTrace(spans, { loopStalls, profile: false });
        expect(brief.agents).toEqual([]);
        expect(brief.criticalPath).toEqual([]);
        expect(brief).toEqual({ ...full, agents: [], criticalPath: [] });
      }),
      RUNS,
    );
  });

  it('the analysis does not depend on input order', () => {
    const shuffledTrace = freeTrace.chain((spans) =>
      fc.tuple(fc.constant(spans), fc.shuffledSubarray(spans, { minLength: spans.length, maxLength: spans.length }), stalls),
    );
    fc.assert(
      fc.property(shuffledTrace, ([spans, permuted, loopStalls]) => {
        expect(analyzeTrace(permuted, { loopStalls })).toEqual(analyzeTrace(spans, { loopStalls }));
      }),
      RUNS,
    );
  });

  it('the breakdown matches attributing every time unit by precedence, brute force', () => {
    const precedence: SpanCategory[] = ['llm', 'tool', 'state', 'serialization', 'agent'];
    fc.assert(
      fc.property(rootedTrace, (spans) => {
        const intervals = clampedIntervals(spans);
        const expected: Record<string, number> = { llm: 0, tool: 0, state: 0, serialization: 0, agent: 0, coordination: 0 };
        for (let t = intervals[0][0]; t < intervals[0][1]; t++) {
          let owner = 'coordination';
          let rank = precedence.length;
          for (let i = 1; i < spans.length; i++) {
            const at = precedence.indexOf(spans[i].category);
            if (at >= 0 && at < rank && intervals[i][0] <= t && t < intervals[i][1]) {
              owner = precedence[at];
              rank = at;
            }
          }
          expected[owner]++;
        }
        expect(analyzeTrace(spans).breakdown).toEqual(expected);
      }),
      RUNS,
    );
  });

  it('concurrency figures match brute force; effective concurrency ≥ 1, and > 1 with peak ≥ 2 when leaf work overlaps', () => {
    fc.assert(
      fc.property(rootedTrace, (spans) => {
        const intervals = clampedIntervals(spans);
        const parents = new Set(spans.map((span) => span.parentId));
        const leaves = spans
          .map((span, i) => i)
          .filter((i) => i > 0 && WORK.has(spans[i].category) && !parents.has(spans[i].spanId));
        let union = 0;
        let peak = 0;
        for (let t = intervals[0][0]; t < intervals[0][1]; t++) {
          const active = leaves.filter((i) => intervals[i][0] <= t && t < intervals[i][1]).length;
          if (active > 0) union++;
          peak = Math.max(peak, active);
        }
        const work = sum(leaves.map((i) => intervals[i][1] - intervals[i][0]));
        const overlapping = leaves.some((a) =>
          leaves.some((b) => a < b && Math.min(intervals[a][1], intervals[b][1]) - Math.max(intervals[a][0], intervals[b][0]) > 0),
        );

        // exact arithmetic: no overlap tolerance (tested separately in parallelism.test.ts)
        const analysis = analyzeTrace(spans, { thresholds: { overlapToleranceMs: 0 } });
        expect(analysis.peakConcurrency).toBe(peak);
        expect(analysis.effectiveConcurrency).toBe(union > 0 ? work / union : 1);
        expect(analysis.effectiveConcurrency).toBeGreaterThanOrEqual(1);
        if (overlapping) {
          expect(analysis.effectiveConcurrency).toBeGreaterThan(1);
          expect(analysis.peakConcurrency).toBeGreaterThanOrEqual(2);
        }
        const wall = intervals[0][1] - intervals[0][0];
        expect(analysis.parallelism).toBe(wall > 0 ? work / wall : 0);
      }),
      RUNS,
    );
  });

  it('per-agent busy time never exceeds the wall time and every finding is well formed', () => {
    fc.assert(
      fc.property(freeTrace, stalls, (spans, loopStalls) => {
        const analysis = analyzeTrace(spans, { loopStalls });
        for (const agent of analysis.agents) {
          expect(agent.busyNs).toBeGreaterThanOrEqual(0);
          expect(agent.busyNs).toBeLessThanOrEqual(analysis.wallNs);
        }
        expect(analysis.findings.length).toBeLessThanOrEqual(50);
        for (const finding of analysis.findings) {
          expect(finding.estimatedSavingMs).toBeGreaterThanOrEqual(0);
          expect(finding.spanIds.length).toBeLessThanOrEqual(20);
          expect(finding.evidence.length).toBeGreaterThan(0);
        }
      }),
      RUNS,
    );
  });
});
