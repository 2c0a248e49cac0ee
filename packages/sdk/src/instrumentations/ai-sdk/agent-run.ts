import { context, createContextKey, SpanKind, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import type { Usage } from '../../genai/usage.js';
import { setUsage } from '../../manual/handles.js';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '../../semconv.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { addUsage, providerName, type ModelInfo } from './attributes.js';
import { failSpan, failSpanWithType } from './errors.js';

/** What the wrappers of one instrumentation share. */
export interface Tracing {
  readonly tracer: Tracer;
  config(): AgentmeterInstrumentationConfig;
}

const RUN_KEY = createContextKey('agentmeter.ai-sdk.run');

/**
 * One generateText / streamText call (or ToolLoopAgent.generate / stream):
 * the semconv `invoke_agent {gen_ai.agent.name}` INTERNAL span that its steps'
 * `chat` and `execute_tool` spans hang under, with the summed token usage.
 *
 * The agent name is the call's telemetry `functionId` (or the agent's `id`),
 * which is how the AI SDK itself names a call in its telemetry; without one
 * the span is `invoke_agent` and has no gen_ai.agent.name (semconv: "`invoke_agent`
 * if the name is not available"), rather than a made-up name.
 */
export class AgentRun {
  readonly span: Span;
  readonly context: Context;
  private _usage: Usage | undefined;
  private _failure: { error: unknown } | { type: string } | undefined;
  private _ended = false;
  private _openModelCalls = 0;

  constructor(
    tracing: Tracing,
    parent: Context,
    name: string | undefined,
    model: ModelInfo,
    /** streamText: a failed model stream ends the run (the SDK errors the app's stream with it). */
    private readonly _streaming: boolean,
  ) {
    const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT };
    if (name) attributes[ATTR_GEN_AI_AGENT_NAME] = name;
    const provider = providerName(model);
    if (provider) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider;
    if (model.modelId) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model.modelId;
    const spanName = name ? `${GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT} ${name}` : GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT;
    this.span = tracing.tracer.startSpan(spanName, { kind: SpanKind.INTERNAL, attributes }, parent);
    this.context = trace.setSpan(parent, this.span).setValue(RUN_KEY, this);
  }

  /**
   * Where this run's chat and tool spans start: the active context when the
   * SDK called in from inside the run (so spans the app or the AI SDK's own
   * telemetry opened in between stay parents), else the run's own context —
   * streamText runs later steps from the app's reads of the stream, whose
   * async context is the reader's, not the run's.
   */
  parentContext(): Context {
    const active = context.active();
    return active.getValue(RUN_KEY) === this ? active : this.context;
  }

  addUsage(usage: Usage | undefined): void {
    this._usage = addUsage(this._usage, usage);
  }

  modelCallStarted(): void {
    this._openModelCalls++;
  }

  modelCallEnded(): void {
    this._openModelCalls = Math.max(0, this._openModelCalls - 1);
  }

  /** The first failure is the one recorded. */
  fail(error: unknown): void {
    this._failure ??= { error };
  }

  failWithType(type: string): void {
    this._failure ??= { type };
  }

  /**
   * streamText's onError: after the last model call failed (its doStream
   * rejected, retries exhausted) nothing else follows, so the run ends; an
   * error part inside a stream that is still open (a malformed chunk) is
   * followed by the rest of the stream and onFinish, which ends it.
   */
  errorReported(error: unknown): void {
    this.fail(error);
    if (this._openModelCalls === 0) this.end();
  }

  /** A model stream failed or was cancelled (reset, abort): streamText errors the app's stream, the run is over. */
  modelStreamFailed(failure: { error: unknown } | { type: string }): void {
    if (!this._streaming) return;
    this._failure ??= failure;
    this.end();
  }

  end(): void {
    if (this._ended) return;
    this._ended = true;
    try {
      if (this._usage) setUsage(this.span, this._usage);
      const failure = this._failure;
      if (failure && 'error' in failure) failSpan(this.span, failure.error);
      else if (failure) failSpanWithType(this.span, failure.type);
    } catch (error) {
      reportInternalError('ai-sdk.run.end', error);
    }
    this.span.end();
  }
}

/** The run the active context belongs to, if any (a model wrapped outside a run still nests under it). */
export function activeRun(): AgentRun | undefined {
  return context.active().getValue(RUN_KEY) as AgentRun | undefined;
}
