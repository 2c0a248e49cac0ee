import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import { isAsyncIterable } from '../../manual/stream.js';
import { markFailed } from '../../manual/with-span.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ERROR_TYPE_VALUE_OTHER,
  EVENT_AGENTMETER_TOOL_CALL_REQUESTED,
} from '../../semconv.js';
import { captureContent } from '../content.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { observeApiPromise } from './api-promise.js';
import { asObject, requestedToolCalls, responseAttributes } from './attributes.js';
import { inputMessages, outputMessages, systemInstructions } from './messages.js';
import { observeStream, StreamRecorder, type StreamEnd } from './stream.js';

/** Why a call failed: the error the app got, or a low-cardinality type when there is no error object. */
type Failure = { error: unknown } | { type: string };

/** error.type of a stream the app (or its AbortSignal) aborted: the class the SDK throws for it elsewhere. */
const ABORTED: Failure = { type: 'APIUserAbortError' };
/** error.type of a stream that ended, without an error, before message_stop. */
const INCOMPLETE: Failure = { type: 'stream_incomplete' };

/**
 * The `chat {model}` span of one messages.create / messages.stream call:
 * records the reply as the app consumes it and ends the span exactly once.
 *
 * In helper mode (messages.stream()) the MessageStream decides the outcome —
 * it fails on things the raw stream does not see, such as a listener that
 * throws — so the raw outcome is only remembered and `endHelper` ends the span.
 */
export class LlmCall {
  private _ended = false;
  private _failure: Failure | undefined;
  private readonly _startedAt = performance.now();

  constructor(
    readonly span: Span,
    private readonly _config: AgentmeterInstrumentationConfig,
    params: unknown,
    private readonly _helper: boolean,
  ) {
    captureContent(span, _config, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, () => systemInstructions(params));
    captureContent(span, _config, ATTR_GEN_AI_INPUT_MESSAGES, () => inputMessages(params));
  }

  /** Watches the APIPromise the SDK method returned; a value of unknown shape ends the call now. */
  observe(result: unknown): void {
    const observed = observeApiPromise(result, {
      onData: data => this._guard(() => this._onData(data)),
      onError: error => this._guard(() => this._settle({ error })),
      onRawResponse: () => this._guard(() => this._settle(undefined)),
    });
    if (!observed) this._settle(undefined);
  }

  /** The SDK method threw synchronously. */
  thrown(error: unknown): void {
    this._failure = { error };
    this._end();
  }

  /** messages.stream(): the MessageStream emitted `end` (after success, error or abort). */
  endHelper(messageStream: { aborted?: unknown; errored?: unknown }): void {
    if (messageStream.aborted === true) this._failure ??= ABORTED;
    else if (messageStream.errored === true) this._failure ??= { type: ERROR_TYPE_VALUE_OTHER };
    else this._failure = undefined;
    this._end();
  }

  private _onData(data: unknown): void {
    if (isAsyncIterable(data)) {
      const recorder = new StreamRecorder(this._config.captureContent === true);
      if (observeStream(data, recorder, end => this._guard(() => this._onStreamEnd(recorder, end)))) return;
    } else {
      this._recordMessage(data);
    }
    this._settle(undefined);
  }

  private _onStreamEnd(recorder: StreamRecorder, end: StreamEnd): void {
    const message = recorder.message();
    if (message) this._recordMessage(message);
    if (recorder.firstEventAt !== undefined) {
      this.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, (recorder.firstEventAt - this._startedAt) / 1000);
    }
    if (end.how === 'failed') this._settle({ error: end.error });
    else if (end.how === 'aborted') this._settle(ABORTED);
    else if (end.how === 'completed' && !recorder.complete) this._settle(INCOMPLETE);
    else this._settle(undefined);
  }

  private _recordMessage(message: unknown): void {
    const m = asObject(message);
    if (!m) return;
    this.span.setAttributes(responseAttributes(m));
    for (const call of requestedToolCalls(m.content)) {
      const attributes: Record<string, string> = { [ATTR_GEN_AI_TOOL_NAME]: call.name, [ATTR_GEN_AI_TOOL_TYPE]: 'function' };
      if (call.id) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = call.id;
      const args = this._content(call.input);
      if (args !== undefined) attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = args;
      this.span.addEvent(EVENT_AGENTMETER_TOOL_CALL_REQUESTED, attributes);
    }
    captureContent(this.span, this._config, ATTR_GEN_AI_OUTPUT_MESSAGES, () => outputMessages(m.content, m.stop_reason));
  }

  /** Call mode ends now; helper mode remembers the raw outcome for endHelper. */
  private _settle(failure: Failure | undefined): void {
    if (failure) this._failure = failure;
    if (!this._helper) this._end();
  }

  private _end(): void {
    if (this._ended) return;
    this._ended = true;
    try {
      const failure = this._failure;
      if (failure && 'error' in failure) markFailed(this.span, failure.error);
      else if (failure) {
        this.span.setAttribute(ATTR_ERROR_TYPE, failure.type);
        this.span.setStatus({ code: SpanStatusCode.ERROR });
      }
    } finally {
      this.span.end();
    }
  }

  /** Same truncation as captureContent, for event attributes. */
  private _content(value: unknown): string | undefined {
    if (!this._config.captureContent || value === undefined) return undefined;
    try {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      const max = this._config.contentMaxLength ?? 8192;
      return text.length > max ? `${text.slice(0, max)}…[truncated]` : text;
    } catch {
      return undefined;
    }
  }

  private _guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      reportInternalError('anthropic.record', error);
      try {
        this._end();
      } catch {
        // the span is already ended
      }
    }
  }
}
