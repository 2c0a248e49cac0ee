/*
 * LangChain.js / LangGraph.js: chains, agents, tools and chat models through
 * a callback handler attached to every run; LangGraph graphs as
 * `invoke_workflow`, their nodes as `invoke_agent`, checkpointer calls as
 * state I/O.
 * https://js.langchain.com/docs/concepts/callbacks
 * https://langchain-ai.github.io/langgraphjs/concepts/persistence/
 *
 * Hook points (the same in @langchain/core 0.3.80 and 1.4.0, @langchain/langgraph 0.4.10 and 1.7.3):
 * - `CallbackManager._configureSync` — every run (invoke, stream, batch,
 *   streamEvents, tools, graphs) builds its callback manager here; the
 *   handler joins its inheritable handlers, so child runs inherit it (the
 *   app's own callbacks array or manager is never modified). LangChain's
 *   `registerConfigureHook` is not used: it lives in an AsyncLocalStorage
 *   store set with enterWith, so it would only reach runs started from the
 *   async context that registered it.
 * - `AsyncLocalStorageProviderSingleton.runWithConfig` — where LangChain runs
 *   user code (lambdas, tool functions, graph nodes) for a run: that code runs
 *   with the run's span active, so spans it creates nest under it.
 * - `BaseChatModel.prototype._generateUncached` / `_streamIterator` and
 *   `Pregel.prototype._streamIterator` — a run slot (run-slot.ts) makes the
 *   chat model's and the graph's span active for the provider request and the
 *   checkpointer calls made on their behalf.
 *
 * @langchain/core and @langchain/langgraph ship bundled CJS (`.cjs`) and ESM
 * (`.js`) builds whose classes live in internal files. require() is hooked on
 * those files (require-in-the-middle sees every file of the package);
 * import-in-the-middle only wraps modules imported by a hooked specifier, so
 * for ESM the public entry points are hooked instead, and CallbackManager is
 * reached through `@langchain/core/runnables` when nothing imports
 * `@langchain/core/callbacks/manager` directly (e.g. an app using only
 * @langchain/openai).
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile, isWrapped } from '@opentelemetry/instrumentation';
import { reportInternalError } from '../../diag.js';
import { VERSION } from '../../version.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { CHECKPOINTER_METHODS, checkpointerMethod, isCheckpointSaver, methodOwner } from './checkpointer.js';
import { boundGenerator, chatModelCall, attachHandler, runWithRunContext, type Method } from './patches.js';
import type { Obj } from './attributes.js';
import { baseHandlerClass, callbackManagerOf, pregelPrototype } from './module-shapes.js';
import { createCallbackHandler } from './callback-handler.js';
import { RunTracer } from './run-tracer.js';

/** Tested: @langchain/core 0.3.80 (test/versions/langchain-v0) and 1.4.0 (root). */
export const CORE_VERSIONS = ['>=0.3.0 <2'];
/** Tested: @langchain/langgraph 0.4.10 (with langgraph-checkpoint 0.1.3) and 1.7.3 (with 1.2.2). */
export const LANGGRAPH_VERSIONS = ['>=0.4.0 <2'];

export class LangChainInstrumentation extends InstrumentationBase<AgentmeterInstrumentationConfig> {
  private readonly _runs = new RunTracer(() => this.tracer);
  private readonly _handlers = new WeakMap<object, object>();
  private readonly _savers: Array<Record<string, unknown>> = [];

  constructor(config: AgentmeterInstrumentationConfig = {}) {
    super('@agentmeter/instrumentation-langchain', VERSION, config);
  }

  protected init() {
    const coreFile = (file: string, patch: (exports: Obj) => void, unpatch: (exports: Obj) => void) =>
      new InstrumentationNodeModuleFile(`@langchain/core/dist/${file}`, CORE_VERSIONS, this._patcher(patch), this._patcher(unpatch));
    const coreEntry = (entry: string, patch: (exports: Obj) => void, unpatch: (exports: Obj) => void) =>
      new InstrumentationNodeModuleDefinition(`@langchain/core/${entry}`, CORE_VERSIONS, this._patcher(patch), this._patcher(unpatch));
    const manager = (e: Obj) => this._patchCallbackManager(e.CallbackManager);
    const unmanager = (e: Obj) => this._unwrapIf(e.CallbackManager, '_configureSync');
    const singletons = (e: Obj) => this._patchRunWithConfig(e.AsyncLocalStorageProviderSingleton);
    const unsingletons = (e: Obj) => this._unwrapIf(e.AsyncLocalStorageProviderSingleton, 'runWithConfig');
    const chatModels = (e: Obj) => this._patchChatModel(e.BaseChatModel);
    const unchatModels = (e: Obj) => this._unpatchChatModel(e.BaseChatModel);
    const graph = (e: Obj) => this._patchPregel(pregelPrototype(e));
    const ungraph = (e: Obj) => this._unpatchPregel(pregelPrototype(e));
    return [
      new InstrumentationNodeModuleDefinition('@langchain/core', CORE_VERSIONS, undefined, undefined, [
        coreFile('callbacks/manager.cjs', manager, unmanager),
        coreFile('singletons/async_local_storage/index.cjs', singletons, unsingletons),
        coreFile('language_models/chat_models.cjs', chatModels, unchatModels),
      ]),
      coreEntry('callbacks/manager', manager, unmanager),
      coreEntry('runnables', e => this._patchCallbackManager(callbackManagerOf(e)), e => this._unwrapIf(callbackManagerOf(e), '_configureSync')),
      coreEntry('singletons', singletons, unsingletons),
      coreEntry('language_models/chat_models', chatModels, unchatModels),
      new InstrumentationNodeModuleDefinition('@langchain/langgraph', LANGGRAPH_VERSIONS, this._patcher(graph), this._patcher(ungraph), [
        new InstrumentationNodeModuleFile('@langchain/langgraph/dist/pregel/index.cjs', LANGGRAPH_VERSIONS, this._patcher(graph), this._patcher(ungraph)),
      ]),
    ];
  }

  /** A module hook that never throws into the require/import of the library and returns its exports unchanged. */
  private _patcher(fn: (exports: Obj) => void) {
    return <T>(exports: T): T => {
      try {
        if (exports && (typeof exports === 'object' || typeof exports === 'function')) fn(exports as unknown as Obj);
      } catch (error) {
        reportInternalError('langchain.patch', error);
      }
      return exports;
    };
  }

  private _unwrapIf(target: unknown, method: string): void {
    const object = target as Record<string, unknown> | undefined;
    if (object && isWrapped(object[method])) this._unwrap(object, method);
  }

  private _patchCallbackManager(CallbackManager: unknown): void {
    const manager = CallbackManager as { _configureSync?: unknown } | undefined;
    if (typeof manager?._configureSync !== 'function' || isWrapped(manager._configureSync)) return;
    let handler = this._handlers.get(manager);
    if (!handler) {
      handler = createCallbackHandler(baseHandlerClass(manager), this._runs, () => this.getConfig());
      this._handlers.set(manager, handler);
    }
    const attached = handler;
    this._wrap(manager as Record<string, Method>, '_configureSync', original => attachHandler(original, attached, manager as new () => object));
  }

  private _patchRunWithConfig(provider: unknown): void {
    const singleton = provider as { runWithConfig?: unknown } | undefined;
    if (typeof singleton?.runWithConfig !== 'function' || isWrapped(singleton.runWithConfig)) return;
    this._wrap(singleton as Record<string, Method>, 'runWithConfig', original => runWithRunContext(original, this._runs));
  }

  private _patchChatModel(BaseChatModel: unknown): void {
    const proto = (BaseChatModel as { prototype?: Record<string, Method> } | undefined)?.prototype;
    if (!proto) return;
    if (typeof proto._generateUncached === 'function' && !isWrapped(proto._generateUncached)) {
      this._wrap(proto, '_generateUncached', chatModelCall);
    }
    if (typeof proto._streamIterator === 'function' && !isWrapped(proto._streamIterator)) {
      this._wrap(proto, '_streamIterator', original => boundGenerator(original, 'llm', this._runs));
    }
  }

  private _unpatchChatModel(BaseChatModel: unknown): void {
    const proto = (BaseChatModel as { prototype?: unknown } | undefined)?.prototype;
    this._unwrapIf(proto, '_generateUncached');
    this._unwrapIf(proto, '_streamIterator');
  }

  private _patchPregel(proto: Record<string, Method> | undefined): void {
    if (!proto || typeof proto._streamIterator !== 'function' || isWrapped(proto._streamIterator)) return;
    const instrumentSaver = (saver: unknown) => this._patchSaver(saver);
    this._wrap(proto, '_streamIterator', original => boundGenerator(original, 'graph', this._runs, instrumentSaver));
  }

  private _unpatchPregel(proto: Record<string, Method> | undefined): void {
    this._unwrapIf(proto, '_streamIterator');
    for (const owner of this._savers.splice(0)) {
      for (const method of Object.keys(CHECKPOINTER_METHODS)) this._unwrapIf(owner, method);
    }
  }

  /** Wraps the checkpointer methods of a saver's class, once per defining prototype. */
  private _patchSaver(saver: unknown): void {
    if (!isCheckpointSaver(saver)) return;
    for (const method of Object.keys(CHECKPOINTER_METHODS)) {
      const owner = methodOwner(saver, method);
      if (!owner || isWrapped(owner[method])) continue;
      this._wrap(owner as Record<string, Method>, method, original => checkpointerMethod(original, method, () => this.tracer));
      if (!this._savers.includes(owner)) this._savers.push(owner);
    }
  }
}
