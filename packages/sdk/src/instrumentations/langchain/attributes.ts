/*
 * Pure mapping from what LangChain hands its callback handlers to GenAI
 * semconv attributes. Shapes as of @langchain/core 0.3.80 and 1.4 (@langchain/openai 0.6, 1.5):
 * https://v03.api.js.langchain.com/classes/_langchain_core.callbacks_base.BaseCallbackHandler.html
 * https://js.langchain.com/docs/concepts/tokens#usage-metadata (UsageMetadata: input_tokens is
 * the sum of all input token kinds, cached ones included — the semconv meaning).
 */
import type { Attributes } from '@opentelemetry/api';
import { readUsage, type Usage } from '../../genai/usage.js';
import {
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
} from '../../semconv.js';

export type Obj = Record<string, unknown>;
export const obj = (value: unknown): Obj | undefined => (value !== null && typeof value === 'object' ? (value as Obj) : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

export function requestAttributes(extraParams: Obj | undefined): Attributes {
  const params = obj(extraParams?.invocation_params) ?? {};
  const attributes: Attributes = {};
  const temperature = num(params.temperature);
  const topP = num(params.top_p) ?? num(params.topP);
  const maxTokens = num(params.max_tokens) ?? num(params.max_completion_tokens) ?? num(params.maxTokens) ?? num(params.max_output_tokens);
  if (temperature !== undefined) attributes[ATTR_GEN_AI_REQUEST_TEMPERATURE] = temperature;
  if (topP !== undefined) attributes[ATTR_GEN_AI_REQUEST_TOP_P] = topP;
  if (maxTokens !== undefined) attributes[ATTR_GEN_AI_REQUEST_MAX_TOKENS] = maxTokens;
  return attributes;
}

/** The generations of an LLMResult, flattened (one list per prompt in a batch). */
export function generations(output: unknown): Obj[] {
  const lists = obj(output)?.generations;
  if (!Array.isArray(lists)) return [];
  return lists.flat().map(obj).filter((g): g is Obj => g !== undefined);
}

/**
 * Token usage of a finished LLM run: the message's `usage_metadata`
 * (LangChain's normalised counts, with cache and reasoning details), else
 * the provider's raw `usage` in response_metadata, else `llmOutput.tokenUsage`.
 */
export function readRunUsage(output: unknown): Usage | undefined {
  const message = obj(generations(output)[0]?.message);
  const metadata = obj(message?.usage_metadata);
  if (metadata && (num(metadata.input_tokens) !== undefined || num(metadata.output_tokens) !== undefined)) {
    const input = obj(metadata.input_token_details);
    const output = obj(metadata.output_token_details);
    return {
      inputTokens: num(metadata.input_tokens),
      outputTokens: num(metadata.output_tokens),
      cacheReadInputTokens: num(input?.cache_read),
      cacheCreationInputTokens: num(input?.cache_creation),
      reasoningOutputTokens: num(output?.reasoning),
    };
  }
  const raw = readUsage(obj(message?.response_metadata)?.usage);
  if (raw) return raw;
  const tokenUsage = obj(obj(obj(output)?.llmOutput)?.tokenUsage) ?? obj(obj(obj(output)?.llmOutput)?.estimatedTokenUsage);
  if (!tokenUsage) return undefined;
  return { inputTokens: num(tokenUsage.promptTokens), outputTokens: num(tokenUsage.completionTokens) };
}

export function usageAttributes(usage: Usage | undefined): Attributes {
  const attributes: Attributes = {};
  if (!usage) return attributes;
  const set = (key: string, value: number | undefined) => {
    if (value !== undefined && value >= 0) attributes[key] = value;
  };
  set(ATTR_GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens);
  set(ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens);
  set(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheReadInputTokens);
  set(ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheCreationInputTokens);
  set(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, usage.reasoningOutputTokens);
  return attributes;
}

/** Response model, id and finish reasons of a finished LLM run. */
export function responseAttributes(output: unknown): Attributes {
  const attributes: Attributes = {};
  const all = generations(output);
  const first = all[0];
  const message = obj(first?.message);
  const metadata = obj(message?.response_metadata);
  const info = obj(first?.generationInfo);
  const model = str(metadata?.model_name) ?? str(metadata?.model) ?? str(info?.model_name) ?? str(obj(obj(output)?.llmOutput)?.model_name);
  if (model) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = model;
  // Without a provider id LangChain names the message `run-<run id>`: not a response id.
  const id = str(message?.id) ?? str(metadata?.id);
  if (id && !id.startsWith('run-')) attributes[ATTR_GEN_AI_RESPONSE_ID] = id;
  const reasons = all
    .map(g => {
      const meta = obj(obj(g.message)?.response_metadata);
      const gen = obj(g.generationInfo);
      return str(gen?.finish_reason) ?? str(meta?.finish_reason) ?? str(meta?.stop_reason) ?? str(gen?.stop_reason);
    })
    .filter((r): r is string => r !== undefined);
  if (reasons.length > 0) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = reasons;
  return attributes;
}
