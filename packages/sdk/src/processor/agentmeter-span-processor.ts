import { trace as apiTrace, type Context, type Meter } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { analyzeTrace, classifySpan, resolveThresholds, type SpanCategory, type SpanRecord, type Thresholds, type TraceAnalysis } from '@agentmeter/analysis';
import { logger, reportInternalError, setInternalErrorSink } from '../diag.js';
import { CardinalityLimit } from '../metrics/cardinality-limit.js';
import { Instruments } from '../metrics/instruments.js';
import type { CostCalculator } from '../pricing/cost.js';
import { ATTR_GEN_AI_AGENT_NAME } from '../semconv.js';
import { annotateRoot } from './annotate-root.js';
import { LlmCost } from './llm-cost.js';
import { LoopMonitor } from './loop-monitor.js';
import { OpenTraces, type EvictionReason, type OpenTrace } from './open-traces.js';
import { SpanMetrics } from './span-metrics.js';
import { startOnPerformanceClock, toSpanRecord } from './to-span-record.js';
import { WorkflowMetrics, workflowOf } from './workflow-metrics.js';

export interface AgentmeterSpanProcessorOptions {
  cost: CostCalculator;
  /** Analyse traces (breakdown, findings, workflow metrics). Default true; when false only per-span metrics and cost. */
  analyze?: boolean;
  /** Most distinct values per metric attribute. Default 200. */
  cardinalityLimit?: number;
  thresholds?: Partial<Thresholds>;
  /** Default 10 000. */
  maxOpenTraces?: number;
  /** Default 10 000. */
  maxSpansPerTrace?: number;
  /** Default 300 000 (5 min). */
  maxTraceAgeMs?: number;
  /** Event-loop stall threshold; 0 disables the loop monitor. Default 50. */
  eventLoopBlockedMs?: number;
  /** Receives each trace's analysis; its errors are caught and counted. */
  onTrace?: (analysis: TraceAnalysis) => void;
}

/** Per started span: what onEnd needs that the span itself does not say. */
interface SpanInfo {
  trace: OpenTrace | undefined;
  agent: string | undefined;
  /** Start on the performance clock, ms (see startOnPerformanceClock). */
  startPerf: number;
  category: SpanCategory;
  operation: string;
  /** The nearest enclosing LLM span, if this span runs inside one (a framework's LLM span around a provider SDK's). */
  llmParent: SpanInfo | undefined;
  /** An LLM span with an LLM span inside it: the inner one carries the usage; this one is not counted again. */
  wrapsLLM: boolean;
}

const SWEEP_INTERVAL_MS = 5_000;

/**
 * SpanInfo rides on the SDK's span object under a private symbol: cheaper than
 * a WeakMap on the hot path and for the GC (no ephemeron entry per span), and
 * invisible to exporters, which read the ReadableSpan fields only.
 */
const INFO = Symbol('agentmeter.spanInfo');
type WithInfo = { [INFO]?: SpanInfo };
const infoOf = (span: unknown): SpanInfo | undefined => (span as WithInfo | undefined)?.[INFO];
const setInfo = (span: object, info: SpanInfo): void => {
  (span as WithInfo)[INFO] = info;
};

/**
 * agentmeter's span processor. For every span: LLM cost (onEnding, so it is
 * on the exported span), per-operation metrics (onEnd). For every trace: a
 * compact record per local span; when the local root ends, the analysis
 * engine runs once, its result is written onto the root span (attributes and
 * one event per finding — so a trace in Tempo/Jaeger explains itself) and
 * into per-workflow metrics, and the buffer is dropped.
 *
 * The hot path (onStart/onEnd) only records; nothing here throws into the
 * app: failures go to diag once and to `agentmeter.internal.errors`.
 */
export class AgentmeterSpanProcessor implements SpanProcessor {
  private readonly _traces: OpenTraces;
  private readonly _cost: LlmCost;
  private readonly _thresholds: Thresholds;
  private readonly _cardinalityLimit: number;
  private readonly _loopBlockedMs: number;
  private readonly _onTrace: ((analysis: TraceAnalysis) => void) | undefined;
  private readonly _analyze: boolean;
  private _instruments: Instruments | undefined;
  private _spanMetrics: SpanMetrics | undefined;
  private _workflowMetrics: WorkflowMetrics | undefined;
  private _loop: LoopMonitor | undefined;
  private _sweepTimer: NodeJS.Timeout | undefined;

  constructor(options: AgentmeterSpanProcessorOptions) {
    this._cardinalityLimit = options.cardinalityLimit ?? 200;
    this._thresholds = resolveThresholds(options.thresholds);
    this._loopBlockedMs = options.eventLoopBlockedMs ?? 50;
    this._onTrace = options.onTrace;
    this._analyze = options.analyze ?? true;
    this._cost = new LlmCost(options.cost, () => this._instruments);
    this._traces = new OpenTraces({
      maxOpenTraces: options.maxOpenTraces ?? 10_000,
      maxSpansPerTrace: options.maxSpansPerTrace ?? 10_000,
      maxTraceAgeMs: options.maxTraceAgeMs ?? 300_000,
      onEvict: (trace, reason) => this._evicted(trace, reason),
    });
    // an age limit is enforced within half its length (at most every 5 s)
    const sweepMs = Math.min(SWEEP_INTERVAL_MS, Math.max(50, Math.floor((options.maxTraceAgeMs ?? 300_000) / 2)));
    this._sweepTimer = setInterval(() => this._sweep(), sweepMs);
    this._sweepTimer.unref();
  }

  /** Metrics start once the app's MeterProvider exists (register() calls this right after NodeSDK.start()). */
  useMeter(meter: Meter): void {
    const instruments = new Instruments(meter);
    const limit = new CardinalityLimit(this._cardinalityLimit, attribute => {
      if (!instruments.cardinalityOverflow.add(attribute, 1)) instruments.cardinalityOverflow.create(attribute, { attribute }, 1);
    });
    this._instruments = instruments;
    this._spanMetrics = new SpanMetrics(instruments, limit);
    this._workflowMetrics = new WorkflowMetrics(instruments, limit);
    setInternalErrorSink(where => instruments.internalErrors.add(1, { where }));
    this._loop?.stop();
    this._loop = new LoopMonitor(this._analyze ? this._loopBlockedMs : 0, instruments.eventLoopDelay);
    this._loop.start();
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const startPerf = startOnPerformanceClock(span.startTime, performance.now());
      const parent = span.parentSpanContext;
      const parentInfo = parent && !parent.isRemote ? infoOf(apiTrace.getSpan(parentContext)) : undefined;
      let trace: OpenTrace | undefined;
      if (this._analyze) {
        // A child of a local span of an open trace belongs to it: no lookup by trace id.
        trace = parentInfo?.trace !== undefined && !parentInfo.trace.closed ? parentInfo.trace : undefined;
        if (trace === undefined) {
          const { traceId, spanId } = span.spanContext();
          trace = this._traces.get(traceId);
          if (trace === undefined && !(parent && !parent.isRemote && this._traces.closedWorkflow(traceId) !== undefined)) {
            trace = this._traces.open(traceId, spanId, startPerf, Date.now());
            trace.workflow = workflowOf(span.name, span.attributes);
          }
        }
      }
      const { category, operation } = classifySpan(span.name, span.attributes);
      let agent: string | undefined;
      if (category === 'agent') {
        agent = String(span.attributes[ATTR_GEN_AI_AGENT_NAME] ?? span.name);
        if (this._instruments) this._instruments.activeAgents++;
      } else {
        // the nearest enclosing agent, inherited from the parent span (same process)
        agent = parentInfo?.agent;
      }
      const llmParent = parentInfo === undefined ? undefined : parentInfo.category === 'llm' ? parentInfo : parentInfo.llmParent;
      if (trace && category !== 'other' && category !== 'state' && category !== 'serialization') trace.agentic = true;
      setInfo(span, { trace, agent, startPerf, category, operation, llmParent, wrapsLLM: false });
    } catch (error) {
      reportInternalError('processor.onStart', error);
    }
  }

  onEnding(span: Span): void {
    try {
      const info = this._classified(span);
      if (info.category === 'llm' && !info.wrapsLLM) this._cost.annotate(span);
      const trace = info.trace;
      if (trace && !trace.closed && trace.rootSpanId === span.spanContext().spanId) this._finishTrace(trace, span, false);
    } catch (error) {
      reportInternalError('processor.onEnding', error);
    }
  }

  onEnd(span: ReadableSpan): void {
    try {
      const info = this._classified(span);
      const { category, operation } = info;
      const instruments = this._instruments;
      if (instruments) {
        instruments.spansProcessed.increment();
        if (category === 'agent' && instruments.activeAgents > 0) instruments.activeAgents--;
      }
      if (category === 'llm' && info.llmParent) info.llmParent.wrapsLLM = true;
      this._spanMetrics?.record(span, category, info.agent, info.wrapsLLM);
      if (!this._analyze) return;
      const trace = info.trace;
      const spanId = span.spanContext().spanId;
      if (trace && trace.closed === 'root' && trace.rootSpanId === spanId) return;
      const open = trace && !trace.closed ? trace : undefined;
      if (open) {
        const record = toSpanRecord(span, category, operation, info.agent, info.startPerf, open.originPerf, false, info.wrapsLLM);
        if (!this._traces.add(open, record)) this._instruments?.spansDropped.increment();
      } else {
        const workflow = this._traces.closedWorkflow(span.spanContext().traceId) ?? 'unknown';
        this._workflowMetrics?.late(workflow, category);
      }
    } catch (error) {
      reportInternalError('processor.onEnd', error);
    }
  }

  /**
   * What onStart learned about the span; a span classified `other` at start is
   * classified again (attributes such as db.system may be set after start).
   */
  private _classified(span: ReadableSpan): SpanInfo {
    let info = infoOf(span);
    if (info === undefined) {
      const startPerf = startOnPerformanceClock(span.startTime, Number.NaN);
      info = { trace: undefined, agent: undefined, startPerf, llmParent: undefined, wrapsLLM: false, ...classifySpan(span.name, span.attributes) };
      setInfo(span, info);
    } else if (info.category === 'other') {
      const again = classifySpan(span.name, span.attributes);
      info.category = again.category;
      info.operation = again.operation;
    }
    return info;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    try {
      if (this._sweepTimer) clearInterval(this._sweepTimer);
      this._sweepTimer = undefined;
      this._loop?.stop();
      this._traces.drain();
      setInternalErrorSink(undefined);
    } catch (error) {
      reportInternalError('processor.shutdown', error);
    }
    return Promise.resolve();
  }

  /** Open traces right now (self-telemetry and tests). */
  get openTraces(): number {
    return this._traces.size;
  }

  private _finishTrace(trace: OpenTrace, root: ReadableSpan | undefined, partial: boolean): void {
    const workflow = root ? workflowOf(root.name, root.attributes) : (trace.workflow ?? 'unknown');
    this._traces.close(trace, workflow);
    if (!trace.agentic || !this._workflowMetrics) return;
    // the trace is closed: its record list is handed to the engine as it is
    const records: SpanRecord[] = trace.records;
    if (root) {
      const { category, operation, agent, startPerf, wrapsLLM } = this._classified(root);
      // A lone LLM, tool or state call (no span below it, not a workflow or agent) has nothing to
      // break down: its per-operation metrics are all there is, and it is no workflow.
      if (records.length === 0 && category !== 'workflow' && category !== 'agent') return;
      records.push(toSpanRecord(root, category, operation, agent, startPerf, trace.originPerf, true, wrapsLLM));
    } else if (records.length > 0) {
      records.push(partialRoot(trace, records, workflow));
    } else {
      return;
    }
    const started = performance.now();
    const rootRecord = records[records.length - 1];
    const analysis = analyzeTrace(records, {
      rootSpanId: trace.rootSpanId,
      workflow,
      thresholds: this._thresholds,
      partial: partial || trace.dropped > 0,
      loopStalls: this._stalls(trace.originPerf, rootRecord.start, rootRecord.end),
      // agent profiles and path segments only for onTrace: the annotations and metrics need neither
      profile: this._onTrace !== undefined,
    });
    if (root) annotateRoot(root as Span, analysis);
    this._workflowMetrics.record(analysis, (performance.now() - started) / 1000);
    if (this._onTrace) {
      try {
        this._onTrace(analysis);
      } catch (error) {
        reportInternalError('analysis.onTrace', error);
      }
    }
  }

  /** Loop stalls during [start, end] (ns relative to the trace origin), in the same relative nanoseconds. */
  private _stalls(originPerf: number, start: number, end: number) {
    if (!this._loop) return undefined;
    const originMs = performance.timeOrigin + originPerf;
    const stalls = this._loop.stallsBetween(originMs + start / 1e6, originMs + end / 1e6);
    if (stalls.length === 0) return undefined;
    return stalls.map(s => ({ start: Math.round((s.startMs - originMs) * 1e6), end: Math.round((s.endMs - originMs) * 1e6) }));
  }

  private _evicted(trace: OpenTrace, reason: EvictionReason): void {
    try {
      this._instruments?.tracesEvicted.add(1, { reason });
      this._instruments?.spansEvicted.add(trace.records.length, { reason });
      logger.debug(`trace ${trace.traceId} evicted before its root ended (${reason}); analysed as partial`);
      this._finishTrace(trace, undefined, true);
    } catch (error) {
      reportInternalError('processor.evict', error);
    }
  }

  private _sweep(): void {
    try {
      this._traces.sweep(Date.now());
    } catch (error) {
      reportInternalError('processor.sweep', error);
    }
  }
}

/** Stands in for a root that had not ended when its trace was evicted: spans what was recorded. */
function partialRoot(trace: OpenTrace, records: SpanRecord[], workflow: string): SpanRecord {
  let start = Infinity;
  let end = -Infinity;
  for (const record of records) {
    if (record.start < start) start = record.start;
    if (record.end > end) end = record.end;
  }
  return { spanId: trace.rootSpanId, name: `${workflow} (partial)`, category: 'other', operation: workflow, start, end };
}
