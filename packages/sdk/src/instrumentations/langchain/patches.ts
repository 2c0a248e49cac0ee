/*
 * The wrappers instrumentation.ts installs. Each calls the original exactly
 * once with the same `this` and returns its result: the same promise or
 * manager object, adding only a context around the call or a handler to the
 * handlers LangChain builds a run's manager from. The one object that is not
 * handed back as is, a `_streamIterator` generator, is LangChain-internal:
 * `stream()` wraps it in LangChain's own IterableReadableStream, which is
 * what the app gets.
 */
import { context } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import type { RunTracer } from './run-tracer.js';
import { openRunSlot, withRunSlot, type RunSlot } from './run-slot.js';
import { bindAsyncGenerator } from './stream.js';

export type Method = (this: unknown, ...args: unknown[]) => unknown;

interface ManagerLike {
  handlers?: unknown[];
  addHandler(handler: object, inherit?: boolean): void;
}

/**
 * `CallbackManager._configureSync(inheritableHandlers, localHandlers, tags,
 * …, metadata, …)`: the handler joins the inheritable handlers (so child
 * runs keep it) — as a new array when the app passed an array or nothing, so
 * LangChain builds the manager with the run's tags and metadata as usual;
 * added to the manager LangChain returns when the app passed a manager
 * (LangChain copies it, so the app's own manager is never modified).
 */
export function attachHandler(original: Method, handler: object, CallbackManager: new () => object): Method {
  return function configureSync(this: unknown, ...args: unknown[]) {
    let call = args;
    try {
      const inheritable = args[0];
      if (inheritable === undefined || inheritable === null) call = [[handler], ...args.slice(1)];
      else if (Array.isArray(inheritable) && !inheritable.includes(handler)) call = [[...inheritable, handler], ...args.slice(1)];
    } catch (error) {
      reportInternalError('langchain.configure', error);
    }
    const manager = original.apply(this, call) as ManagerLike | undefined;
    try {
      if (manager === undefined || manager === null) {
        const created = new CallbackManager() as ManagerLike;
        created.addHandler(handler, true);
        return created;
      }
      if (typeof manager.addHandler === 'function' && !manager.handlers?.includes(handler)) manager.addHandler(handler, true);
    } catch (error) {
      reportInternalError('langchain.configure', error);
    }
    return manager;
  };
}

/** The run a RunnableConfig's callbacks belong to: `runManager.getChild()` carries it as parent run id. */
function parentRunId(config: unknown): string | undefined {
  const callbacks = (config as { callbacks?: unknown } | undefined)?.callbacks as { getParentRunId?: () => unknown } | undefined;
  if (!callbacks || Array.isArray(callbacks) || typeof callbacks.getParentRunId !== 'function') return undefined;
  const id = callbacks.getParentRunId();
  return typeof id === 'string' ? id : undefined;
}

/** `AsyncLocalStorageProviderSingleton.runWithConfig(config, callback, …)`: the callback runs with its run's span active. */
export function runWithRunContext(original: Method, runs: RunTracer): Method {
  return function runWithConfig(this: unknown, ...args: unknown[]) {
    let ctx;
    try {
      ctx = runs.contextFor(parentRunId(args[0]));
    } catch (error) {
      reportInternalError('langchain.runWithConfig', error);
    }
    return ctx ? context.with(ctx, () => original.apply(this, args)) : original.apply(this, args);
  };
}

/** `BaseChatModel.prototype._generateUncached(messages, …)`: one prompt → one run, so one slot for its span. */
export function chatModelCall(original: Method): Method {
  return function _generateUncached(this: unknown, ...args: unknown[]) {
    let ctx;
    try {
      const messages = args[0];
      if (Array.isArray(messages) && messages.length === 1) ctx = withRunSlot(context.active(), 'llm');
    } catch (error) {
      reportInternalError('langchain.chatModel', error);
    }
    return ctx ? context.with(ctx, () => original.apply(this, args)) : original.apply(this, args);
  };
}

/**
 * An `async *_streamIterator(input, options)` (BaseChatModel's for streamed
 * chat, Pregel's for a graph run) whose steps run inside a fresh slot;
 * `inspect` sees the instance and options first (the graph's checkpointer).
 * A chat stream the app stops reading early ends its run's span: LangChain
 * reports neither an end nor an error then. (A graph stream stopped early is
 * reported by LangGraph itself, as an abort error.)
 */
export function boundGenerator(original: Method, kind: RunSlot['kind'], runs: RunTracer, inspect?: (value: unknown) => void): Method {
  return function _streamIterator(this: unknown, ...args: unknown[]) {
    try {
      if (inspect) {
        inspect((this as { checkpointer?: unknown } | undefined)?.checkpointer);
        inspect((args[1] as { configurable?: Record<string, unknown> } | undefined)?.configurable?.__pregel_checkpointer);
      }
    } catch (error) {
      reportInternalError('langchain.inspect', error);
    }
    const generator = original.apply(this, args) as AsyncGenerator<unknown>;
    try {
      if (generator && typeof generator.next === 'function') {
        const { ctx, slot } = openRunSlot(context.active(), kind, kind === 'llm');
        if (kind !== 'llm') return bindAsyncGenerator(generator, ctx);
        return bindAsyncGenerator(generator, ctx, {
          onFirstValue: () => slot.runId !== undefined && runs.chunk(slot.runId),
          onReturn: () => slot.runId !== undefined && runs.end(slot.runId),
        });
      }
    } catch (error) {
      reportInternalError('langchain.stream', error);
    }
    return generator;
  };
}
