import fc from 'fast-check';
import { sortEvents } from '../src/event-sort.js';

/*
 * sortEvents orders (time, code) pairs by time, then code. Callers may say where a second
 * run begins (starts, then ends); the split only changes the speed, never the result.
 */
describe('sortEvents', () => {
  const events = fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 15 })), { maxLength: 300 });

  function sorted(pairs: Array<[number, number]>, origin: number, extent: number, split?: number): Array<[number, number]> {
    const times = Float64Array.from(pairs, ([t]) => origin + t);
    const codes = Uint8Array.from(pairs, ([, c]) => c);
    sortEvents(times, codes, pairs.length, origin, extent, new Float64Array(pairs.length), split);
    return Array.from(times, (time, k) => [time, codes[k]]);
  }

  it('gives the (time, code) order for any split, packed or not', () => {
    fc.assert(
      fc.property(events, fc.nat(), fc.constantFrom(0, 1e9, 2 ** 50), fc.boolean(), (pairs, at, origin, long) => {
        const split = pairs.length === 0 ? 0 : at % (pairs.length + 1);
        const expected = pairs
          .map(([t, c]): [number, number] => [origin + t, c])
          .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        // extent ≥ 2^48 takes the comparator path
        const extent = long ? 2 ** 49 : 5000;
        expect(sorted(pairs, origin, extent, split)).toEqual(expected);
        expect(sorted(pairs, origin, extent)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('sorts two presorted runs and runs longer than the insertion-sort limit', () => {
    const starts: Array<[number, number]> = Array.from({ length: 150 }, (_, k) => [k * 10, 1]);
    const ends: Array<[number, number]> = Array.from({ length: 150 }, (_, k) => [k * 10 + 15, 0]);
    const expected = [...starts, ...ends].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(sorted([...starts, ...ends], 0, 2000, 150)).toEqual(expected);
    expect(sorted([...ends, ...starts], 0, 2000, 150)).toEqual(expected);
  });
});
