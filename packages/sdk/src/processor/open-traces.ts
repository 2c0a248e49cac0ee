import type { SpanRecord } from '@agentmeter/analysis';

/** One trace whose local root has not ended yet. */
export interface OpenTrace {
  traceId: string;
  /** The local root's start on the performance clock (ms): the origin of the records' relative nanoseconds. */
  originPerf: number;
  rootSpanId: string;
  openedAtMs: number;
  records: SpanRecord[];
  /** Set once the trace left the buffer: `root` when its root ended, else why it was evicted. Later spans are late. */
  closed: false | 'root' | EvictionReason;
  /** Spans beyond the per-trace limit: counted, left out of the analysis (the trace becomes partial). */
  dropped: number;
  /** Whether any span is an agent, LLM, tool or workflow span: only such traces are analysed. */
  agentic: boolean;
  /** Workflow name as known at the root's start (used if the trace is evicted before the root ends). */
  workflow?: string;
}

export type EvictionReason = 'capacity' | 'age' | 'shutdown';

export interface OpenTracesOptions {
  maxOpenTraces: number;
  maxSpansPerTrace: number;
  maxTraceAgeMs: number;
  /** A trace leaves the buffer before its root ended; it is analysed as far as it got. */
  onEvict(trace: OpenTrace, reason: EvictionReason): void;
}

/**
 * Bounded buffer of open traces: at most `maxOpenTraces` (the oldest is
 * evicted to make room), `maxSpansPerTrace` records each, and none older than
 * `maxTraceAgeMs`. Also remembers recently closed traces, so a span that ends
 * after its root is recognised as late instead of opening a new trace.
 */
export class OpenTraces {
  private readonly _open = new Map<string, OpenTrace>();
  // Recently closed traces, in two generations: when the current one is full it becomes the
  // previous one (the oldest generation is dropped) — O(1), no iterator per close.
  private _closed = new Map<string, string>();
  private _closedBefore = new Map<string, string>();
  private readonly _maxClosed = 4096;

  constructor(private readonly _options: OpenTracesOptions) {}

  get size(): number {
    return this._open.size;
  }

  get(traceId: string): OpenTrace | undefined {
    return this._open.get(traceId);
  }

  open(traceId: string, rootSpanId: string, originPerf: number, nowMs: number): OpenTrace {
    if (this._open.size >= this._options.maxOpenTraces) {
      const oldest = this._open.values().next().value as OpenTrace;
      this._open.delete(oldest.traceId);
      oldest.closed = 'capacity';
      this._options.onEvict(oldest, 'capacity');
    }
    const trace: OpenTrace = {
      traceId,
      originPerf,
      rootSpanId,
      openedAtMs: nowMs,
      records: [],
      closed: false,
      dropped: 0,
      agentic: false,
    };
    this._open.set(traceId, trace);
    return trace;
  }

  /** @returns false when the trace is full (the caller counts the drop). */
  add(trace: OpenTrace, record: SpanRecord): boolean {
    if (trace.records.length >= this._options.maxSpansPerTrace) {
      trace.dropped++;
      return false;
    }
    trace.records.push(record);
    return true;
  }

  close(trace: OpenTrace, workflow: string): void {
    if (!trace.closed) trace.closed = 'root';
    if (this._open.get(trace.traceId) === trace) this._open.delete(trace.traceId);
    this.markClosed(trace.traceId, workflow);
  }

  /** The workflow of a recently closed (or evicted) trace, if this trace id is one. */
  closedWorkflow(traceId: string): string | undefined {
    return this._closed.get(traceId) ?? this._closedBefore.get(traceId);
  }

  /** Evicts traces older than the age limit; the map is in opening order, so this stops at the first young one. */
  sweep(nowMs: number): void {
    for (const trace of this._open.values()) {
      if (nowMs - trace.openedAtMs < this._options.maxTraceAgeMs) break;
      this._open.delete(trace.traceId);
      trace.closed = 'age';
      this._options.onEvict(trace, 'age');
    }
  }

  /** Evicts everything (shutdown). */
  drain(): void {
    for (const trace of [...this._open.values()]) {
      this._open.delete(trace.traceId);
      trace.closed = 'shutdown';
      this._options.onEvict(trace, 'shutdown');
    }
  }

  /** Remembers a trace whose root ended or that was evicted (bounded, oldest forgotten first). */
  markClosed(traceId: string, workflow: string): void {
    if (this._closed.size >= this._maxClosed) {
      this._closedBefore = this._closed;
      this._closed = new Map();
    }
    this._closed.set(traceId, workflow);
  }
}
