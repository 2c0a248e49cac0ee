import { SpanKind, trace, type Context, type Span } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import type { Usage } from '../../genai/usage.js';
import { setUsage } from '../../manual/handles.js';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  EVENT_AGENTMETER_TOOL_CALL_REQUESTED,
} from '../../semconv.js';
import { captureContent } from '../content.js';
import type { AgentRun, Tracing } from './agent-run.js';
import {
  asObject,
  finishReasonAttributes,
  llmSpanName,
  readModelUsage,
  requestAttributes,
  requestedToolCall,
  responseMetadataAttributes,
  type ModelInfo,
  type RequestedToolCall,
} from './attributes.js';
import { aiErrorType, failSpan, failSpanWithType } from './errors.js';
import { inputMessages, outputMessages, systemInstructions } from './messages.js';

/**
 * The `chat {model}` CLIENT span of one LanguageModel doGenerate/doStream
 * call — one HTTP request to the provider, so each retry is its own span.
 * Records the result (or the stream parts as the SDK reads them) and ends
 * exactly once; its usage is added to the enclosing run.
 */
export class LlmCall {
  readonly span: Span;
  readonly context: Context;
  private readonly _startedAt = performance.now();
  private _ended = false;
  private _failure: { error: unknown } | { type: string } | undefined;
  private _usage: Usage | undefined;
  private _firstChunk = false;
  private _finishReason: string | undefined;
  private readonly _output: unknown[] | undefined;
  private readonly _abortSignal: AbortSignal | undefined;

  constructor(
    private readonly _tracing: Tracing,
    parent: Context,
    info: ModelInfo,
    server: { address?: string; port?: number },
    callOptions: unknown,
    streaming: boolean,
    private readonly _run: AgentRun | undefined,
  ) {
    const attributes = requestAttributes(info, callOptions, streaming);
    if (server.address) attributes[ATTR_SERVER_ADDRESS] = server.address;
    if (server.port) attributes[ATTR_SERVER_PORT] = server.port;
    this.span = _tracing.tracer.startSpan(llmSpanName(info), { kind: SpanKind.CLIENT, attributes }, parent);
    this.context = trace.setSpan(parent, this.span);
    const config = _tracing.config();
    const options = asObject(callOptions);
    const prompt = options?.prompt;
    this._abortSignal = options?.abortSignal instanceof AbortSignal ? options.abortSignal : undefined;
    captureContent(this.span, config, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, () => systemInstructions(prompt));
    captureContent(this.span, config, ATTR_GEN_AI_INPUT_MESSAGES, () => inputMessages(prompt));
    this._output = config.captureContent ? [] : undefined;
    _run?.modelCallStarted();
  }

  /** doGenerate resolved. */
  result(result: unknown): void {
    this._guard(() => {
      const r = asObject(result);
      this.span.setAttributes(responseMetadataAttributes(r?.response));
      this._finish(r?.finishReason, r?.usage, r?.providerMetadata);
      if (Array.isArray(r?.content)) {
        for (const part of r.content) this._toolCall(requestedToolCall(part));
        this._output?.push(...r.content);
      }
    });
    this.end();
  }

  /** One doStream part, as the SDK reads it. */
  part(part: unknown): void {
    const p = asObject(part);
    if (!p || this._ended) return;
    const type = p.type;
    if (!this._firstChunk && type !== 'stream-start') {
      this._firstChunk = true;
      this.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, (performance.now() - this._startedAt) / 1000);
    }
    if (type === 'response-metadata') this.span.setAttributes(responseMetadataAttributes(p));
    else if (type === 'finish') {
      // The provider's last part: the call is over. Ending here, not when the SDK reads the stream's
      // end, keeps the span inside its run (ai@7 calls onEnd before it reads past `finish`).
      this._finish(p.finishReason, p.usage, p.providerMetadata);
      this.end();
    } else if (type === 'tool-call') {
      this._toolCall(requestedToolCall(p));
      this._output?.push(p);
    } else if (type === 'error') this._failure ??= { error: p.error };
    else if (type === 'text-delta' && this._output) this._text(p.delta ?? p.textDelta);
  }

  /** The stream ended; `failed` and `cancelled` mid-way keep what usage arrived. */
  streamEnded(how: 'completed' | 'failed' | 'cancelled', reason: unknown): void {
    if (how === 'completed') return this.end();
    const failure = how === 'failed' ? { error: reason } : { type: this._cancelType(reason) };
    this._failure ??= failure;
    this.end();
    this._run?.modelStreamFailed(failure);
  }

  /**
   * Why the SDK cancelled the stream: ai@7 cancels it (with no reason) after
   * the app's AbortSignal fired, so the call's abortSignal says it was an abort.
   */
  private _cancelType(reason: unknown): string {
    if (reason instanceof Error) return aiErrorType(reason);
    const signal = this._abortSignal;
    if (signal?.aborted) return signal.reason instanceof Error ? aiErrorType(signal.reason) : 'AbortError';
    return 'cancelled';
  }

  failed(error: unknown): void {
    this._failure ??= { error };
    this.end();
  }

  end(): void {
    if (this._ended) return;
    this._ended = true;
    try {
      if (this._usage) setUsage(this.span, this._usage);
      if (this._finishReason !== undefined || (this._output && this._output.length > 0)) {
        captureContent(this.span, this._tracing.config(), ATTR_GEN_AI_OUTPUT_MESSAGES, () => outputMessages(this._output, this._finishReason));
      }
      const failure = this._failure;
      if (failure && 'error' in failure) failSpan(this.span, failure.error);
      else if (failure) failSpanWithType(this.span, failure.type);
      this._run?.addUsage(this._usage);
      this._run?.modelCallEnded();
    } catch (error) {
      reportInternalError('ai-sdk.llm.end', error);
    }
    this.span.end();
  }

  private _finish(finishReason: unknown, usage: unknown, providerMetadata: unknown): void {
    const reasons = finishReasonAttributes(finishReason);
    this.span.setAttributes(reasons);
    const first = Object.values(reasons)[0];
    if (Array.isArray(first)) this._finishReason = String(first[0]);
    this._usage = readModelUsage(usage, providerMetadata) ?? this._usage;
  }

  private _toolCall(call: RequestedToolCall | undefined): void {
    if (!call) return;
    const attributes: Record<string, string> = { [ATTR_GEN_AI_TOOL_NAME]: call.name, [ATTR_GEN_AI_TOOL_TYPE]: 'function' };
    if (call.id) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = call.id;
    const config = this._tracing.config();
    if (config.captureContent && call.input !== undefined) {
      const text = typeof call.input === 'string' ? call.input : JSON.stringify(call.input);
      const max = config.contentMaxLength ?? 8192;
      attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = text.length > max ? `${text.slice(0, max)}…[truncated]` : text;
    }
    this.span.addEvent(EVENT_AGENTMETER_TOOL_CALL_REQUESTED, attributes);
  }

  /** Streamed text is collected into one text part (only with captureContent). */
  private _text(delta: unknown): void {
    if (typeof delta !== 'string' || !this._output) return;
    const last = asObject(this._output[this._output.length - 1]);
    if (last?.type === 'text' && typeof last.text === 'string') last.text += delta;
    else this._output.push({ type: 'text', text: delta });
  }

  private _guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      reportInternalError('ai-sdk.llm.record', error);
    }
  }
}
