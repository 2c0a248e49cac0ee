import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SpanCategory, TraceAnalysis } from '@agentmeter/analysis';
import type { CardinalityLimit } from '../metrics/cardinality-limit.js';
import type { Instruments } from '../metrics/instruments.js';
import { ATTR_AGENTMETER_CATEGORY, ATTR_GEN_AI_WORKFLOW_NAME } from '../semconv.js';

const CATEGORIES = ['coordination', 'agent', 'llm', 'tool', 'state', 'serialization'] as const;

/** The workflow label of a trace: gen_ai.workflow.name of a workflow root, else the root span's name. */
export function workflowOf(name: string, attributes: Attributes): string {
  const workflow = attributes[ATTR_GEN_AI_WORKFLOW_NAME];
  return typeof workflow === 'string' && workflow !== '' ? workflow : name;
}

/** Records one trace's analysis as per-workflow metrics. */
export class WorkflowMetrics {
  constructor(
    private readonly _instruments: Instruments,
    private readonly _limit: CardinalityLimit,
  ) {}

  record(analysis: TraceAnalysis, analysisSeconds: number): void {
    const i = this._instruments;
    const workflow = { [ATTR_GEN_AI_WORKFLOW_NAME]: this._limit.value(ATTR_GEN_AI_WORKFLOW_NAME, analysis.workflow) };
    const wallSeconds = analysis.wallNs / 1e9;
    i.workflowDuration.record(wallSeconds, analysis.partial ? { ...workflow, 'agentmeter.partial': true } : workflow);
    for (const category of CATEGORIES) {
      const ns = analysis.breakdown[category];
      if (ns > 0) i.workflowTime.add(ns / 1e9, { ...workflow, [ATTR_AGENTMETER_CATEGORY]: category });
    }
    if (analysis.wallNs > 0) i.workflowCoordinationRatio.record(analysis.breakdown.coordination / analysis.wallNs, workflow);
    i.workflowParallelism.record(analysis.parallelism, workflow);
    i.workflowTokens.record(analysis.tokens, workflow);
    if (analysis.costUsd > 0) i.workflowCost.record(analysis.costUsd, workflow);
    for (const finding of analysis.findings) {
      i.findings.add(1, {
        ...workflow,
        'agentmeter.rule': finding.rule,
        'agentmeter.severity': finding.severity,
        'agentmeter.operation': this._limit.value('agentmeter.operation', finding.operation),
      });
    }
    i.analysisDuration.record(analysisSeconds);
  }

  /** A span that ended after its root: counted under its workflow (or `unknown`), never silently lost. */
  late(workflow: string, category: SpanCategory, _span: ReadableSpan): void {
    this._instruments.spansLate.add(1, {
      [ATTR_GEN_AI_WORKFLOW_NAME]: this._limit.value(ATTR_GEN_AI_WORKFLOW_NAME, workflow),
      [ATTR_AGENTMETER_CATEGORY]: category,
    });
  }
}
