/*
 * The options object a generateText/streamText/generateObject call passes on
 * to the SDK: a shallow copy of the app's, with the model and the tools
 * swapped for observed ones (model.ts, tools.ts). The app's own objects are
 * never modified.
 * https://ai-sdk.dev/docs/reference/ai-sdk-core/generate-text
 */
import type { AgentRun, Tracing } from './agent-run.js';
import { asObject, str } from './attributes.js';
import { isWrappedModel, originalModel, wrapModel } from './model.js';
import { wrapTools } from './tools.js';

type Obj = Record<string, unknown>;

/**
 * The agent name of a call: its telemetry functionId (`experimental_telemetry`
 * in ai@5/6, `telemetry` — with the old name as an alias — in ai@7).
 */
export function functionIdOf(options: Obj): string | undefined {
  return str(asObject(options.telemetry)?.functionId) ?? str(asObject(options.experimental_telemetry)?.functionId);
}

/**
 * A model given as a string is an AI Gateway id, resolved by the SDK as
 * `globalThis.AI_SDK_DEFAULT_PROVIDER ?? gateway` (ai@5.0.277, 6.0.326,
 * 7.0.173 `resolveLanguageModel`). Resolving it the same way here lets its
 * calls be observed; if that fails the string goes to the SDK unchanged.
 */
export function resolveModel(model: unknown, moduleExports: Obj): unknown {
  if (typeof model !== 'string') return model;
  try {
    // providers are callable objects (`openai('gpt-4o')`) as often as plain ones
    const holder = (value: unknown) => (value !== null && (typeof value === 'object' || typeof value === 'function') ? (value as Obj) : undefined);
    const provider = holder((globalThis as { AI_SDK_DEFAULT_PROVIDER?: unknown }).AI_SDK_DEFAULT_PROVIDER) ?? holder(moduleExports.gateway);
    const languageModel = provider?.languageModel;
    const resolved = typeof languageModel === 'function' ? (languageModel as (id: string) => unknown).call(provider, model) : undefined;
    return asObject(resolved) ? resolved : model;
  } catch {
    return model;
  }
}

export function instrumentOptions(options: Obj, model: unknown, tracing: Tracing, run: AgentRun | undefined): Obj {
  const copy: Obj = { ...options, model: wrapModel(model, tracing, run) };
  if (options.tools !== undefined) copy.tools = wrapTools(options.tools, tracing, run);
  for (const key of ['prepareStep', 'experimental_prepareStep']) {
    if (typeof options[key] === 'function') copy[key] = wrapPrepareStep(options[key] as PrepareStep, tracing, run);
  }
  return copy;
}

type PrepareStep = (this: unknown, arg: unknown) => unknown;

/**
 * prepareStep may return a different `model` (or `tools`, ai@7) for a step;
 * those are observed too. It receives the model the SDK holds — here the
 * observed proxy — so it is handed the app's own model instead, keeping
 * identity checks such as `model === fast` true.
 */
function wrapPrepareStep(original: PrepareStep, tracing: Tracing, run: AgentRun | undefined): PrepareStep {
  return function prepareStep(this: unknown, arg: unknown) {
    const a = asObject(arg);
    const model = a?.model;
    const input = a && isWrappedModel(model) ? { ...a, model: originalModel(model) } : arg;
    const result = original.call(this, input);
    const fix = (value: unknown) => {
      const v = asObject(value);
      if (!v) return value;
      const out: Obj = { ...v };
      if (v.model !== undefined) out.model = wrapModel(v.model === originalModel(model) ? model : v.model, tracing, run);
      if (v.tools !== undefined) out.tools = wrapTools(v.tools, tracing, run);
      return out;
    };
    return typeof (result as PromiseLike<unknown> | undefined)?.then === 'function' ? Promise.resolve(result).then(fix) : fix(result);
  };
}
