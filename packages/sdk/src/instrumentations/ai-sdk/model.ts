/*
 * A LanguageModel (provider specification v2 in ai@5, v3 in ai@6, v4 in
 * ai@7) whose doGenerate/doStream calls become `chat {model}` spans.
 * https://github.com/vercel/ai/blob/main/packages/provider/src/language-model/v3/language-model-v3.ts
 *
 * The model the app passed is not touched: the SDK gets a Proxy of it for
 * this call only — the same pattern the AI SDK uses itself to adapt a v2
 * model to v3 (ai@6 `asLanguageModelV3`) — that forwards every other
 * property to the model (getters run against the model, not the proxy).
 * doStream's result is a new object with the same fields and an observed
 * `stream`; the SDK is its only reader.
 */
import { context, type Context } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import type { AgentRun, Tracing } from './agent-run.js';
import { asObject, modelInfo } from './attributes.js';
import { LlmCall } from './llm-call.js';
import { observeModelStream } from './model-stream.js';

const WRAPPED = Symbol.for('agentmeter.ai-sdk.model');
const ORIGINAL = Symbol.for('agentmeter.ai-sdk.model.original');

type ModelMethod = (this: unknown, options: unknown) => PromiseLike<unknown>;

export function isWrappedModel(model: unknown): boolean {
  return asObject(model)?.[WRAPPED as unknown as string] === true;
}

/** The app's model behind an observed proxy (or the value itself). */
export function originalModel(model: unknown): unknown {
  return isWrappedModel(model) ? asObject(model)?.[ORIGINAL as unknown as string] : model;
}

/** The model for one run; strings (gateway ids), unknown shapes and already wrapped models pass through. */
export function wrapModel<T>(model: T, tracing: Tracing, run: AgentRun | undefined): T {
  const m = asObject(model);
  if (!m || isWrappedModel(model) || (typeof m.doGenerate !== 'function' && typeof m.doStream !== 'function')) return model;
  const parent = (): Context => (run ? run.parentContext() : context.active());
  let server: { address?: string; port?: number } | undefined;
  const start = (target: object, options: unknown, streaming: boolean): LlmCall =>
    new LlmCall(tracing, parent(), modelInfo(target), (server ??= serverOf(target)), options, streaming, run);

  const doGenerate = (target: object, original: ModelMethod) =>
    function doGenerate(options: unknown) {
      let call: LlmCall;
      try {
        call = start(target, options, false);
      } catch (error) {
        reportInternalError('ai-sdk.doGenerate', error);
        return original.call(target, options);
      }
      return invoke(call, () => original.call(target, options)).then(
        result => {
          call.result(result);
          return result;
        },
        error => {
          call.failed(error);
          throw error;
        },
      );
    };

  const doStream = (target: object, original: ModelMethod) =>
    function doStream(options: unknown) {
      let call: LlmCall;
      try {
        call = start(target, options, true);
      } catch (error) {
        reportInternalError('ai-sdk.doStream', error);
        return original.call(target, options);
      }
      return invoke(call, () => original.call(target, options)).then(
        result => {
          const r = asObject(result);
          const stream = r?.stream;
          if (!r || !(stream instanceof ReadableStream)) {
            call.end();
            return result;
          }
          try {
            return { ...r, stream: observeModelStream(stream, { part: p => call.part(p), end: (how, reason) => call.streamEnded(how, reason) }) };
          } catch (error) {
            reportInternalError('ai-sdk.doStream.observe', error);
            call.end();
            return result;
          }
        },
        error => {
          call.failed(error);
          throw error;
        },
      );
    };

  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(m, {
    get(target, prop) {
      if (prop === WRAPPED) return true;
      if (prop === ORIGINAL) return target;
      if (prop === 'doGenerate' || prop === 'doStream') {
        const original = target[prop];
        if (typeof original !== 'function') return original;
        let method = methods.get(prop);
        if (!method) {
          method = prop === 'doGenerate' ? doGenerate(target, original as ModelMethod) : doStream(target, original as ModelMethod);
          methods.set(prop, method);
        }
        return method;
      }
      return Reflect.get(target, prop, target);
    },
  }) as T;
}

/** Runs the provider call with the chat span active (an HTTP client span the app records nests under it). */
function invoke(call: LlmCall, fn: () => PromiseLike<unknown>): Promise<unknown> {
  try {
    return Promise.resolve(context.with(call.context, fn));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * server.address / server.port, best effort: providers built on
 * @ai-sdk/provider-utils keep their base URL in `config.baseURL` or build
 * request URLs with `config.url({ path, modelId })` (openai, openai-compatible,
 * anthropic, mistral, groq, …). Only host and port are kept.
 */
function serverOf(model: object): { address?: string; port?: number } {
  try {
    const config = asObject((model as { config?: unknown }).config);
    const raw = typeof config?.baseURL === 'string' ? config.baseURL : typeof config?.url === 'function' ? (config.url as (o: object) => unknown)({ path: '', modelId: asObject(model)?.modelId }) : undefined;
    if (typeof raw !== 'string') return {};
    const url = new URL(raw);
    const port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
    return { address: url.hostname.replace(/^\[(.*)\]$/, '$1'), port };
  } catch {
    return {};
  }
}
