/*
 * Pure mapping shared by the OpenAI operations: where the call goes
 * (server.address/port, provider) and the embeddings request/reply.
 * Chat Completions and Responses have their own files.
 * https://platform.openai.com/docs/api-reference/embeddings/create
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_ENCODING_FORMATS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
  GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI,
  GEN_AI_PROVIDER_NAME_VALUE_OPENAI,
} from '../../semconv.js';
import type { ReplySummary } from './reply.js';

export type Obj = Record<string, unknown>;

export const asObject = (value: unknown): Obj | undefined =>
  value !== null && typeof value === 'object' ? (value as Obj) : undefined;
export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const asNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Copies `value` under `key` when it is a string, finite number or boolean. */
export function put(attributes: Attributes, key: string, value: unknown): void {
  if (typeof value === 'string' || typeof value === 'boolean' || asNumber(value) !== undefined) {
    attributes[key] = value as string | number | boolean;
  }
}

const endpoints = new Map<string, Attributes>();
const MAX_ENDPOINTS = 64;

/**
 * gen_ai.provider.name, server.address and server.port of a client, from its
 * baseURL (parsed once per distinct URL). Azure OpenAI endpoints and the
 * SDK's AzureOpenAI client report `azure.ai.openai`.
 */
export function endpointAttributes(client: unknown): Attributes {
  const c = asObject(client);
  const baseURL = asString(c?.baseURL) ?? '';
  const azureClient = (c?.constructor as { name?: string } | undefined)?.name === 'AzureOpenAI';
  const key = azureClient ? `azure ${baseURL}` : baseURL;
  let attributes = endpoints.get(key);
  if (!attributes) {
    attributes = parseEndpoint(baseURL, azureClient);
    if (endpoints.size >= MAX_ENDPOINTS) endpoints.clear();
    endpoints.set(key, attributes);
  }
  return attributes;
}

function parseEndpoint(baseURL: string, azureClient: boolean): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_PROVIDER_NAME]: GEN_AI_PROVIDER_NAME_VALUE_OPENAI };
  try {
    const url = new URL(baseURL);
    attributes[ATTR_SERVER_ADDRESS] = url.hostname;
    attributes[ATTR_SERVER_PORT] = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
    if (azureClient || /\.(openai|cognitiveservices)\.azure\.com$/.test(url.hostname)) {
      attributes[ATTR_GEN_AI_PROVIDER_NAME] = GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI;
    }
  } catch {
    if (azureClient) attributes[ATTR_GEN_AI_PROVIDER_NAME] = GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI;
  }
  return attributes;
}

/** `{operation} {model}`, or the operation alone when the request names no model. */
export function spanName(attributes: Attributes): string {
  const model = attributes[ATTR_GEN_AI_REQUEST_MODEL];
  const operation = String(attributes[ATTR_GEN_AI_OPERATION_NAME]);
  return typeof model === 'string' && model ? `${operation} ${model}` : operation;
}

export function embeddingsRequestAttributes(params: unknown): Attributes {
  const p = asObject(params) ?? {};
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS };
  put(attributes, ATTR_GEN_AI_REQUEST_MODEL, p.model);
  // The format the app asked for; without one the SDK (since 4.91.0) requests base64 and decodes it itself.
  if (typeof p.encoding_format === 'string') attributes[ATTR_GEN_AI_REQUEST_ENCODING_FORMATS] = [p.encoding_format];
  put(attributes, ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT, p.dimensions);
  return attributes;
}

/**
 * An embeddings reply: model, input tokens (`usage.prompt_tokens`) and the
 * length of the first vector (a number[] or, decoded from base64, a Float32Array).
 */
export function embeddingsReply(value: unknown): ReplySummary | undefined {
  const reply = asObject(value);
  if (!reply) return undefined;
  const first = asObject(Array.isArray(reply.data) ? reply.data[0] : undefined);
  const dimensions = asNumber(asObject(first?.embedding)?.length);
  const attributes: Attributes = dimensions ? { [ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT]: dimensions } : {};
  return { model: asString(reply.model), usage: reply.usage, toolCalls: [], attributes };
}
