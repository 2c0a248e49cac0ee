import { CATEGORY_NAMES } from '../category-codes.js';
import { formatDuration } from '../format-duration.js';
import type { Finding } from '../types.js';
import { makeFinding, severityForSaving } from './make-finding.js';
import { NS_PER_MS, type Rule } from './rule-context.js';

/**
 * Event-loop stalls (from the host's lag sampler) during the trace. Only the part of a
 * stall inside the root's interval counts, for the threshold and as the saving: a stall
 * mostly outside this trace did not cost it that time. The stall is pinned on the span
 * that overlapped it the most, where overlaps within the sampler's resolution count as
 * equal — a stall is only known to ±one sampling interval, so an enclosing agent always
 * "overlaps more" than the tool whose synchronous code blocked — and among those the
 * deepest span (the most specific code) wins, then the latest started. With no span
 * overlapping, it is the workflow's.
 */
/** The loop sampler's tick (ms): stall edges are known only to this precision. */
const SAMPLER_RESOLUTION_NS = 25 * NS_PER_MS;

export const eventLoopBlocked: Rule = (ctx) => {
  const { tree, thresholds, wallNs, loopStalls } = ctx;
  if (loopStalls.length === 0) return [];
  const { size, root, start, end, depth, category, operation, records } = tree;
  const minNs = thresholds.eventLoopBlockedMs * NS_PER_MS;
  const findings: Finding[] = [];

  for (const stall of loopStalls) {
    const from = stall.start > start[root] ? stall.start : start[root];
    const to = stall.end < end[root] ? stall.end : end[root];
    const stalledNs = to - from;
    if (!(stalledNs > 0) || stalledNs < minNs) continue;

    let maxOverlap = 0;
    for (let node = 0; node < size; node++) {
      if (node === root) continue;
      const overlap = (end[node] < to ? end[node] : to) - (start[node] > from ? start[node] : from);
      if (overlap > maxOverlap) maxOverlap = overlap;
    }
    // candidates: every span within the sampler's resolution of the largest overlap
    const floorNs = Math.max(maxOverlap - SAMPLER_RESOLUTION_NS, maxOverlap / 2);
    let best = root;
    let bestOverlap = 0;
    for (let node = 0; node < size; node++) {
      if (node === root) continue;
      const overlap = (end[node] < to ? end[node] : to) - (start[node] > from ? start[node] : from);
      if (overlap <= 0 || overlap < floorNs) continue;
      const better =
        best === root ||
        depth[node] > depth[best] ||
        (depth[node] === depth[best] &&
          (overlap > bestOverlap ||
            (overlap === bestOverlap &&
              (start[node] > start[best] || (start[node] === start[best] && records[node].spanId > records[best].spanId)))));
      if (better) {
        best = node;
        bestOverlap = overlap;
      }
    }

    const culprit = best === root ? ctx.workflow : operation[best];
    const evidence =
      `the event loop was blocked for ${formatDuration(stalledNs)} while ` +
      `${CATEGORY_NAMES[category[best]]} ${culprit} was running`;
    findings.push(
      makeFinding('event-loop-blocked', severityForSaving(stalledNs, wallNs), culprit, evidence, stalledNs, tree, [best]),
    );
  }
  return findings;
};
