/*
 * Sorting sweep-line events (time, code) by time, then code.
 *
 * Packing both into one float, (time - origin) * 16 + code, lets the events sort as a
 * plain Float64Array: the built-in numeric sort, no comparator calls. The packing is
 * exact while (extent * 16 + 15) < 2^53, i.e. traces shorter than 2^48 ns (~3.3 days);
 * longer ones take the comparator path.
 */

const CODE_SPACE = 16;
/**
 * Below this many events an insertion sort in JS beats TypedArray#sort (whose call overhead
 * dominates for the ~50 events of a typical 25-span trace; events arrive nearly sorted).
 */
const INSERTION_SORT_MAX = 96;
const PACKABLE_EXTENT = 2 ** 48;

/**
 * Sorts times[0, count) and codes[0, count) together, by time then code (codes < 16).
 * Every time must lie in [origin, origin + extent]; `keys` is scratch of at least count.
 *
 * `split` tells where a second run of events begins: callers put the start events first,
 * in the tree's pre-order, and the end events after them, in input (span end) order —
 * each run then arrives almost sorted, is sorted on its own in about linear time, and the
 * two are merged. Any split gives the same result; only the speed depends on it.
 */
export function sortEvents(
  times: Float64Array,
  codes: Uint8Array,
  count: number,
  origin: number,
  extent: number,
  keys: Float64Array,
  split = count,
): void {
  if (count < 2) return;
  if (extent < PACKABLE_EXTENT) {
    for (let k = 0; k < count; k++) keys[k] = (times[k] - origin) * CODE_SPACE + codes[k];
    const mid = split < 0 ? 0 : split > count ? count : split;
    if (mid === 0 || mid === count) {
      sortRun(keys, 0, count);
      for (let k = 0; k < count; k++) unpack(keys[k], k, times, codes, origin);
      return;
    }
    sortRun(keys, 0, mid);
    sortRun(keys, mid, count);
    // Merge the two sorted runs of keys straight into times/codes (keys hold everything).
    let a = 0;
    let b = mid;
    for (let k = 0; k < count; k++) {
      const key = b >= count || (a < mid && keys[a] <= keys[b]) ? keys[a++] : keys[b++];
      unpack(key, k, times, codes, origin);
    }
    return;
  }
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  order.sort((a, b) => times[a] - times[b] || codes[a] - codes[b]);
  const sortedTimes = Float64Array.from(order, (k) => times[k]);
  const sortedCodes = Uint8Array.from(order, (k) => codes[k]);
  times.set(sortedTimes);
  codes.set(sortedCodes);
  return;
}

function unpack(key: number, k: number, times: Float64Array, codes: Uint8Array, origin: number): void {
  // Division by a power of two is exact, so floor recovers the relative time exactly.
  const relative = Math.floor(key / CODE_SPACE);
  codes[k] = key - relative * CODE_SPACE;
  times[k] = relative + origin;
}

/** Sorts keys[from, to). */
function sortRun(keys: Float64Array, from: number, to: number): void {
  if (to - from < 2) return;
  if (to - from > INSERTION_SORT_MAX) {
    keys.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= from && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
}
