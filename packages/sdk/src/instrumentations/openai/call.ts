import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import { markFailed } from '../../manual/with-span.js';
import { ATTR_ERROR_TYPE, ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK } from '../../semconv.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { observeApiPromise, type Consumer } from './api-promise.js';
import { recordReply, type ReplySummary } from './reply.js';
import { isStream, observeStream, streamAborted, type StreamEnd } from './stream.js';
import { UnreadReplies, type Waiter } from './unread-replies.js';

/** How one operation reads its replies. */
export interface Operation {
  /** A parsed, non-streamed reply. */
  reply(value: unknown): ReplySummary | undefined;
  /** Collects a streamed reply chunk by chunk (absent for embeddings, which never stream). */
  accumulator?(keepContent: boolean): StreamAccumulator;
}

export interface StreamAccumulator {
  add(chunk: unknown): void;
  summary(): ReplySummary;
  /** The stream delivered its final chunk/event (a finish_reason, response.completed …). */
  readonly finished: boolean;
}

type Failure = { error: unknown } | { type: string };

/** error.type of a stream cancelled by the app's AbortSignal or controller: the class the SDK throws for an abort before the reply. */
const ABORTED: Failure = { type: 'APIUserAbortError' };
/** error.type of a stream that ended without an error before its final chunk. */
const INCOMPLETE: Failure = { type: 'stream_incomplete' };

/**
 * How long a call whose response arrived waits for the app to read it (or,
 * for a stream, to start iterating) before its span ends without a reply:
 * a call nobody awaits, or a stream nobody iterates, never tells us. The
 * span then ends at the time the response arrived. (asResponse() needs no
 * wait: the app reads that body itself, so the span ends with the response.)
 */
export const UNREAD_REPLY_TIMEOUT_MS = 5000;
const unread = new UnreadReplies(UNREAD_REPLY_TIMEOUT_MS);

/**
 * One create() call: records its reply as the app consumes it and ends its
 * CLIENT span exactly once — reply parsed, stream consumed/broken off/failed,
 * request failed, or (see UNREAD_REPLY_TIMEOUT_MS) never read.
 */
export class OpenAICall implements Waiter {
  private _ended = false;
  /** A failure the reply itself reported (Responses `status: failed`). */
  private _failure: Failure | undefined;
  /** performance.now() when the response arrived, while waiting for the app to read it. */
  private _respondedAt: number | undefined;
  private readonly _startedAt = performance.now();

  constructor(
    readonly span: Span,
    private readonly _config: AgentmeterInstrumentationConfig,
    private readonly _operation: Operation,
  ) {}

  /** Watches the APIPromise the SDK returned; a result of unknown shape ends the span now. */
  observe(result: unknown): void {
    const observed = observeApiPromise(result, {
      onData: data => this._guard(() => this._onData(data)),
      onError: error => this._guard(() => this._end({ error })),
      onResponse: consumer => this._guard(() => this._onResponse(consumer)),
    });
    if (!observed) this._end(undefined);
  }

  /** The SDK method threw synchronously (invalid arguments). */
  thrown(error: unknown): void {
    this._end({ error });
  }

  private _onResponse(consumer: Consumer): void {
    // asResponse(): the app reads the body itself, so the reply's attributes are out of reach.
    if (consumer === 'raw') this._end(undefined);
    else if (consumer === 'none') this._waitForReader(performance.now());
  }

  private _onData(data: unknown): void {
    this._stopWaiting();
    if (this._ended) return;
    const accumulator = isStream(data) ? this._operation.accumulator?.(this._config.captureContent === true) : undefined;
    if (accumulator) {
      let first = true;
      const watched = observeStream(data, {
        onStart: () => this._stopWaiting(),
        onChunk: chunk => {
          if (first) {
            first = false;
            this.span.setAttribute(ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, (performance.now() - this._startedAt) / 1000);
          }
          accumulator.add(chunk);
        },
        onEnd: end => this._guard(() => this._onStreamEnd(data, accumulator, end)),
      });
      if (watched) return this._waitForReader(performance.now());
    } else {
      const reply = this._operation.reply(data);
      if (reply) this._record(reply);
    }
    this._end(undefined);
  }

  private _onStreamEnd(stream: unknown, accumulator: StreamAccumulator, end: StreamEnd): void {
    this._record(accumulator.summary());
    if (end.how === 'failed') this._end({ error: end.error });
    else if (end.how === 'completed' && streamAborted(stream) && !accumulator.finished) this._end(ABORTED);
    else if (end.how === 'completed' && !accumulator.finished) this._end(INCOMPLETE);
    else this._end(undefined);
  }

  private _record(reply: ReplySummary): void {
    if (this._ended) return;
    recordReply(this.span, reply, this._config);
    if (reply.errorType) this._failure = { type: reply.errorType };
  }

  private _waitForReader(respondedAt: number): void {
    if (this._ended || this._respondedAt !== undefined) return;
    this._respondedAt = respondedAt;
    unread.wait(this);
  }

  private _stopWaiting(): void {
    if (this._respondedAt === undefined) return;
    this._respondedAt = undefined;
    unread.done(this);
  }

  /** @internal UnreadReplies: nobody read the reply; the span ends when the response arrived. */
  giveUp(): void {
    const respondedAt = this._respondedAt;
    this._respondedAt = undefined;
    this._end(undefined, respondedAt);
  }

  private _end(failure: Failure | undefined, endTime?: number): void {
    if (this._ended) return;
    this._ended = true;
    this._stopWaiting();
    try {
      const why = failure ?? this._failure;
      if (why && 'error' in why) markFailed(this.span, why.error);
      else if (why) {
        this.span.setAttribute(ATTR_ERROR_TYPE, why.type);
        this.span.setStatus({ code: SpanStatusCode.ERROR });
      }
    } finally {
      this.span.end(endTime);
    }
  }

  private _guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      reportInternalError('openai.record', error);
      try {
        this._end(undefined);
      } catch {
        // already ended
      }
    }
  }
}
