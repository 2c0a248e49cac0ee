import {
  InstrumentationBase,
  InstrumentationNodeModuleDefinition,
  InstrumentationNodeModuleFile,
  isWrapped,
} from '@opentelemetry/instrumentation';
import { reportInternalError } from '../../diag.js';
import { VERSION } from '../../version.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { setActiveBridge } from './current-tool.js';
import { installProcessor, uninstallProcessor } from './install.js';
import { AgentmeterTracingProcessor } from './processor.js';
import type { AgentsCoreExports, AgentsModelPrototype, AgentsOpenAIExports } from './types.js';
import { wrapGetResponse, wrapGetStreamedResponse, wrapRun, wrapTool, type Bridge } from './wrappers.js';

/*
 * OpenAI Agents SDK (@openai/agents, @openai/agents-core, @openai/agents-openai).
 * Tracing: https://openai.github.io/openai-agents-js/guides/tracing/
 * Processor API: https://openai.github.io/openai-agents-js/openai/agents-core/interfaces/tracingprocessor/
 *
 * The spans come from the SDK's own tracing through a TracingProcessor
 * (processor.ts), added next to the SDK's default OpenAI exporter, which is
 * left as it is. The SDK traces only when tracing is enabled: not in a
 * browser, not with OPENAI_AGENTS_DISABLE_TRACING=1, not with NODE_ENV=test
 * (its default), not for a run with `tracingDisabled: true`.
 *
 * Written against 0.20.0. The processor API is the same since 0.1; the
 * `task` and `turn` span types (0.17) are structure and are skipped.
 */

const SUPPORTED = ['>=0.1.0 <1'];

export class OpenAIAgentsInstrumentation extends InstrumentationBase<AgentmeterInstrumentationConfig> {
  private _processor: AgentmeterTracingProcessor | undefined;
  private _bridge: Bridge | undefined;

  constructor(config: AgentmeterInstrumentationConfig = {}) {
    super('@agentmeter/instrumentation-openai-agents', VERSION, config);
  }

  protected init(): InstrumentationNodeModuleDefinition[] {
    // CommonJS: the package's `tool` export is a non-configurable getter onto dist/tool.js, so that file is patched.
    const toolFile = new InstrumentationNodeModuleFile(
      '@openai/agents-core/dist/tool.js',
      SUPPORTED,
      exports => this._patchTool(exports),
      exports => this._unpatchTool(exports),
    );
    return [
      new InstrumentationNodeModuleDefinition(
        '@openai/agents-core',
        SUPPORTED,
        exports => this._patchCore(exports),
        exports => this._unpatchCore(exports),
        [toolFile],
      ),
      // Re-exports agents-core; importing it replaces the trace processors (see install.ts), so install again after.
      new InstrumentationNodeModuleDefinition('@openai/agents', SUPPORTED, exports => this._patchCore(exports)),
      new InstrumentationNodeModuleDefinition(
        '@openai/agents-openai',
        SUPPORTED,
        exports => this._patchModels(exports, true),
        exports => this._patchModels(exports, false),
      ),
    ];
  }

  override enable(): void {
    super.enable();
    if (this._processor) this._processor.enabled = true;
  }

  override disable(): void {
    super.disable();
    if (this._processor) this._processor.enabled = false;
  }

  private _state(): { processor: AgentmeterTracingProcessor; bridge: Bridge } {
    const processor = (this._processor ??= new AgentmeterTracingProcessor(() => this.tracer, () => this.getConfig()));
    const bridge = (this._bridge ??= { processor, currentSpan: undefined });
    setActiveBridge(bridge);
    return { processor, bridge };
  }

  private _patchCore<T>(exports: T): T {
    try {
      const core = exports as AgentsCoreExports;
      const { processor, bridge } = this._state();
      processor.enabled = true;
      if (typeof core.getCurrentSpan === 'function') bridge.currentSpan ??= core.getCurrentSpan;
      installProcessor(core.getGlobalTraceProvider?.(), processor);
      const runner = core.Runner?.prototype;
      if (runner && typeof runner.run === 'function' && !isWrapped(runner.run)) this._wrap(runner, 'run', wrapRun as never);
      // ESM: the (import-in-the-middle) namespace's `tool` binding is patched; importers of the package see it.
      if (isModuleNamespace(exports)) this._patchTool(exports);
    } catch (error) {
      reportInternalError('openai-agents.patch', error);
    }
    return exports;
  }

  private _unpatchCore(exports: unknown): void {
    const core = exports as AgentsCoreExports;
    const runner = core.Runner?.prototype;
    if (runner && isWrapped(runner.run)) this._unwrap(runner, 'run');
    if (isModuleNamespace(exports)) this._unpatchTool(exports);
    uninstallProcessor(core.getGlobalTraceProvider?.());
    if (this._processor) this._processor.enabled = false;
  }

  private _patchTool<T>(exports: T): T {
    const target = exports as { tool?: unknown };
    if (typeof target.tool === 'function' && !isWrapped(target.tool)) {
      const { bridge } = this._state();
      this._wrap(target, 'tool', ((original: unknown) => wrapTool(original as never, bridge)) as never);
    }
    return exports;
  }

  private _unpatchTool(exports: unknown): void {
    const target = exports as { tool?: unknown };
    if (isWrapped(target.tool)) this._unwrap(target, 'tool');
  }

  private _patchModels<T>(exports: T, patch: boolean): T {
    const models = exports as AgentsOpenAIExports;
    const { bridge } = this._state();
    for (const model of [models.OpenAIResponsesModel, models.OpenAIChatCompletionsModel]) {
      const proto: AgentsModelPrototype | undefined = model?.prototype;
      if (!proto) continue;
      for (const [method, wrapper] of [
        ['getResponse', wrapGetResponse],
        ['getStreamedResponse', wrapGetStreamedResponse],
      ] as const) {
        if (typeof proto[method] !== 'function') continue;
        if (patch && !isWrapped(proto[method])) this._wrap(proto, method, ((original: unknown) => wrapper(original as never, bridge)) as never);
        if (!patch && isWrapped(proto[method])) this._unwrap(proto, method);
      }
    }
    return exports;
  }
}

function isModuleNamespace(exports: unknown): boolean {
  return (exports as { [Symbol.toStringTag]?: unknown } | null)?.[Symbol.toStringTag] === 'Module';
}
