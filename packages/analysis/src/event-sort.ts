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
 */
export function sortEvents(
  times: Float64Array,
  codes: Uint8Array,
  count: number,
  origin: number,
  extent: number,
  keys: Float64Array,
): void {
  if (count < 2) return;
  if (extent < PACKABLE_EXTENT) {
    for (let k = 0; k < count; k++) keys[k] = (times[k] - origin) * CODE_SPACE + codes[k];
    if (count <= INSERTION_SORT_MAX) insertionSort(keys, count);
    else keys.subarray(0, count).sort();
    for (let k = 0; k < count; k++) {
      const key = keys[k];
      // Division by a power of two is exact, so floor recovers the relative time exactly.
      const relative = Math.floor(key / CODE_SPACE);
      codes[k] = key - relative * CODE_SPACE;
      times[k] = relative + origin;
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

function insertionSort(keys: Float64Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
}
