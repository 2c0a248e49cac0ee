import { reportInternalError } from '../../diag.js';
import type { AgentsTraceProvider, AgentsTracingProcessor } from './types.js';

/*
 * Keeps agentmeter's processor registered on the Agents SDK's global trace
 * provider, next to whatever else is registered.
 *
 * Why the guard: importing `@openai/agents` calls
 * `setDefaultOpenAITracingExporter()`, which calls `setTraceProcessors([openai])`
 * and so drops every processor added before (agents-openai 0.20
 * `openaiTracingExporter.ts`); an application may call `setTraceProcessors()`
 * itself to replace the SDK's exporter. Either way agentmeter's processor is
 * put back in front of the new list — the list itself (the SDK's default
 * exporter, the user's processors) is left exactly as given. Being first
 * means agentmeter sees each span start and end synchronously, before other
 * processors await anything (timestamps are taken then).
 *
 * The provider is one per process (`Symbol.for('openai.agents.core.traceProvider')`),
 * shared by the CommonJS and ESM builds, so installing twice is a no-op.
 */

const STATE = Symbol.for('agentmeter.openai-agents.processor');

interface InstallState {
  /** The processor the guard keeps in front (the current instrumentation's). */
  processor: AgentsTracingProcessor;
  /** Every processor instance ever registered here: registering one twice would make it see each span twice. */
  registered: Set<AgentsTracingProcessor>;
  /** The provider's own setProcessors while the guard is installed. */
  original?: AgentsTraceProvider['setProcessors'];
}

type Provider = AgentsTraceProvider & { [STATE]?: InstallState };

export function installProcessor(target: AgentsTraceProvider | undefined, processor: AgentsTracingProcessor): void {
  if (!target || typeof target.registerProcessor !== 'function' || typeof target.setProcessors !== 'function') return;
  const provider = target as Provider;
  const state = (provider[STATE] ??= { processor, registered: new Set() });
  state.processor = processor;
  if (!state.original) {
    const original = provider.setProcessors;
    state.original = original;
    // An own property shadowing TraceProvider.prototype.setProcessors; removed again by uninstallProcessor.
    Object.defineProperty(provider, 'setProcessors', {
      configurable: true,
      writable: true,
      value: function setProcessors(this: AgentsTraceProvider, processors: AgentsTracingProcessor[]) {
        let list = processors;
        try {
          if (Array.isArray(processors) && !processors.includes(state.processor)) list = [state.processor, ...processors];
        } catch (error) {
          reportInternalError('openai-agents.setProcessors', error);
        }
        return original.call(this, list);
      },
    });
  }
  if (!state.registered.has(processor)) {
    state.registered.add(processor);
    provider.registerProcessor(processor);
  }
}

/**
 * Removes the setProcessors guard. The SDK has no "remove processor" API, so
 * a registered processor stays in its list; its owner switches it off
 * (instrumentation.ts disables it) and re-enabling reuses it.
 */
export function uninstallProcessor(target: AgentsTraceProvider | undefined): void {
  const provider = target as Provider | undefined;
  const state = provider?.[STATE];
  if (!provider || !state?.original) return;
  delete (provider as { setProcessors?: unknown }).setProcessors;
  state.original = undefined;
}
