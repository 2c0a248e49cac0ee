import { createContextKey, INVALID_SPAN_CONTEXT, ROOT_CONTEXT, trace, type Context, type Span } from '@opentelemetry/api';

/**
 * A run slot: a context installed around a LangChain call *before* its span
 * exists (a chat model call, a LangGraph graph run), which the callback
 * handler fills with the run's span once LangChain reports the run's start.
 * From then on the slot's span is the active span in that context, so what
 * the call does next — the provider SDK's HTTP request, a checkpointer
 * write, another instrumentation's span — nests under it, although LangChain
 * callbacks cannot change the caller's context themselves.
 *
 * A provider instrumentation (openai, @anthropic-ai/sdk) still records its own
 * LLM span for the request, nested in the chat-model span; the span processor
 * sees the nesting and counts tokens, cost and the GenAI metrics once, on the
 * inner span.
 */
export interface RunSlot {
  readonly kind: 'llm' | 'graph';
  span?: Span;
  /** The LangChain run whose span filled the slot. */
  runId?: string;
  /** A chat-model slot opened around a streamed call (`.stream()`). */
  streaming?: boolean;
}

/** Context key of the chat-model slot; `Symbol.for` based, so another module can read it without importing this one. */
export const FRAMEWORK_LLM_SLOT = createContextKey('agentmeter.genai.framework_llm');
const GRAPH_SLOT = createContextKey('agentmeter.langchain.graph_run');

/** @opentelemetry/api stores the active span under this key (api/src/trace/context-utils.ts, stable since 1.0). */
const SPAN_KEY = createContextKey('OpenTelemetry Context Key SPAN');
const spanKeyVerified = (() => {
  const probe = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  return trace.getSpan(ROOT_CONTEXT.setValue(SPAN_KEY, probe)) === probe;
})();

/** A new, empty slot of the given kind and the context carrying it on top of `parent`. */
export function openRunSlot(parent: Context, kind: RunSlot['kind'], streaming = false): { ctx: Context; slot: RunSlot } {
  const slot: RunSlot = streaming ? { kind, streaming } : { kind };
  return { ctx: new SlotContext(parent.setValue(kind === 'llm' ? FRAMEWORK_LLM_SLOT : GRAPH_SLOT, slot), slot), slot };
}

/** A context carrying a new, empty slot of the given kind on top of `parent`. */
export function withRunSlot(parent: Context, kind: RunSlot['kind'], streaming = false): Context {
  return openRunSlot(parent, kind, streaming).ctx;
}

/** The nearest slot of this kind that is still empty. */
export function emptySlot(ctx: Context, kind: RunSlot['kind']): RunSlot | undefined {
  const slot = ctx.getValue(kind === 'llm' ? FRAMEWORK_LLM_SLOT : GRAPH_SLOT) as RunSlot | undefined;
  return slot && !slot.span ? slot : undefined;
}

/**
 * A Context whose active span is read from its slot at lookup time. Setting
 * the span key yields a plain context (a child span replaces the slot's);
 * setting any other key keeps the lookup.
 */
class SlotContext implements Context {
  constructor(
    private readonly _parent: Context,
    private readonly _slot: RunSlot,
  ) {}

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY && spanKeyVerified && this._slot.span) return this._slot.span;
    return this._parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    const next = this._parent.setValue(key, value);
    return key === SPAN_KEY ? next : new SlotContext(next, this._slot);
  }

  deleteValue(key: symbol): Context {
    const next = this._parent.deleteValue(key);
    return key === SPAN_KEY ? next : new SlotContext(next, this._slot);
  }
}
