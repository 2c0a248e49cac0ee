/*
 * Responses API: request parameters → span attributes, and a Response — or
 * the `response.*` events of a stream — → ReplySummary. Pure.
 * https://platform.openai.com/docs/api-reference/responses/create
 * https://platform.openai.com/docs/api-reference/responses-streaming
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
} from '../../semconv.js';
import { asObject, asString, put } from './attributes.js';
import { responsesOutputMessages } from './messages.js';
import type { ReplySummary, ToolCallSummary } from './reply.js';

/** `conversation` is an id or `{ id }`. */
const conversationId = (value: unknown) => asString(value) ?? asString(asObject(value)?.id);

export function responsesRequestAttributes(params: unknown): Attributes {
  const p = asObject(params) ?? {};
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT };
  put(attributes, ATTR_GEN_AI_REQUEST_MODEL, p.model);
  put(attributes, ATTR_GEN_AI_REQUEST_MAX_TOKENS, p.max_output_tokens);
  put(attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, p.temperature);
  put(attributes, ATTR_GEN_AI_REQUEST_TOP_P, p.top_p);
  if (p.stream === true) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
  put(attributes, ATTR_OPENAI_REQUEST_SERVICE_TIER, p.service_tier);
  put(attributes, ATTR_GEN_AI_CONVERSATION_ID, conversationId(p.conversation));
  const format = asString(asObject(asObject(p.text)?.format)?.type);
  if (format) attributes[ATTR_GEN_AI_OUTPUT_TYPE] = format === 'text' ? 'text' : 'json';
  return attributes;
}

/** Tool calls among the output items: function, custom and MCP tool calls. */
function toolCallsOf(output: unknown): ToolCallSummary[] {
  const calls: ToolCallSummary[] = [];
  for (const raw of Array.isArray(output) ? output : []) {
    const call = toolCallOf(raw);
    if (call) calls.push(call);
  }
  return calls;
}

function toolCallOf(raw: unknown): ToolCallSummary | undefined {
  const item = asObject(raw);
  const name = asString(item?.name);
  if (!item || !name) return undefined;
  if (item.type === 'function_call') return { id: asString(item.call_id), name, type: 'function', arguments: asString(item.arguments) };
  if (item.type === 'custom_tool_call') return { id: asString(item.call_id), name, type: 'function', arguments: asString(item.input) };
  if (item.type === 'mcp_call') return { id: asString(item.id), name, type: 'extension', arguments: asString(item.arguments) };
  return undefined;
}

/**
 * The Responses API has no finish_reason: it is derived from `status`
 * (completed → stop, or tool_calls when the model asked for tools;
 * incomplete → its reason, max_output_tokens reported as `length`).
 */
function finishReason(response: Record<string, unknown>, toolCalls: ToolCallSummary[]): string | undefined {
  switch (response.status) {
    case 'completed':
      return toolCalls.length > 0 ? 'tool_calls' : 'stop';
    case 'incomplete': {
      const reason = asString(asObject(response.incomplete_details)?.reason);
      return reason === 'max_output_tokens' ? 'length' : (reason ?? 'incomplete');
    }
    case 'failed':
      return 'error';
    default:
      return undefined;
  }
}

/** A Response (or the ParsedResponse of `responses.parse()`). */
export function responsesReply(value: unknown): ReplySummary | undefined {
  const response = asObject(value);
  if (!response) return undefined;
  const toolCalls = toolCallsOf(response.output);
  const finish = finishReason(response, toolCalls);
  const conversation = conversationId(response.conversation);
  return {
    id: asString(response.id),
    model: asString(response.model),
    finishReasons: finish ? [finish] : [],
    usage: response.usage ?? undefined,
    serviceTier: asString(response.service_tier),
    toolCalls,
    attributes: conversation ? { [ATTR_GEN_AI_CONVERSATION_ID]: conversation } : undefined,
    errorType: response.status === 'failed' ? (asString(asObject(response.error)?.code) ?? 'response_failed') : undefined,
    output: () => responsesOutputMessages(response.output, toolCalls, finish),
  };
}

/**
 * Builds a ReplySummary from Responses stream events as they pass: the
 * terminal event (response.completed / incomplete / failed) carries the
 * whole Response with usage; before it, id and model (response.created)
 * and finished output items are kept, so a broken stream still reports them.
 */
export class ResponsesStreamAccumulator {
  private _final: ReplySummary | undefined;
  private _partial: ReplySummary = { toolCalls: [] };

  get finished(): boolean {
    return this._final !== undefined;
  }

  add(value: unknown): void {
    const event = asObject(value);
    const type = asString(event?.type);
    if (!event || !type) return;
    if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
      this._final = responsesReply(event.response);
    } else if (type === 'response.created' || type === 'response.in_progress') {
      const response = asObject(event.response);
      this._partial.id ??= asString(response?.id);
      this._partial.model ??= asString(response?.model);
    } else if (type === 'response.output_item.done') {
      const call = toolCallOf(event.item);
      if (call && this._partial.toolCalls.length < 128) this._partial.toolCalls.push(call);
    }
  }

  summary(): ReplySummary {
    return this._final ?? this._partial;
  }
}
