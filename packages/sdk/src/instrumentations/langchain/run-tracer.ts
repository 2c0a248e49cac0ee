import { context, SpanKind, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { warnOnce } from '../../diag.js';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
} from '../../semconv.js';
import { requestAttributes, type Obj } from './attributes.js';
import { providerName, requestModel } from './provider.js';
import { isBubbleUp, markRunFailed } from './run-errors.js';
import type { ChainRunInfo } from './run-kinds.js';
import { emptySlot } from './run-slot.js';

const PLAIN = { graph: false, node: false };

/** Open runs kept at most; beyond it the oldest is ended (a run LangChain never reported the end of). */
const MAX_OPEN_RUNS = 10_000;

export interface RunRecord {
  readonly id: string;
  readonly parent: RunRecord | undefined;
  readonly span: Span | undefined;
  /** The context this run's children (and code running inside it) get: its span, else its parent's context. */
  readonly ctx: Context;
  readonly graph: boolean;
  /** A LangGraph node run. */
  readonly node: boolean;
  readonly startedAt: number;
  readonly children: Set<RunRecord>;
  firstChunkSeen?: boolean;
  /** The tool call id LangChain reported at the tool run's start (1.x). */
  toolCallId?: string;
}

/**
 * The runs LangChain reported as started and not yet ended, keyed by run id,
 * each with its span (if it got one) and the context its children nest in.
 * A run's parent is its parentRunId's run; a run without a known parent nests
 * in the context active when LangChain started it (the app's span when it
 * called invoke()).
 */
export class RunTracer {
  private readonly _runs = new Map<string, RunRecord>();

  constructor(private readonly _tracer: () => Tracer) {}

  get(runId: string | undefined): RunRecord | undefined {
    return runId === undefined ? undefined : this._runs.get(runId);
  }

  /** Context of an open run (for code LangChain runs inside it), undefined when unknown. */
  contextFor(runId: string | undefined): Context | undefined {
    return this.get(runId)?.ctx;
  }

  startChain(runId: string, parentRunId: string | undefined, info: ChainRunInfo, metadata: Obj | undefined): RunRecord {
    const { kind, name, graph, node } = info;
    if (kind === 'none') return this._add(runId, parentRunId, undefined, { graph, node }, graph ? 'graph' : undefined);
    const attributes: Attributes =
      kind === 'workflow'
        ? { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW, [ATTR_GEN_AI_WORKFLOW_NAME]: name }
        : { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT, [ATTR_GEN_AI_AGENT_NAME]: name };
    const spanName = kind === 'workflow' ? `invoke_workflow ${name}` : `invoke_agent ${name}`;
    return this._add(runId, parentRunId, { name: spanName, kind: SpanKind.INTERNAL, attributes: withConversation(attributes, metadata) }, { graph, node }, graph ? 'graph' : undefined);
  }

  startLlm(runId: string, parentRunId: string | undefined, operation: string, serialized: unknown, extraParams: Obj | undefined, metadata: Obj | undefined): RunRecord {
    const model = requestModel(extraParams, metadata);
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: operation,
      [ATTR_GEN_AI_PROVIDER_NAME]: providerName(serialized, metadata),
      ...requestAttributes(extraParams),
    };
    if (model) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
    const slot = emptySlot(context.active(), 'llm');
    if (slot?.streaming) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
    const name = model ? `${operation} ${model}` : operation;
    return this._add(runId, parentRunId, { name, kind: SpanKind.CLIENT, attributes: withConversation(attributes, metadata) }, PLAIN, 'llm');
  }

  startTool(runId: string, parentRunId: string | undefined, name: string, toolCallId: string | undefined, metadata: Obj | undefined): RunRecord {
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
      [ATTR_GEN_AI_TOOL_NAME]: name,
      [ATTR_GEN_AI_TOOL_TYPE]: 'function',
    };
    if (toolCallId) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = toolCallId;
    const run = this._add(runId, parentRunId, { name: `execute_tool ${name}`, kind: SpanKind.INTERNAL, attributes: withConversation(attributes, metadata) }, PLAIN, undefined);
    if (toolCallId) run.toolCallId = toolCallId;
    return run;
  }

  /** A streamed token or chunk: the first one gives time to first chunk. */
  chunk(runId: string): void {
    const run = this._runs.get(runId);
    if (!run?.span || run.firstChunkSeen) return;
    run.firstChunkSeen = true;
    run.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, (performance.now() - run.startedAt) / 1000);
    run.span.setAttribute(ATTR_GEN_AI_REQUEST_STREAM, true);
  }

  /** Ends a run: `error` marks its span failed unless it is LangGraph control flow. Open children end with it. */
  end(runId: string, error?: unknown): RunRecord | undefined {
    const run = this._runs.get(runId);
    if (!run) return undefined;
    if (error !== undefined && run.span && !isBubbleUp(error)) markRunFailed(run.span, error);
    this._close(run);
    return run;
  }

  private _add(
    runId: string,
    parentRunId: string | undefined,
    spec: { name: string; kind: SpanKind; attributes: Attributes } | undefined,
    { graph, node }: { graph: boolean; node: boolean },
    fills: 'llm' | 'graph' | undefined,
  ): RunRecord {
    const parent = this.get(parentRunId);
    const parentCtx = parent?.ctx ?? context.active();
    const span = spec ? this._tracer().startSpan(spec.name, { kind: spec.kind, attributes: spec.attributes }, parentCtx) : undefined;
    // Only the run a slot was opened for fills it: the chat model's run, or the graph's
    // (a subgraph without a span of its own fills it with its node's span).
    const slot = fills ? emptySlot(context.active(), fills) : undefined;
    const filler = span ?? (parent ? trace.getSpan(parentCtx) : undefined);
    if (slot && filler) {
      slot.span = filler;
      slot.runId = runId;
    }
    const run: RunRecord = {
      id: runId,
      parent,
      span,
      ctx: span ? trace.setSpan(parentCtx, span) : parentCtx,
      graph,
      node,
      startedAt: performance.now(),
      children: new Set(),
    };
    parent?.children.add(run);
    this._runs.set(runId, run);
    if (this._runs.size > MAX_OPEN_RUNS) this._evictOldest();
    return run;
  }

  private _close(run: RunRecord): void {
    for (const child of run.children) this._close(child);
    run.span?.end();
    run.parent?.children.delete(run);
    this._runs.delete(run.id);
  }

  private _evictOldest(): void {
    const oldest = this._runs.values().next().value;
    if (!oldest) return;
    warnOnce('langchain-runs-evicted', `LangChain: more than ${MAX_OPEN_RUNS} runs open at once; the oldest are ended without their end event`);
    this._close(oldest);
  }
}

function withConversation(attributes: Attributes, metadata: Obj | undefined): Attributes {
  const thread = metadata?.thread_id;
  if (typeof thread === 'string' && thread.length > 0) attributes[ATTR_GEN_AI_CONVERSATION_ID] = thread;
  return attributes;
}
