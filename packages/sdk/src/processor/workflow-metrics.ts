import type { Attributes } from '@opentelemetry/api';
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

/** A workflow's label set and its workflow-time counter keys (one per category), made once. */
interface WorkflowLabels {
  labels: Attributes;
  timeKeys: string[];
}

/** Records one trace's analysis as per-workflow metrics. */
export class WorkflowMetrics {
  private readonly _byWorkflow = new Map<string, WorkflowLabels>();

  constructor(
    private readonly _instruments: Instruments,
    private readonly _limit: CardinalityLimit,
  ) {}

  record(analysis: TraceAnalysis, analysisSeconds: number): void {
    const i = this._instruments;
    const name = this._limit.value(ATTR_GEN_AI_WORKFLOW_NAME, analysis.workflow);
    const { labels: workflow, timeKeys } = this._workflowLabels(name);
    const wallSeconds = analysis.wallNs / 1e9;
    i.workflowDuration.record(wallSeconds, analysis.partial ? { ...workflow, 'agentmeter.partial': true } : workflow);
    for (let c = 0; c < CATEGORIES.length; c++) {
      const ns = analysis.breakdown[CATEGORIES[c]];
      if (ns <= 0) continue;
      const key = timeKeys[c];
      if (!i.workflowTime.add(key, ns / 1e9)) i.workflowTime.create(key, { ...workflow, [ATTR_AGENTMETER_CATEGORY]: CATEGORIES[c] }, ns / 1e9);
    }
    if (analysis.wallNs > 0) i.workflowCoordinationRatio.record(analysis.breakdown.coordination / analysis.wallNs, workflow);
    i.workflowParallelism.record(analysis.parallelism, workflow);
    i.workflowTokens.record(analysis.tokens, workflow);
    if (analysis.costUsd > 0) i.workflowCost.record(analysis.costUsd, workflow);
    for (const finding of analysis.findings) {
      const operation = this._limit.value('agentmeter.operation', finding.operation);
      const key = `${name}\u0000${finding.rule}\u0000${finding.severity}\u0000${operation}`;
      if (i.findings.add(key, 1)) continue;
      i.findings.create(
        key,
        { ...workflow, 'agentmeter.rule': finding.rule, 'agentmeter.severity': finding.severity, 'agentmeter.operation': operation },
        1,
      );
    }
    i.analysisDuration.record(analysisSeconds);
  }

  /** A span that ended after its root: counted under its workflow (or `unknown`), never silently lost. */
  late(workflow: string, category: SpanCategory): void {
    const name = this._limit.value(ATTR_GEN_AI_WORKFLOW_NAME, workflow);
    const key = `${name}\u0000${category}`;
    if (this._instruments.spansLate.add(key, 1)) return;
    this._instruments.spansLate.create(key, { [ATTR_GEN_AI_WORKFLOW_NAME]: name, [ATTR_AGENTMETER_CATEGORY]: category }, 1);
  }

  private _workflowLabels(name: string): WorkflowLabels {
    let labels = this._byWorkflow.get(name);
    if (labels === undefined) {
      labels = { labels: { [ATTR_GEN_AI_WORKFLOW_NAME]: name }, timeKeys: CATEGORIES.map(category => `${name}\u0000${category}`) };
      if (this._byWorkflow.size >= 10_000) this._byWorkflow.clear();
      this._byWorkflow.set(name, labels);
    }
    return labels;
  }
}
