/*
 * error.type for what the AI SDK throws, and how a span is marked failed.
 * https://ai-sdk.dev/docs/reference/ai-sdk-errors
 *
 * The AI SDK wraps every provider HTTP failure in one class, APICallError
 * (name `AI_APICallError`), and exhausted retries in RetryError
 * (`AI_RetryError`, with `lastError`), so the class name alone says little.
 * semconv asks for "the error code returned by the provider … or another
 * low-cardinality identifier": an HTTP status ≥ 400 is used as is (`429`,
 * `500`); a call that failed below HTTP (connection reset, a body that is not
 * JSON — reported with status 200) takes the type of its `cause`
 * (`SocketError`, `JSONParseError`; undici's `TypeError: terminated` for a
 * body cut off mid-stream is looked through to its SocketError cause).
 * Aborts are `AbortError` (a DOMException, whose class name would say
 * nothing). Same in ai@5.0.277, 6.0.326 and 7.0.173.
 */
import { SpanStatusCode, type Span } from '@opentelemetry/api';
import { errorType } from '../../manual/with-span.js';
import { ATTR_ERROR_TYPE } from '../../semconv.js';
import { asObject, str } from './attributes.js';

export function aiErrorType(error: unknown, depth = 0): string {
  const e = asObject(error);
  const name = str(e?.name);
  if (name === 'AbortError' || name === 'TimeoutError') return name;
  if (e && depth < 3) {
    if (name === 'AI_RetryError' && e.lastError !== undefined) return aiErrorType(e.lastError, depth + 1);
    if (name === 'AI_APICallError') {
      const status = e.statusCode;
      if (typeof status === 'number' && status >= 400) return String(status);
      if (e.cause !== undefined) return aiErrorType(e.cause, depth + 1);
    }
    // undici's fetch reports a connection lost mid-body as `TypeError: terminated` with the socket error as cause.
    if (name === 'TypeError' && asObject(e.cause) !== undefined) return aiErrorType(e.cause, depth + 1);
  }
  return errorType(error);
}

/** Status ERROR with error.type; the message is not recorded (it may carry user content). */
export function failSpan(span: Span, error: unknown): void {
  span.setAttribute(ATTR_ERROR_TYPE, aiErrorType(error));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** Same, when there is no error object (a stream part, an onAbort callback). */
export function failSpanWithType(span: Span, type: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}
