/*
 * Streamed Messages replies, observed in place: the app keeps the SDK's own
 * `Stream` (its tee(), toReadableStream() and controller keep working) and
 * agentmeter sees each server-sent event as the app reads it.
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming#event-types
 *
 * Event order: message_start (id, model, input + cache usage; output_tokens
 * is a placeholder) → content_block_start / content_block_delta* /
 * content_block_stop per block → message_delta (stop_reason, final
 * output_tokens; since 2025 also final input/cache totals) → message_stop.
 */
import { isAsyncIterable, observeAsyncIterable, type StreamObserver } from '../../manual/stream.js';
import { asObject } from './attributes.js';

type Obj = Record<string, unknown>;

/** Usage totals that message_delta may repeat; a non-null value replaces message_start's. */
const DELTA_TOTALS = ['input_tokens', 'cache_read_input_tokens', 'cache_creation_input_tokens'];

/**
 * Rebuilds as much of the reply `Message` as the events read so far carry.
 * Text and tool inputs are kept only when content is captured.
 */
export class StreamRecorder {
  /** performance.now() of the first event, if any arrived. */
  firstEventAt: number | undefined;
  /** message_stop was seen: the reply is complete. */
  complete = false;
  private _message: Obj | undefined;
  private _usage: Obj = {};
  private _outputFinal = false;
  private readonly _content: Obj[] = [];

  constructor(private readonly _keepContent: boolean) {}

  add(event: unknown): void {
    this.firstEventAt ??= performance.now();
    const e = asObject(event);
    if (!e) return;
    switch (e.type) {
      case 'message_start': {
        const message = asObject(e.message) ?? {};
        this._message = { id: message.id, model: message.model };
        this._usage = { ...asObject(message.usage) };
        return;
      }
      case 'content_block_start': {
        const block = asObject(e.content_block) ?? {};
        const kept: Obj = { type: block.type };
        if (block.type === 'tool_use') Object.assign(kept, { id: block.id, name: block.name });
        if (this._keepContent) Object.assign(kept, { text: block.text ?? '', thinking: block.thinking ?? '', json: '' });
        if (typeof e.index === 'number') this._content[e.index] = kept;
        return;
      }
      case 'content_block_delta':
        if (this._keepContent && typeof e.index === 'number') this._appendDelta(this._content[e.index], asObject(e.delta));
        return;
      case 'message_delta': {
        const usage = asObject(e.usage) ?? {};
        if (typeof usage.output_tokens === 'number') {
          this._usage.output_tokens = usage.output_tokens;
          this._outputFinal = true;
        }
        for (const key of DELTA_TOTALS) if (typeof usage[key] === 'number') this._usage[key] = usage[key];
        const stopReason = asObject(e.delta)?.stop_reason;
        if (typeof stopReason === 'string' && this._message) this._message.stop_reason = stopReason;
        return;
      }
      case 'message_stop':
        this.complete = true;
        return;
      default:
        return;
    }
  }

  /**
   * The reply as read so far, shaped like a `Message`. Before message_delta
   * the output token count is only message_start's placeholder, so it is left
   * out; the input and cache counts of message_start are final (partial usage
   * of an aborted stream).
   */
  message(): Obj | undefined {
    if (!this._message) return undefined;
    const usage = { ...this._usage };
    if (!this._outputFinal) delete usage.output_tokens;
    return { ...this._message, usage, content: this._content.filter(Boolean).map(block => this._finishBlock(block)) };
  }

  private _appendDelta(block: Obj | undefined, delta: Obj | undefined): void {
    if (!block || !delta) return;
    if (delta.type === 'text_delta' && typeof delta.text === 'string') block.text += delta.text;
    else if (delta.type === 'thinking_delta' && typeof delta.thinking === 'string') block.thinking += delta.thinking;
    else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') block.json += delta.partial_json;
  }

  private _finishBlock(block: Obj): Obj {
    if (!this._keepContent) return block;
    const { json, text, thinking, ...rest } = block;
    if (block.type === 'tool_use') return { ...rest, input: parseJson(json) };
    if (block.type === 'thinking') return { ...rest, thinking };
    return { ...rest, text };
  }
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text; // a stream cut inside a tool input: keep the partial text
  }
}

/** How the app's read of a stream ended. */
export type StreamEnd =
  | { how: 'completed' }
  | { how: 'broken_off' }
  | { how: 'aborted' }
  | { how: 'failed'; error: unknown };

/**
 * Observes `stream` in place; `onEnd` is called once. A quiet end of the
 * read after `stream.controller.abort()` — the SDK's Stream swallows the
 * AbortError, also when the app's AbortSignal fired — is reported as aborted.
 * @returns false when the value is not an observable stream.
 */
export function observeStream(stream: unknown, recorder: StreamRecorder, onEnd: (end: StreamEnd) => void): boolean {
  if (!isAsyncIterable(stream)) return false;
  const signal = asObject(asObject(stream)?.controller)?.signal as AbortSignal | undefined;
  const observer: StreamObserver = {
    onChunk: chunk => recorder.add(chunk),
    onEnd: (error, brokenOff) => {
      if (brokenOff) onEnd({ how: 'broken_off' });
      else if (error !== undefined) onEnd({ how: 'failed', error });
      else if (signal?.aborted && !recorder.complete) onEnd({ how: 'aborted' });
      else onEnd({ how: 'completed' });
    },
  };
  return observeSource(stream, observer) || observeAsyncIterable(stream, observer);
}

/**
 * The SDK's Stream keeps its event generator in the own property `iterator`,
 * which every reader goes through: `[Symbol.asyncIterator]()` in all versions,
 * and `tee()` directly as of 0.39.0 (1.x goes through Symbol.asyncIterator).
 * So that function is wrapped, and the first generator it returns observed —
 * a Stream can be read only once, later reads throw.
 */
function observeSource(stream: AsyncIterable<unknown>, observer: StreamObserver): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(stream, 'iterator');
  const source: unknown = descriptor?.value;
  if (typeof source !== 'function' || !descriptor?.writable) return false;
  let observed = false;
  try {
    Object.defineProperty(stream, 'iterator', {
      ...descriptor,
      value: function (this: unknown, ...args: unknown[]) {
        const generator = (source as (...a: unknown[]) => unknown).apply(this, args);
        if (!observed && isAsyncIterable(generator)) observed = observeAsyncIterable(generator, observer);
        return generator;
      },
    });
    return true;
  } catch {
    return false;
  }
}
