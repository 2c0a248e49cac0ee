import type { AttributeValue, Span } from '@opentelemetry/api';
import { reportInternalError } from '../diag.js';
import { readReply, StreamUsage, type Usage } from '../genai/usage.js';
import {
  ATTR_AGENTMETER_BYTES,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '../semconv.js';

/** What every wrapped function receives: its span, to add attributes of its own. */
export class SpanHandle {
  constructor(readonly span: Span) {}

  setAttribute(key: string, value: AttributeValue): this {
    this.span.setAttribute(key, value);
    return this;
  }
}

/** withState / withSerialization: the size of what was read, written or serialized. */
export class BytesHandle extends SpanHandle {
  setBytes(bytes: number): this {
    if (Number.isFinite(bytes) && bytes >= 0) this.span.setAttribute(ATTR_AGENTMETER_BYTES, bytes);
    return this;
  }
}

/**
 * withLLM: token usage and the model that answered. Usage recorded with
 * recordUsage wins; otherwise it is read from the reply (`{ model, usage }`)
 * or from the chunks of a streamed reply.
 */
export class LLMHandle extends SpanHandle {
  private _recorded = false;
  private readonly _startMs = performance.now();
  private _stream: StreamUsage | undefined;

  recordUsage(usage: Usage): this {
    this._recorded = true;
    setUsage(this.span, usage);
    return this;
  }

  setResponseModel(model: string): this {
    this.span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, model);
    return this;
  }

  /** @internal */
  _onResult(result: unknown): void {
    if (this._recorded) return;
    const reply = readReply(result);
    if (reply?.usage) setUsage(this.span, reply.usage);
    if (reply?.model) this.setResponseModel(reply.model);
  }

  /** @internal */
  _onFirstChunk(): void {
    this.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, (performance.now() - this._startMs) / 1000);
  }

  /** @internal */
  _onChunk(chunk: unknown): void {
    (this._stream ??= new StreamUsage()).add(chunk);
  }

  /** @internal */
  _beforeEnd(): void {
    const stream = this._stream;
    if (!stream) return;
    if (stream.model) this.setResponseModel(stream.model);
    if (!this._recorded && stream.usage) setUsage(this.span, stream.usage);
  }
}

export function setUsage(span: Span, usage: Usage): void {
  try {
    const set = (key: string, value: number | undefined) => {
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) span.setAttribute(key, value);
    };
    set(ATTR_GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens);
    set(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens);
    set(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadInputTokens);
    set(ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheCreationInputTokens);
    set(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningOutputTokens);
  } catch (error) {
    reportInternalError('manual.usage', error);
  }
}
