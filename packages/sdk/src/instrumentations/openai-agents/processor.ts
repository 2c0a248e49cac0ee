import { context, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import { setUsage } from '../../manual/handles.js';
import { errorType } from '../../manual/with-span.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
} from '../../semconv.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { endUpdate, fallbackErrorType, startSpec, type Role } from './attributes.js';
import { slotOf, type PendingEnd, type Slot } from './slot.js';
import { recordContent } from './span-content.js';
import { ATTR_AGENTMETER_OPENAI_AGENTS_TRACE_ID } from './staged-semconv.js';
import type { AgentsSpan, AgentsTrace, AgentsTracingProcessor } from './types.js';

/** One Agents SDK span and the OTel span it became (none for `skip` spans). */
interface Entry {
  role: Role;
  span?: Span;
  /** Context children are started in: this span active, or (skip) the parent's. */
  ctx: Context;
  /** Context this span was started in (a handoff is started in its agent's). */
  parentCtx: Context;
  parent?: Entry;
  workflow?: Workflow;
  /** Reports the enclosing call's outcome (error.type of a failed span). */
  slot?: Slot;
  requestModel?: string;
  /** The error's class, when a wrapper saw the error object itself. */
  errorType?: string;
  /** performance.now() at which this agent handed off: its span ends there. */
  handoffAt?: number;
}

/** One Agents SDK trace: the `invoke_workflow` span. */
interface Workflow {
  trace: AgentsTrace;
  /** The trace's name when it started (RunState resumption can rename it later). */
  name: string;
  span: Span;
  ctx: Context;
  spanIds: Set<string>;
  pending: Set<PendingEnd>;
}

const RESOLVED = Promise.resolve();
/** Bound on open spans and traces; beyond it new ones are not recorded (counted as an internal error). */
const MAX_OPEN = 10_000;

/**
 * A TracingProcessor that turns @openai/agents traces and spans into
 * OpenTelemetry spans in the agentmeter span model (see attributes.ts), as
 * they start and end, parented among themselves by the SDK's parent ids and,
 * at the top, to the OTel span active when the trace started (Runner.run or
 * withTrace), so they nest in the caller's trace.
 *
 * The SDK calls processors without awaiting or catching (spans.ts `start()`/
 * `end()`), and its process-wide `unhandledRejection` handler exits the
 * process: every method here is synchronous inside, catches everything and
 * returns an already resolved promise.
 *
 * Handoffs are coordination: the handing-off agent's span ends where the
 * handoff starts, and the `handoff` span (no gen_ai operation, so no work
 * category) is its sibling, so the time from the handoff to the next agent's
 * start is attributed to coordination by the analysis, not to an agent.
 */
export class AgentmeterTracingProcessor implements AgentsTracingProcessor {
  /** Off while the instrumentation is disabled: nothing new is started (what is open still ends). */
  enabled = true;
  private readonly _entries = new Map<string, Entry>();
  private readonly _workflows = new Map<string, Workflow>();

  constructor(
    private readonly _tracer: () => Tracer,
    private readonly _config: () => AgentmeterInstrumentationConfig,
  ) {}

  onTraceStart(agentsTrace: AgentsTrace): Promise<void> {
    if (this.enabled) guard('openai-agents.onTraceStart', () => this._startWorkflow(agentsTrace));
    return RESOLVED;
  }

  onTraceEnd(agentsTrace: AgentsTrace): Promise<void> {
    guard('openai-agents.onTraceEnd', () => this._endWorkflow(agentsTrace.traceId, false, undefined));
    return RESOLVED;
  }

  onSpanStart(span: AgentsSpan): Promise<void> {
    guard('openai-agents.onSpanStart', () => this.ensure(span));
    return RESOLVED;
  }

  onSpanEnd(span: AgentsSpan): Promise<void> {
    guard('openai-agents.onSpanEnd', () => this._end(span));
    return RESOLVED;
  }

  /** Also called by `setTraceProcessors()` on the processors it replaces; agentmeter stays (see install.ts). */
  shutdown(): Promise<void> {
    return RESOLVED;
  }

  /** Spans are exported by the OpenTelemetry SDK that register() set up, which flushes on its own. */
  forceFlush(): Promise<void> {
    return RESOLVED;
  }

  /** The OTel context for code running inside an Agents span: its OTel span (or, for a skipped span, its nearest mapped ancestor's) active. */
  contextOf(span: AgentsSpan | null | undefined): Context | undefined {
    return span ? this.ensure(span)?.ctx : undefined;
  }

  /**
   * Starts the `chat` span of a model call about to be made inside `current`
   * (the SDK's turn or agent span), before the SDK starts its own
   * response/generation span, so that the provider call (an `openai`
   * instrumentation's span, HTTP) nests inside it. The SDK's span adopts it.
   */
  openModelCall(current: AgentsSpan, slot: Slot): Context | undefined {
    const parent = this.ensure(current);
    if (!parent) return undefined;
    const spec = startSpec({ type: 'generation' }, slot);
    const span = this._tracer().startSpan(spec.name, { kind: spec.kind, attributes: spec.attributes }, parent.ctx);
    slot.modelSpan = { span, ctx: trace.setSpan(parent.ctx, span), adopted: false };
    return slot.modelSpan.ctx;
  }

  /** Records the class of the error an Agents span failed with, seen by a wrapper around its work. */
  recordError(span: AgentsSpan | null | undefined, error: unknown): void {
    this.recordErrorType(span, errorType(error));
  }

  /** Records the error.type an Agents span gets if it fails (the first one recorded wins). */
  recordErrorType(span: AgentsSpan | null | undefined, type: string): void {
    const entry = span ? this._entries.get(span.spanId) : undefined;
    if (entry && entry.errorType === undefined) entry.errorType = type;
  }

  /** The OTel span and context of a running Agents span (e.g. a function tool, to add MCP attributes to). */
  spanOf(span: AgentsSpan): { span: Span; ctx: Context } | undefined {
    const entry = this._entries.get(span.spanId);
    return entry?.span ? { span: entry.span, ctx: entry.ctx } : undefined;
  }

  /** The entry of a started span, created now if the SDK has not reported its start yet (idempotent). */
  ensure(span: AgentsSpan): Entry | undefined {
    const known = this._entries.get(span.spanId);
    if (known || !this.enabled || !span.spanId || span.spanId === 'no-op') return known;
    if (this._entries.size >= MAX_OPEN) {
      reportInternalError('openai-agents.too-many-open-spans', new Error(`more than ${MAX_OPEN} open spans`));
      return undefined;
    }
    const active = context.active();
    const workflow = this._workflows.get(span.traceId);
    const parent = span.parentId ? this._entries.get(span.parentId) : undefined;
    const slot = slotOf(active);
    const spec = startSpec(span.spanData, slot);
    let parentCtx = parent?.ctx ?? workflow?.ctx ?? active;
    const entry: Entry = { role: spec.role, ctx: parentCtx, parentCtx, parent, workflow, slot, requestModel: slot?.requestModel };
    if (spec.role === 'handoff') {
      const agent = nearestAgent(parent);
      if (agent) {
        agent.handoffAt = performance.now();
        parentCtx = entry.parentCtx = agent.parentCtx;
      }
    }
    const precreated = spec.role === 'llm' ? slot?.modelSpan : undefined;
    if (precreated && !precreated.adopted) {
      precreated.adopted = true;
      entry.span = precreated.span;
      entry.ctx = precreated.ctx;
    } else if (spec.role !== 'skip') {
      entry.span = this._tracer().startSpan(spec.name, { kind: spec.kind, attributes: spec.attributes }, parentCtx);
      entry.ctx = trace.setSpan(parentCtx, entry.span);
    }
    this._entries.set(span.spanId, entry);
    workflow?.spanIds.add(span.spanId);
    return entry;
  }

  private _startWorkflow(agentsTrace: AgentsTrace): void {
    if (this._workflows.has(agentsTrace.traceId)) return;
    if (this._workflows.size >= MAX_OPEN) {
      reportInternalError('openai-agents.too-many-open-traces', new Error(`more than ${MAX_OPEN} open traces`));
      return;
    }
    const parentCtx = context.active();
    const name = agentsTrace.name || 'Agent workflow';
    const span = this._tracer().startSpan(`invoke_workflow ${name}`, {
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
        [ATTR_GEN_AI_WORKFLOW_NAME]: name,
        [ATTR_AGENTMETER_OPENAI_AGENTS_TRACE_ID]: agentsTrace.traceId,
        ...(agentsTrace.groupId ? { [ATTR_GEN_AI_CONVERSATION_ID]: agentsTrace.groupId } : {}),
      },
    }, parentCtx);
    const workflow: Workflow = { trace: agentsTrace, name, span, ctx: trace.setSpan(parentCtx, span), spanIds: new Set(), pending: new Set() };
    this._workflows.set(agentsTrace.traceId, workflow);
    // The SDK never ends a trace whose Runner.run failed; the run's slot does (wrappers.ts).
    slotOf(parentCtx)?.traces.add(error => this._endWorkflow(agentsTrace.traceId, true, error));
  }

  private _endWorkflow(traceId: string, failed: boolean, error: unknown): void {
    const workflow = this._workflows.get(traceId);
    if (!workflow) return;
    this._workflows.delete(traceId);
    for (const pending of workflow.pending) pending.finish(undefined, false);
    // Spans the SDK left open (an abandoned stream) end with their trace rather than leak.
    for (const spanId of workflow.spanIds) {
      const entry = this._entries.get(spanId);
      this._entries.delete(spanId);
      entry?.span?.end();
    }
    const name = workflow.trace.name;
    if (typeof name === 'string' && name.length > 0 && name !== workflow.name) {
      workflow.span.updateName(`invoke_workflow ${name}`);
      workflow.span.setAttribute(ATTR_GEN_AI_WORKFLOW_NAME, name);
    }
    if (failed) fail(workflow.span, errorType(error));
    workflow.span.end();
  }

  private _end(agentsSpan: AgentsSpan): void {
    const entry = this._entries.get(agentsSpan.spanId);
    if (!entry) return;
    this._entries.delete(agentsSpan.spanId);
    entry.workflow?.spanIds.delete(agentsSpan.spanId);
    const span = entry.span;
    if (!span) return;
    const data = agentsSpan.spanData;
    const update = endUpdate(data, entry.role, entry.requestModel);
    if (update.name) span.updateName(update.name);
    span.setAttributes(update.attributes);
    if (update.usage) setUsage(span, update.usage);
    recordContent(span, this._config(), entry.role, data);
    const endTime = entry.handoffAt ?? performance.now();
    const sdkError = agentsSpan.error;
    if (!sdkError) return span.end(endTime);
    if (entry.errorType === undefined && entry.slot && !entry.slot.settled) {
      // Wait (microtasks) for the enclosing call to reject: its error's class is the error.type.
      const pending: PendingEnd = {
        finish: (error, failed) => {
          entry.slot?.pending.delete(pending);
          entry.workflow?.pending.delete(pending);
          fail(span, entry.errorType ?? (failed ? errorType(error) : fallbackErrorType(sdkError)));
          span.end(endTime);
        },
      };
      entry.slot.pending.add(pending);
      entry.workflow?.pending.add(pending);
      return;
    }
    fail(span, entry.errorType ?? fallbackErrorType(sdkError));
    span.end(endTime);
  }
}

function nearestAgent(entry: Entry | undefined): Entry | undefined {
  for (let e = entry; e; e = e.parent) if (e.role === 'agent') return e;
  return undefined;
}

/** Status ERROR with a low-cardinality error.type; the message is not recorded (it may carry user content). */
function fail(span: Span, type: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}

function guard(where: string, fn: () => unknown): void {
  try {
    fn();
  } catch (error) {
    reportInternalError(where, error);
  }
}
