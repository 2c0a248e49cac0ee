/**
 * @agentmeter/analysis: the pure engine. Span records of one trace in; time breakdown,
 * per-agent profiles, critical path, parallelism and bottleneck findings out. No OTel
 * SDK, no I/O, no timers, no environment: both hosts (the in-process span processor and
 * the collector-side exporter) call the same functions.
 */
export { analyzeTrace } from './analyze-trace.js';
export type { AnalyzeOptions } from './analyze-trace.js';
export { classifySpan } from './classify.js';
export type { SpanClassification } from './classify.js';
export { formatProfile } from './format-profile.js';
export type { FormatProfileOptions } from './format-profile.js';
export { DEFAULT_THRESHOLDS, resolveThresholds } from './thresholds.js';
export type { CategoryBudgetsMs, Thresholds } from './thresholds.js';
export type { LoopStall, SpanCategory, SpanRecord } from './span-record.js';
export type {
  AgentProfile,
  Breakdown,
  BreakdownCategory,
  CriticalPathSegment,
  CriticalPathSummary,
  Finding,
  FindingRule,
  Severity,
  TraceAnalysis,
} from './types.js';
