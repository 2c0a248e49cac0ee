/*
 * Pure mapping of Anthropic Messages API request params and replies to
 * GenAI semconv (v1.41.1) span attributes. No I/O, no span: unit-testable.
 * https://docs.anthropic.com/en/api/messages
 */
import type { Attributes } from '@opentelemetry/api';
import { readUsage } from '../../genai/usage.js';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
} from '../../semconv.js';

/** gen_ai.provider.name for the Anthropic API. */
export const PROVIDER = 'anthropic';

type Obj = Record<string, unknown>;

export const asObject = (value: unknown): Obj | undefined =>
  value !== null && typeof value === 'object' ? (value as Obj) : undefined;
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** `chat {model}` (semconv: `{gen_ai.operation.name} {gen_ai.request.model}`). */
export function spanName(params: unknown): string {
  const model = str(asObject(params)?.model);
  return model ? `${GEN_AI_OPERATION_NAME_VALUE_CHAT} ${model}` : GEN_AI_OPERATION_NAME_VALUE_CHAT;
}

/** Attributes known when the call starts (a sampler sees these). */
export function requestAttributes(params: unknown, baseURL: unknown, streaming: boolean): Attributes {
  const p = asObject(params) ?? {};
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT,
    [ATTR_GEN_AI_PROVIDER_NAME]: PROVIDER,
  };
  const set = (key: string, value: Attributes[string] | undefined) => {
    if (value !== undefined) attributes[key] = value;
  };
  set(ATTR_GEN_AI_REQUEST_MODEL, str(p.model));
  set(ATTR_GEN_AI_REQUEST_MAX_TOKENS, num(p.max_tokens));
  set(ATTR_GEN_AI_REQUEST_TEMPERATURE, num(p.temperature));
  set(ATTR_GEN_AI_REQUEST_TOP_P, num(p.top_p));
  set(ATTR_GEN_AI_REQUEST_TOP_K, num(p.top_k));
  if (Array.isArray(p.stop_sequences) && p.stop_sequences.every(s => typeof s === 'string')) {
    set(ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, p.stop_sequences.slice() as string[]);
  }
  // semconv: gen_ai.request.stream is set (to true) iff the reply is streamed.
  if (streaming) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
  Object.assign(attributes, serverAttributes(baseURL));
  return attributes;
}

/** server.address / server.port of the client's base URL (never its path, query or credentials). */
export function serverAttributes(baseURL: unknown): Attributes {
  if (typeof baseURL !== 'string') return {};
  try {
    const url = new URL(baseURL);
    const port = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
    return { [ATTR_SERVER_ADDRESS]: url.hostname.replace(/^\[(.*)\]$/, '$1'), [ATTR_SERVER_PORT]: port };
  } catch {
    return {};
  }
}

/** Attributes of a reply `Message` (or of the message a stream rebuilt): id, model, stop reason, usage. */
export function responseAttributes(message: unknown): Attributes {
  const m = asObject(message);
  if (!m) return {};
  const attributes: Attributes = usageAttributes(m.usage);
  const id = str(m.id);
  const model = str(m.model);
  const stopReason = str(m.stop_reason);
  if (id) attributes[ATTR_GEN_AI_RESPONSE_ID] = id;
  if (model) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = model;
  if (stopReason) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [stopReason];
  return attributes;
}

/**
 * Token attributes of an Anthropic `usage`. Anthropic's `input_tokens`
 * excludes cache reads and writes; gen_ai.usage.input_tokens is the semconv
 * total (uncached + cache_read + cache_creation), see genai/usage.ts.
 */
export function usageAttributes(rawUsage: unknown): Attributes {
  const usage = readUsage(rawUsage);
  const attributes: Attributes = {};
  if (!usage) return attributes;
  if (usage.inputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens;
  if (usage.outputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.outputTokens;
  if (usage.cacheReadInputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS] = usage.cacheReadInputTokens;
  if (usage.cacheCreationInputTokens !== undefined) {
    attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = usage.cacheCreationInputTokens;
  }
  return attributes;
}

/** A tool call the model asked for: a `tool_use` content block. */
export interface RequestedToolCall {
  id?: string;
  name: string;
  input?: unknown;
}

/** The `tool_use` blocks of a reply's content, in order. */
export function requestedToolCalls(content: unknown): RequestedToolCall[] {
  if (!Array.isArray(content)) return [];
  const calls: RequestedToolCall[] = [];
  for (const block of content) {
    const b = asObject(block);
    if (b?.type !== 'tool_use' || !str(b.name)) continue;
    calls.push({ id: str(b.id), name: b.name as string, input: b.input });
  }
  return calls;
}
