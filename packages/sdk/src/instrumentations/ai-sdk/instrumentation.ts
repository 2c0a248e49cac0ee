/*
 * Vercel AI SDK (`ai` 5, 6 and 7): generateText and streamText as
 * `invoke_agent` INTERNAL spans, each provider call of their steps as a
 * `chat {model}` CLIENT span with usage, each tool execution as an
 * `execute_tool {name}` INTERNAL span under the call; generateObject and
 * streamObject as their `chat` spans.
 * https://ai-sdk.dev/docs/reference/ai-sdk-core/generate-text
 * https://ai-sdk.dev/docs/ai-sdk-core/telemetry
 *
 * Why wrapping, not the SDK's built-in telemetry: the built-in telemetry is a
 * different API in every major — ai@5/6 emit `ai.*` spans (`ai.generateText`,
 * `ai.generateText.doGenerate`, `ai.toolCall`; usage as `ai.usage.*`, names
 * that changed from ai@4 to ai@5) only for calls that pass
 * `experimental_telemetry: { isEnabled: true }`, with prompts and outputs
 * recorded by default (recordInputs/recordOutputs default true); ai@7
 * replaced it with registerTelemetry() integrations, a separate @ai-sdk/otel
 * package (Node ≥ 22) for GenAI spans and an `ai:telemetry` diagnostics
 * channel. Mapping those would mean three mappers, span kinds that cannot be
 * corrected after the fact (ai@5/6 model-call spans are INTERNAL; semconv
 * wants CLIENT), and enabling the app's telemetry setting behind its back —
 * colliding with an app that configures its own (Langfuse, Sentry). What
 * stayed the same in all three is the public surface wrapped here:
 * `generateText(options)` with `model`, `tools[name].execute(input,
 * { toolCallId })`, and the provider specification's `doGenerate`/`doStream`
 * (v2, v3, v4), which every third-party provider implements and which changes
 * only with a new, versioned specification. So nothing in the processor maps
 * AI SDK spans: this instrumentation emits agentmeter's span model directly,
 * and an app's own `experimental_telemetry` keeps working beside it (its
 * `ai.*` spans carry no gen_ai.operation.name, so they are neither priced nor
 * counted twice).
 *
 * Patched: the module's exported functions (see module-exports.ts for CJS vs
 * ESM), and the generate/stream methods of its agent classes, which call the
 * SDK's internal bindings rather than the exports (agent-class.ts).
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition, isWrapped } from '@opentelemetry/instrumentation';
import { reportInternalError } from '../../diag.js';
import { VERSION } from '../../version.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { wrapAgentMethod } from './agent-class.js';
import type { Tracing } from './agent-run.js';
import { wrapGenerateText, wrapObjectCall, wrapStreamText, type CallContext } from './calls.js';
import { replaceExports, restoreExports } from './module-exports.js';

/** Tested: 5.0.277 (test/versions/ai-v5), 6.0.326 (root), 7.0.173 (test/versions/ai-v7, Node ≥ 22). */
export const SUPPORTED_VERSIONS = ['>=5.0.0 <8'];

type Fn = (this: unknown, ...args: unknown[]) => unknown;

export class AiSdkInstrumentation extends InstrumentationBase<AgentmeterInstrumentationConfig> {
  constructor(config: AgentmeterInstrumentationConfig = {}) {
    super('@agentmeter/instrumentation-ai-sdk', VERSION, config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        'ai',
        SUPPORTED_VERSIONS,
        (moduleExports, moduleVersion) => this._patch(moduleExports, moduleVersion),
        moduleExports => this._unpatch(moduleExports),
      ),
    ];
  }

  private _unpatch(moduleExports: unknown): void {
    restoreExports(moduleExports);
    for (const proto of agentPrototypes(moduleExports)) {
      for (const method of AGENT_METHODS) if (isWrapped(proto[method])) this._unwrap(proto, method);
    }
  }

  private _patch<T>(moduleExports: T, moduleVersion: string | undefined): T {
    try {
      const instrumentation = this;
      const tracing: Tracing = {
        get tracer() {
          return instrumentation.tracer;
        },
        config: () => instrumentation.getConfig(),
      };
      const ctx: CallContext = {
        tracing,
        moduleExports: moduleExports as Record<string, unknown>,
        major: Number.parseInt(moduleVersion ?? '', 10) || 0,
      };
      for (const proto of agentPrototypes(moduleExports)) {
        for (const method of AGENT_METHODS) {
          if (typeof proto[method] !== 'function' || isWrapped(proto[method])) continue;
          this._wrap(proto, method, original => wrapAgentMethod(original as Fn, ctx, method === 'stream'));
        }
      }
      return replaceExports(
        moduleExports,
        new Map<string, (original: Fn) => unknown>([
          ['generateText', original => wrapGenerateText(original, ctx)],
          ['streamText', original => wrapStreamText(original, ctx)],
          ['generateObject', original => wrapObjectCall(original, ctx)],
          ['streamObject', original => wrapObjectCall(original, ctx)],
        ]),
      );
    } catch (error) {
      reportInternalError('ai-sdk.patch', error);
      return moduleExports;
    }
  }
}

const AGENT_METHODS = ['generate', 'stream'] as const;

/** Prototypes of ToolLoopAgent (ai@6/7) and Experimental_Agent (ai@5; an alias of ToolLoopAgent in ai@6), once each. */
function agentPrototypes(moduleExports: unknown): Array<Record<string, unknown>> {
  const exports = moduleExports as Record<string, unknown> | undefined;
  const out = new Set<Record<string, unknown>>();
  for (const name of ['ToolLoopAgent', 'Experimental_Agent']) {
    const Agent = exports?.[name];
    if (typeof Agent === 'function' && Agent.prototype) out.add(Agent.prototype as Record<string, unknown>);
  }
  return [...out];
}
