/**
 * The one input shape of the engine. Both hosts build it: the in-process span
 * processor from a ReadableSpan, the collector-side exporter from OTLP.
 *
 * Times are integer nanoseconds relative to an origin the host picks per trace
 * (for example the whole seconds of the first span seen). Keeping them relative
 * keeps them below 2^53, so every sum and difference the engine makes is exact
 * in a JavaScript number; absolute epoch nanoseconds would not be.
 */

/** What a span is, for the analysis. `other` spans (HTTP, DB without state meaning, …) are transparent. */
export type SpanCategory =
  | 'workflow'
  | 'agent'
  | 'llm'
  | 'tool'
  | 'state'
  | 'serialization'
  | 'other';

export interface SpanRecord {
  /** Span id (hex string as in OTel). */
  spanId: string;
  /** Parent span id; undefined for a root, or a remote parent's id that is not in the trace. */
  parentId?: string;
  /** Span name as exported, e.g. `execute_tool search`. */
  name: string;
  category: SpanCategory;
  /** Start, integer nanoseconds relative to the trace origin. */
  start: number;
  /** End, integer nanoseconds relative to the trace origin; end >= start expected, end < start is clamped. */
  end: number;
  /** True when the span's status is ERROR. */
  error?: boolean;
  /**
   * The operation's low-cardinality name for findings and breakdowns:
   * agent name, tool name, model, `store.operation`, serialization target; else the span name.
   */
  operation?: string;
  /** gen_ai.agent.name of the nearest enclosing agent (or the span's own, for agent spans). */
  agent?: string;
  /** Set by the user (`sequential: true`) when this call depends on the previous sibling: breaks fan-out runs. */
  dependsOnPrevious?: boolean;
  /** Input + output tokens for llm spans. */
  tokens?: number;
  /** Cost in USD for llm spans, when known. */
  costUsd?: number;
}

/** A stretch of time during which the host's event loop was blocked (from a lag sampler). */
export interface LoopStall {
  start: number;
  end: number;
}
