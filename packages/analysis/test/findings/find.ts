import { analyzeTrace, type AnalyzeOptions } from '../../src/analyze-trace.js';
import type { SpanRecord } from '../../src/span-record.js';
import type { Finding, FindingRule } from '../../src/types.js';

/** The findings of one rule for a trace. */
export function findingsOf(spans: SpanRecord[], rule: FindingRule, options?: AnalyzeOptions): Finding[] {
  return analyzeTrace(spans, options).findings.filter((finding) => finding.rule === rule);
}
