/*
 * Pure mapping of Vercel AI SDK values to GenAI semconv (v1.41.1) attributes:
 * provider ids, LanguageModel call options, results and stream parts (the
 * provider specification v2 of ai@5, v3 of ai@6, v4 of ai@7), tool calls and
 * errors. No I/O, no span: unit-testable.
 * https://ai-sdk.dev/providers/community-providers/custom-providers
 * https://github.com/vercel/ai/tree/main/packages/provider/src/language-model
 */
import type { Attributes } from '@opentelemetry/api';
import type { Usage } from '../../genai/usage.js';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION,
} from '../../semconv.js';

type Obj = Record<string, unknown>;

export const asObject = (value: unknown): Obj | undefined =>
  value !== null && typeof value === 'object' ? (value as Obj) : undefined;
export const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const count = (value: unknown): number | undefined => {
  const n = num(value);
  return n !== undefined && n >= 0 ? n : undefined;
};

/** What a LanguageModel tells about itself (`provider` like `openai.chat`, `modelId`). */
export interface ModelInfo {
  providerId?: string;
  modelId?: string;
}

export function modelInfo(model: unknown): ModelInfo {
  const m = asObject(model);
  if (typeof model === 'string') return { providerId: 'gateway', modelId: model };
  return { providerId: str(m?.provider), modelId: str(m?.modelId) };
}

/**
 * AI SDK provider id prefix → gen_ai.provider.name (semconv v1.41.1 well-known
 * values). The id is `{provider}.{api}` (`openai.chat`, `openai.responses`,
 * `anthropic.messages`, `google.generative-ai`, `google.vertex.chat`,
 * `amazon-bedrock`, …); longest prefix wins. Unknown providers keep their
 * own prefix (semconv: "a custom value" for a system not in the list).
 */
const PROVIDER_NAMES: Array<[prefix: string, name: string]> = [
  ['google.vertex.anthropic', 'gcp.vertex_ai'],
  ['vertex.anthropic', 'gcp.vertex_ai'],
  ['google.vertex', 'gcp.vertex_ai'],
  ['google', 'gcp.gemini'],
  ['openai', 'openai'],
  ['azure', 'azure.ai.openai'],
  ['anthropic', 'anthropic'],
  ['amazon-bedrock', 'aws.bedrock'],
  ['bedrock', 'aws.bedrock'],
  ['mistral', 'mistral_ai'],
  ['groq', 'groq'],
  ['xai', 'x_ai'],
  ['deepseek', 'deepseek'],
  ['cohere', 'cohere'],
  ['perplexity', 'perplexity'],
  ['moonshotai', 'moonshot_ai'],
];

export function providerName({ providerId, modelId }: ModelInfo): string | undefined {
  if (!providerId) return undefined;
  // AI Gateway model ids name the upstream provider: `openai/gpt-4o`.
  if (providerId === 'gateway' && modelId?.includes('/')) {
    return providerName({ providerId: modelId.slice(0, modelId.indexOf('/')) });
  }
  const id = providerId.toLowerCase();
  for (const [prefix, name] of PROVIDER_NAMES) {
    if (id === prefix || id.startsWith(`${prefix}.`)) return name;
  }
  return id.split('.')[0];
}

/** semconv operation: `text_completion` for legacy completion APIs, `generate_content` for Gemini, else `chat`. */
export function operationName({ providerId }: ModelInfo): string {
  const id = providerId?.toLowerCase() ?? '';
  if (id.endsWith('.completion')) return GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION;
  if (providerName({ providerId: id }) === 'gcp.gemini' || (id.startsWith('google.vertex') && !id.includes('anthropic'))) {
    return GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT;
  }
  return GEN_AI_OPERATION_NAME_VALUE_CHAT;
}

/** `{gen_ai.operation.name} {gen_ai.request.model}`. */
export function llmSpanName(info: ModelInfo): string {
  const op = operationName(info);
  return info.modelId ? `${op} ${info.modelId}` : op;
}

/** Attributes of one doGenerate/doStream call, known before it starts (a sampler sees these). */
export function requestAttributes(info: ModelInfo, callOptions: unknown, streaming: boolean): Attributes {
  const o = asObject(callOptions) ?? {};
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: operationName(info) };
  const set = (key: string, value: Attributes[string] | undefined) => {
    if (value !== undefined) attributes[key] = value;
  };
  set(ATTR_GEN_AI_PROVIDER_NAME, providerName(info));
  set(ATTR_GEN_AI_REQUEST_MODEL, info.modelId);
  set(ATTR_GEN_AI_REQUEST_MAX_TOKENS, count(o.maxOutputTokens));
  set(ATTR_GEN_AI_REQUEST_TEMPERATURE, num(o.temperature));
  set(ATTR_GEN_AI_REQUEST_TOP_P, num(o.topP));
  set(ATTR_GEN_AI_REQUEST_TOP_K, num(o.topK));
  set(ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, num(o.frequencyPenalty));
  set(ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, num(o.presencePenalty));
  set(ATTR_GEN_AI_REQUEST_SEED, num(o.seed));
  if (Array.isArray(o.stopSequences) && o.stopSequences.length > 0 && o.stopSequences.every(s => typeof s === 'string')) {
    set(ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, o.stopSequences.slice() as string[]);
  }
  const format = str(asObject(o.responseFormat)?.type);
  if (format === 'json' || format === 'text') set(ATTR_GEN_AI_OUTPUT_TYPE, format);
  // semconv: gen_ai.request.stream is set (to true) iff the reply is streamed.
  if (streaming) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
  return attributes;
}

/** `response` of a doGenerate result or a `response-metadata` stream part → id and model. */
export function responseMetadataAttributes(response: unknown): Attributes {
  const r = asObject(response);
  const attributes: Attributes = {};
  const id = str(r?.id);
  const model = str(r?.modelId);
  if (id) attributes[ATTR_GEN_AI_RESPONSE_ID] = id;
  if (model) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = model;
  return attributes;
}

/**
 * finishReason → gen_ai.response.finish_reasons. v2 (ai@5) gives the unified
 * string (`stop`, `tool-calls`, …); v3/v4 give `{ unified, raw }`, and `raw`
 * is the provider's own value (`tool_calls`, `end_turn`), which semconv asks for.
 */
export function finishReasonAttributes(finishReason: unknown): Attributes {
  const f = asObject(finishReason);
  const reason = str(f?.raw) ?? str(f?.unified) ?? str(finishReason);
  if (!reason) return {};
  return { [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: [reason.replace(/-/g, '_')] };
}

/**
 * A LanguageModel `usage` object → semconv token counts (input includes cached).
 * - v3/v4 (ai@6, ai@7): `inputTokens: { total, noCache, cacheRead, cacheWrite }`,
 *   `outputTokens: { total, text, reasoning }`; `total` already includes cache.
 * - v2 (ai@5): flat `inputTokens`, `outputTokens`, `cachedInputTokens`,
 *   `reasoningTokens`. As of @ai-sdk/anthropic@2, `inputTokens` is Anthropic's
 *   `input_tokens`, which EXCLUDES cache reads and writes; the cache-write count is
 *   only in providerMetadata.anthropic.cacheCreationInputTokens. Both are added
 *   back so that gen_ai.usage.input_tokens means the same for every provider.
 */
export function readModelUsage(usage: unknown, providerMetadata?: unknown): Usage | undefined {
  const u = asObject(usage);
  if (!u) return undefined;
  const input = asObject(u.inputTokens);
  const output = asObject(u.outputTokens);
  if (input || output) {
    const cacheRead = count(input?.cacheRead);
    const cacheWrite = count(input?.cacheWrite);
    const noCache = count(input?.noCache);
    const total = count(input?.total) ?? (noCache !== undefined ? noCache + (cacheRead ?? 0) + (cacheWrite ?? 0) : undefined);
    return {
      inputTokens: total,
      outputTokens: count(output?.total),
      cacheReadInputTokens: cacheRead,
      cacheCreationInputTokens: cacheWrite,
      reasoningOutputTokens: count(output?.reasoning),
    };
  }
  const anthropic = asObject(asObject(providerMetadata)?.anthropic);
  const cacheRead = count(u.cachedInputTokens);
  const cacheWrite = anthropic ? count(anthropic.cacheCreationInputTokens) : undefined;
  let inputTokens = count(u.inputTokens);
  if (anthropic && inputTokens !== undefined) inputTokens += (cacheRead ?? 0) + (cacheWrite ?? 0);
  const result: Usage = {
    inputTokens,
    outputTokens: count(u.outputTokens),
    cacheReadInputTokens: cacheRead,
    cacheCreationInputTokens: cacheWrite,
    reasoningOutputTokens: count(u.reasoningTokens),
  };
  return Object.values(result).some(v => v !== undefined) ? result : undefined;
}

/** Sums usages (an agent's total over its LLM calls); a count stays undefined if no call reported it. */
export function addUsage(total: Usage | undefined, next: Usage | undefined): Usage | undefined {
  if (!next) return total;
  const sum: Usage = { ...total };
  for (const key of Object.keys(next) as Array<keyof Usage>) {
    const value = next[key];
    if (value !== undefined) sum[key] = (sum[key] ?? 0) + value;
  }
  return sum;
}

/** Tool calls the model asked for, from doGenerate `content` (v2+) or a `tool-call` stream part. */
export interface RequestedToolCall {
  id?: string;
  name: string;
  input?: unknown;
}

export function requestedToolCall(part: unknown): RequestedToolCall | undefined {
  const p = asObject(part);
  if (p?.type !== 'tool-call') return undefined;
  const name = str(p.toolName);
  if (!name) return undefined;
  return { id: str(p.toolCallId), name, input: p.input };
}
