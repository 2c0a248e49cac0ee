/**
 * A duration in ns as text with a unit that suits its size: seconds from 1 s, then
 * milliseconds, then microseconds. Three significant digits are plenty for a profile,
 * and the output depends only on the number (no locale), so reports are reproducible.
 */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0ms';
  const magnitude = Math.abs(ns);
  // Just under a unit boundary, rounding would print "1000ms": move up a unit instead.
  if (magnitude >= 999.5e6) return `${(ns / 1e9).toFixed(2)}s`;
  if (magnitude >= 0.9995e6) return `${withDigits(ns / 1e6)}ms`;
  if (magnitude >= 0.9995e3) return `${withDigits(ns / 1e3)}µs`;
  return `${Math.round(ns)}ns`;
}

/** 1.23, 12.3, 123: three significant digits for values in [1, 1000). */
function withDigits(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 99.95) return value.toFixed(0);
  if (magnitude >= 9.995) return value.toFixed(1);
  return value.toFixed(2);
}

/** Share as a percentage with one decimal, e.g. 0.4112 → "41.1%". */
export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
