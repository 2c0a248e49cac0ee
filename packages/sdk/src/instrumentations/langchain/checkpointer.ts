/*
 * LangGraph checkpointer calls as state-I/O spans. Every saver
 * (MemorySaver, SqliteSaver, PostgresSaver, a user's own) extends
 * BaseCheckpointSaver and overrides these methods, so the wrapper goes on the
 * prototype that defines each method, found from a saver instance the
 * graph is about to use.
 * https://langchain-ai.github.io/langgraphjs/reference/classes/checkpoint.BaseCheckpointSaver.html
 */
import { context, createContextKey, SpanKind, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import { ATTR_AGENTMETER_STATE_METHOD, ATTR_AGENTMETER_STATE_OPERATION, ATTR_AGENTMETER_STATE_STORE, ATTR_GEN_AI_CONVERSATION_ID } from '../../semconv.js';
import { obj } from './attributes.js';
import { markRunFailed } from './run-errors.js';

/** Saver method → agentmeter.state.operation. */
export const CHECKPOINTER_METHODS: Record<string, 'read' | 'write' | 'delete'> = {
  getTuple: 'read',
  put: 'write',
  putWrites: 'write',
  deleteThread: 'delete',
};

/** The saver whose method is running: a subclass calling `super.put()` is one span, not two. */
const IN_SAVER = createContextKey('agentmeter.langchain.checkpointer');

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Something LangGraph would use as a checkpointer. */
export function isCheckpointSaver(value: unknown): value is object {
  const saver = obj(value);
  return saver !== undefined && typeof saver.getTuple === 'function' && typeof saver.put === 'function' && typeof saver.putWrites === 'function';
}

/** The prototype on `instance`'s chain that defines `method` (never the instance itself or Object.prototype). */
export function methodOwner(instance: object, method: string): Record<string, unknown> | undefined {
  for (let proto = Object.getPrototypeOf(instance); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    if (Object.prototype.hasOwnProperty.call(proto, method)) return typeof proto[method] === 'function' ? proto : undefined;
  }
  return undefined;
}

function stateAttributes(saver: object, method: string, operation: string, config: unknown): Attributes {
  const store = (saver.constructor as { name?: string } | undefined)?.name || 'checkpointer';
  const attributes: Attributes = {
    [ATTR_AGENTMETER_STATE_STORE]: store,
    [ATTR_AGENTMETER_STATE_OPERATION]: operation,
    [ATTR_AGENTMETER_STATE_METHOD]: method,
  };
  const thread = obj(obj(config)?.configurable)?.thread_id;
  if (typeof thread === 'string' && thread.length > 0) attributes[ATTR_GEN_AI_CONVERSATION_ID] = thread;
  return attributes;
}

/**
 * Wraps one saver method: a `{method} {store}` span (e.g. `put MemorySaver`)
 * around the call, active while it runs, ended when its promise settles.
 * The saver's promise is returned as is.
 */
export function checkpointerMethod(original: Method, method: string, tracer: () => Tracer): Method {
  const operation = CHECKPOINTER_METHODS[method];
  return function (this: unknown, ...args: unknown[]) {
    let span: Span | undefined;
    let ctx;
    try {
      if (context.active().getValue(IN_SAVER) !== this) {
        const attributes = stateAttributes(this as object, method, operation, args[0]);
        span = tracer().startSpan(`${method} ${attributes[ATTR_AGENTMETER_STATE_STORE]}`, { kind: SpanKind.INTERNAL, attributes });
        ctx = trace.setSpan(context.active(), span).setValue(IN_SAVER, this);
      }
    } catch (error) {
      reportInternalError('langchain.checkpointer', error);
    }
    if (!span || !ctx) return original.apply(this, args);
    const started = span;
    let result: unknown;
    try {
      result = context.with(ctx, () => original.apply(this, args));
    } catch (error) {
      markRunFailed(started, error);
      started.end();
      throw error;
    }
    try {
      const thenable = result as { then?: unknown } | undefined;
      if (thenable && typeof thenable.then === 'function') {
        // Observing only: LangGraph awaits these promises itself.
        (thenable.then as (ok: () => void, fail: (error: unknown) => void) => unknown).call(
          result,
          () => started.end(),
          error => {
            markRunFailed(started, error);
            started.end();
          },
        );
      } else {
        started.end();
      }
    } catch (error) {
      reportInternalError('langchain.checkpointer', error);
    }
    return result;
  };
}
