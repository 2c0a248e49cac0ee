import { createContextKey, type Context, type Span } from '@opentelemetry/api';

/**
 * A call that encloses Agents SDK spans and reports how it ended: a
 * Runner.run, or one model call (getResponse / getStreamedResponse).
 *
 * Why: the SDK's span errors carry a message but never the error object, so
 * a span's error.type (the error's class, e.g. `InternalServerError`) is only
 * known to the code that sees the rejection, which is outside the span. A
 * failed span inside a slot therefore waits (its end time already fixed) until
 * the slot settles — microtasks later — and takes the class of the error the
 * call rejected with, which is exactly the error the application sees.
 */
export class Slot {
  settled = false;
  readonly pending = new Set<PendingEnd>();
  /** Ends the workflow spans opened inside this slot (a Runner.run creates its trace when none is active). */
  readonly traces = new Set<(error: unknown) => void>();
  /**
   * A model call's `chat` span, started by the wrapper before the SDK's own
   * response/generation span so that the provider call runs inside it; the
   * processor adopts it when that SDK span starts.
   */
  modelSpan: { span: Span; ctx: Context; adopted: boolean } | undefined;

  constructor(
    /** gen_ai.provider.name of a model-call slot (spans started inside it are this provider's). */
    readonly provider?: string,
    /** gen_ai.request.model of a model-call slot, when the model object exposes it. */
    readonly requestModel?: string,
  ) {}

  /** Called once the enclosing call has resolved or rejected. */
  settle(failed: boolean, error?: unknown): void {
    if (this.settled) return;
    this.settled = true;
    for (const end of this.pending) end.finish(failed ? error : undefined, failed);
    this.pending.clear();
    if (failed) for (const endTrace of this.traces) endTrace(error);
    this.traces.clear();
    // The SDK made no span for this call after all (tracing off for it): end ours rather than leak it.
    if (this.modelSpan && !this.modelSpan.adopted) {
      this.modelSpan.adopted = true;
      this.modelSpan.span.end();
    }
  }
}

/** A failed span whose end waits for its slot (or, at the latest, for its trace's end). */
export interface PendingEnd {
  finish(error: unknown, failed: boolean): void;
}

/** Context key under which the nearest enclosing slot travels. */
export const SLOT_KEY = createContextKey('agentmeter.openai-agents.slot');

export function slotOf(ctx: Context): Slot | undefined {
  const value = ctx.getValue(SLOT_KEY);
  return value instanceof Slot ? value : undefined;
}
