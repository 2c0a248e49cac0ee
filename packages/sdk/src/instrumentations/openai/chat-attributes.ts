/*
 * Chat Completions: request parameters → span attributes, and a reply — a
 * ChatCompletion or the chunks of a stream — → ReplySummary. Pure.
 * https://platform.openai.com/docs/api-reference/chat/create
 * https://platform.openai.com/docs/api-reference/chat/streaming
 */
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
} from '../../semconv.js';
import { asNumber, asObject, asString, put, type Obj } from './attributes.js';
import { chatOutputMessages, type ChoiceContent } from './messages.js';
import type { ReplySummary, ToolCallSummary } from './reply.js';

export function chatRequestAttributes(params: unknown): Attributes {
  const p = asObject(params) ?? {};
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT };
  put(attributes, ATTR_GEN_AI_REQUEST_MODEL, p.model);
  // max_tokens is deprecated in favour of max_completion_tokens (and not accepted by o-series models).
  put(attributes, ATTR_GEN_AI_REQUEST_MAX_TOKENS, p.max_completion_tokens ?? p.max_tokens);
  put(attributes, ATTR_GEN_AI_REQUEST_TEMPERATURE, p.temperature);
  put(attributes, ATTR_GEN_AI_REQUEST_TOP_P, p.top_p);
  put(attributes, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, p.frequency_penalty);
  put(attributes, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, p.presence_penalty);
  put(attributes, ATTR_GEN_AI_REQUEST_SEED, p.seed);
  if (typeof p.stop === 'string') attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = [p.stop];
  else if (Array.isArray(p.stop)) attributes[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = p.stop.filter(s => typeof s === 'string');
  if (typeof p.n === 'number' && p.n !== 1) attributes[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = p.n;
  if (p.stream === true) attributes[ATTR_GEN_AI_REQUEST_STREAM] = true;
  put(attributes, ATTR_OPENAI_REQUEST_SERVICE_TIER, p.service_tier);
  const format = asString(asObject(p.response_format)?.type);
  if (format) attributes[ATTR_GEN_AI_OUTPUT_TYPE] = format === 'text' ? 'text' : 'json';
  return attributes;
}

/** A ChatCompletion (or the ParsedChatCompletion of `chat.completions.parse()`). */
export function chatReply(value: unknown): ReplySummary | undefined {
  const reply = asObject(value);
  if (!reply) return undefined;
  const choices = Array.isArray(reply.choices) ? reply.choices.map(asObject).filter((c): c is Obj => !!c) : [];
  const toolCalls: ToolCallSummary[] = [];
  const contents: ChoiceContent[] = [];
  for (const choice of choices) {
    const message = asObject(choice.message);
    const calls = toolCallsOf(message?.tool_calls);
    toolCalls.push(...calls);
    contents.push({ text: asString(message?.content), toolCalls: calls, finishReason: asString(choice.finish_reason) });
  }
  return {
    id: asString(reply.id),
    model: asString(reply.model),
    finishReasons: contents.filter(c => c.finishReason).map(c => c.finishReason as string),
    usage: reply.usage,
    serviceTier: asString(reply.service_tier),
    systemFingerprint: asString(reply.system_fingerprint),
    toolCalls,
    output: () => chatOutputMessages(contents),
  };
}

function toolCallsOf(value: unknown): ToolCallSummary[] {
  if (!Array.isArray(value)) return [];
  const calls: ToolCallSummary[] = [];
  for (const raw of value) {
    const call = asObject(raw);
    // As of openai@5.12 a tool call is `function` ({ function: { name, arguments } }) or `custom` ({ custom: { name, input } }).
    const fn = asObject(call?.function) ?? asObject(call?.custom);
    const name = asString(fn?.name);
    if (!call || !name) continue;
    calls.push({ id: asString(call.id), name, type: 'function', arguments: asString(fn?.arguments) ?? asString(fn?.input) });
  }
  return calls;
}

/**
 * Builds a ReplySummary from ChatCompletionChunks as they pass. Usage comes
 * from the final chunk, which the API sends only when the app asked for it
 * with `stream_options.include_usage` (agentmeter never adds that option).
 * Text is kept only when `keepContent` (captureContent) is set.
 */
export class ChatStreamAccumulator {
  private readonly _reply: ReplySummary = { toolCalls: [] };
  private readonly _choices: Array<ChoiceContent & { calls: Map<number, ToolCallSummary> }> = [];

  constructor(private readonly _keepContent: boolean) {}

  /** True once a choice reported a finish_reason: the stream reached its end. */
  get finished(): boolean {
    return this._choices.some(c => c.finishReason !== undefined);
  }

  add(value: unknown): void {
    const chunk = asObject(value);
    if (!chunk) return;
    const reply = this._reply;
    reply.id ??= asString(chunk.id);
    reply.model ??= asString(chunk.model);
    reply.serviceTier ??= asString(chunk.service_tier);
    reply.systemFingerprint ??= asString(chunk.system_fingerprint);
    if (asObject(chunk.usage)) reply.usage = chunk.usage;
    if (!Array.isArray(chunk.choices)) return;
    for (const raw of chunk.choices) {
      const choice = asObject(raw);
      if (!choice) continue;
      const index = asNumber(choice.index) ?? 0;
      if (index < 0 || index > 127) continue;
      const state = (this._choices[index] ??= { calls: new Map(), toolCalls: [] });
      const finish = asString(choice.finish_reason);
      if (finish) state.finishReason = finish;
      const delta = asObject(choice.delta);
      if (!delta) continue;
      if (this._keepContent && typeof delta.content === 'string') state.text = (state.text ?? '') + delta.content;
      if (Array.isArray(delta.tool_calls)) this._addToolCalls(state.calls, delta.tool_calls);
    }
  }

  private _addToolCalls(calls: Map<number, ToolCallSummary>, deltas: unknown[]): void {
    for (const raw of deltas) {
      const delta = asObject(raw);
      if (!delta) continue;
      const index = asNumber(delta.index) ?? calls.size;
      const fn = asObject(delta.function);
      let call = calls.get(index);
      if (!call) {
        if (calls.size >= 128) continue;
        call = { name: '', type: 'function' };
        calls.set(index, call);
      }
      call.id ??= asString(delta.id);
      if (typeof fn?.name === 'string') call.name += fn.name;
      if (this._keepContent && typeof fn?.arguments === 'string') call.arguments = (call.arguments ?? '') + fn.arguments;
    }
  }

  summary(): ReplySummary {
    const contents: ChoiceContent[] = [];
    const toolCalls: ToolCallSummary[] = [];
    for (const state of this._choices) {
      if (!state) continue;
      const calls = [...state.calls.values()].filter(c => c.name);
      toolCalls.push(...calls);
      contents.push({ text: state.text, toolCalls: calls, finishReason: state.finishReason });
    }
    const reply = this._reply;
    return {
      id: reply.id,
      model: reply.model,
      usage: reply.usage,
      serviceTier: reply.serviceTier,
      systemFingerprint: reply.systemFingerprint,
      finishReasons: contents.filter(c => c.finishReason).map(c => c.finishReason as string),
      toolCalls,
      output: () => chatOutputMessages(contents),
    };
  }
}
