/**
 * Sorts list[from, to) in place. Most parents have a handful of children, where an
 * insertion sort beats TypedArray#sort (which copies into a temporary array and calls
 * back through the comparator); long ranges go to the built-in sort.
 */
export function sortRange(
  list: Int32Array,
  from: number,
  to: number,
  compare: (a: number, b: number) => number,
): void {
  const length = to - from;
  if (length < 2) return;
  if (length > 24) {
    list.subarray(from, to).sort(compare);
    return;
  }
  insertionSort(list, from, to, compare);
}

/** Stable insertion sort of list[from, to): for the few items most ranges hold. */
export function insertionSort<T>(list: { [index: number]: T }, from: number, to: number, compare: (a: T, b: T) => number): void {
  for (let i = from + 1; i < to; i++) {
    const item = list[i];
    let j = i - 1;
    while (j >= from && compare(list[j], item) > 0) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = item;
  }
}

/** Total order on span ids, the last tie-breaker that makes results independent of input order. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
