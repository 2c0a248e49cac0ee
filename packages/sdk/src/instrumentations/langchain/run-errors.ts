import type { Span } from '@opentelemetry/api';
import { markFailed } from '../../manual/with-span.js';
import { ATTR_ERROR_TYPE } from '../../semconv.js';
import { obj } from './attributes.js';

/**
 * LangGraph signals interrupts and `Command({ graph: PARENT })` hand-offs by
 * throwing a GraphBubbleUp (is_bubble_up === true): control flow, not a failure.
 */
export function isBubbleUp(error: unknown): boolean {
  return obj(error)?.is_bubble_up === true;
}

/**
 * markFailed, with one refinement: a plain Error whose `name` says what it is
 * (the `AbortError` LangChain throws for an aborted signal) gets that name as
 * error.type rather than `Error`.
 */
export function markRunFailed(span: Span, error: unknown): void {
  markFailed(span, error);
  const name = (error as { name?: unknown } | undefined)?.name;
  if (error instanceof Error && error.constructor?.name === 'Error' && typeof name === 'string' && name !== 'Error' && name.length <= 64) {
    span.setAttribute(ATTR_ERROR_TYPE, name);
  }
}
