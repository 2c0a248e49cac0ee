import type { Counter, Histogram, Meter } from '@opentelemetry/api';
import {
  DURATION_BUCKETS_SECONDS,
  GEN_AI_DURATION_BUCKETS,
  GEN_AI_TOKEN_BUCKETS,
  METRIC_AGENT_DURATION,
  METRIC_CARDINALITY_OVERFLOW,
  METRIC_COST_UNKNOWN_MODEL,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  METRIC_INTERNAL_ERRORS,
  METRIC_LLM_COST,
  METRIC_LLM_TOKENS,
  METRIC_STATE_DURATION,
  METRIC_TOOL_DURATION,
} from '../semconv.js';
import { SummedCounter } from './summed-counter.js';

/** Buckets for whole-request durations in seconds: 10 ms to 10 min. */
const WORKFLOW_DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
const RATIO_BUCKETS = [0.01, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1];
const PARALLELISM_BUCKETS = [0.25, 0.5, 0.75, 0.9, 1, 1.25, 1.5, 2, 3, 4, 6, 8, 16];
const COST_BUCKETS = [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5];
const ANALYSIS_BUCKETS = [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1];

/**
 * Every instrument agentmeter records, with its name, unit and buckets, created once.
 * Counters that are hit per span or per trace are SummedCounters (summed in a map,
 * observed at collection); histograms are the SDK's, recorded directly.
 */
export class Instruments {
  // GenAI semantic conventions v1.41.1
  readonly operationDuration: Histogram;
  readonly tokenUsage: Histogram;
  readonly timeToFirstChunk: Histogram;
  // per-operation
  readonly agentDuration: Histogram;
  readonly toolDuration: Histogram;
  readonly stateDuration: Histogram;
  readonly llmTokens: SummedCounter;
  readonly llmCost: SummedCounter;
  // per-request analysis
  readonly workflowDuration: Histogram;
  readonly workflowTime: SummedCounter;
  readonly workflowCoordinationRatio: Histogram;
  readonly workflowParallelism: Histogram;
  readonly workflowTokens: Histogram;
  readonly workflowCost: Histogram;
  readonly findings: SummedCounter;
  /** Agent invocations in progress (observed as agentmeter.agent.active). */
  activeAgents = 0;
  // self-telemetry
  readonly internalErrors: Counter;
  readonly costUnknownModel: Counter;
  readonly cardinalityOverflow: SummedCounter;
  readonly spansProcessed: SummedCounter;
  readonly spansLate: SummedCounter;
  readonly spansDropped: SummedCounter;
  readonly tracesEvicted: Counter;
  readonly spansEvicted: Counter;
  readonly analysisDuration: Histogram;
  readonly eventLoopDelay: Histogram;

  constructor(meter: Meter) {
    const seconds = (name: string, description: string, buckets: number[]) =>
      meter.createHistogram(name, { unit: 's', description, advice: { explicitBucketBoundaries: buckets } });

    this.operationDuration = seconds(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, 'GenAI operation duration', GEN_AI_DURATION_BUCKETS);
    this.tokenUsage = meter.createHistogram(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, {
      unit: '{token}',
      description: 'Number of input and output tokens used per GenAI operation',
      advice: { explicitBucketBoundaries: GEN_AI_TOKEN_BUCKETS },
    });
    this.timeToFirstChunk = seconds(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, 'Time to the first chunk of a streamed reply', GEN_AI_DURATION_BUCKETS);

    this.agentDuration = seconds(METRIC_AGENT_DURATION, 'Duration of agent invocations', DURATION_BUCKETS_SECONDS);
    this.toolDuration = seconds(METRIC_TOOL_DURATION, 'Duration of tool executions', DURATION_BUCKETS_SECONDS);
    this.stateDuration = seconds(METRIC_STATE_DURATION, 'Duration of state reads, writes and deletes', DURATION_BUCKETS_SECONDS);
    this.llmTokens = new SummedCounter(meter, METRIC_LLM_TOKENS, { unit: '{token}', description: 'LLM tokens by type, model and agent' });
    this.llmCost = new SummedCounter(meter, METRIC_LLM_COST, { unit: 'USD', description: 'LLM cost in US dollars by model and agent' });

    this.workflowDuration = seconds('agentmeter.workflow.duration', 'End-to-end duration of a request (local trace root)', WORKFLOW_DURATION_BUCKETS);
    this.workflowTime = new SummedCounter(meter, 'agentmeter.workflow.time', {
      unit: 's',
      description: 'Wall time of requests by category (coordination, agent, llm, tool, state, serialization); the categories of a request sum to its duration',
    });
    this.workflowCoordinationRatio = meter.createHistogram('agentmeter.workflow.coordination.ratio', {
      unit: '1',
      description: 'Share of a request spent in coordination',
      advice: { explicitBucketBoundaries: RATIO_BUCKETS },
    });
    this.workflowParallelism = meter.createHistogram('agentmeter.workflow.parallelism', {
      unit: '1',
      description: 'Leaf work time / wall time of a request',
      advice: { explicitBucketBoundaries: PARALLELISM_BUCKETS },
    });
    this.workflowTokens = meter.createHistogram('agentmeter.workflow.tokens', {
      unit: '{token}',
      description: 'LLM tokens per request',
      advice: { explicitBucketBoundaries: GEN_AI_TOKEN_BUCKETS },
    });
    this.workflowCost = meter.createHistogram('agentmeter.workflow.cost', {
      unit: 'USD',
      description: 'LLM cost per request in US dollars',
      advice: { explicitBucketBoundaries: COST_BUCKETS },
    });
    this.findings = new SummedCounter(meter, 'agentmeter.findings', { description: 'Bottleneck findings by rule, severity and operation' });
    meter
      .createObservableUpDownCounter('agentmeter.agent.active', { description: 'Agent invocations in progress' })
      .addCallback(result => result.observe(this.activeAgents));

    this.internalErrors = meter.createCounter(METRIC_INTERNAL_ERRORS, { description: 'Internal agentmeter failures (never surfaced to the app)' });
    this.costUnknownModel = meter.createCounter(METRIC_COST_UNKNOWN_MODEL, { description: 'LLM calls whose model has no known price' });
    this.cardinalityOverflow = new SummedCounter(meter, METRIC_CARDINALITY_OVERFLOW, { description: 'Metric attribute values replaced by _other' });
    this.spansProcessed = new SummedCounter(meter, 'agentmeter.spans.processed', { description: 'Spans seen by the agentmeter span processor' });
    this.spansLate = new SummedCounter(meter, 'agentmeter.spans.late', { description: 'Spans that ended after their trace root' });
    this.spansDropped = new SummedCounter(meter, 'agentmeter.spans.dropped', { description: 'Spans left out of analysis (per-trace span limit)' });
    this.tracesEvicted = meter.createCounter('agentmeter.traces.evicted', { description: 'Open traces evicted before their root ended, by reason' });
    this.spansEvicted = meter.createCounter('agentmeter.spans.evicted', {
      description: 'Span records of traces evicted before their root ended, by reason (still analysed, as a partial trace)',
    });
    this.analysisDuration = seconds('agentmeter.analysis.duration', 'Time spent analysing one trace', ANALYSIS_BUCKETS);
    this.eventLoopDelay = seconds('agentmeter.event_loop.delay', 'Event-loop delay samples above 10 ms', [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  }
}
