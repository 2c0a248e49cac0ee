import type { SemconvMessage } from '../content.js';

/*
 * Model input/output as recorded by the Agents SDK → the semconv JSON message
 * format (gen_ai.input.messages / gen_ai.output.messages). Only called when
 * content capture is on. Shapes: Responses API items
 * (https://platform.openai.com/docs/api-reference/responses/create#responses-create-input),
 * the SDK's own protocol items (agents-core 0.20 `types/protocol.ts`), and
 * Chat Completions messages/choices.
 */

type Obj = Record<string, unknown>;
type Part = SemconvMessage['parts'][number];

const obj = (value: unknown): Obj | undefined => (value !== null && typeof value === 'object' ? (value as Obj) : undefined);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Text parts of `content`, which is a string or a list of `{ type, text }` parts. */
function textParts(content: unknown): Part[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  return list(content)
    .map(part => text(obj(part)?.text) ?? text(obj(part)?.refusal))
    .filter((t): t is string => t !== undefined)
    .map(t => ({ type: 'text' as const, content: t }));
}

function toolCallPart(id: unknown, name: unknown, args: unknown): Part {
  return { type: 'tool_call', id: text(id), name: text(name) ?? '', arguments: args };
}

/** A tool output: a string, or the SDK's `{ type: 'text', text }`. */
function toolOutput(output: unknown): unknown {
  const o = obj(output);
  return o && o.type === 'text' && typeof o.text === 'string' ? o.text : output;
}

/**
 * One item → a message, or undefined for items without conversational
 * content. Input items are the SDK's protocol items (`callId`,
 * `function_call_result`), output items the API's (`call_id`,
 * `function_call_output`); both are read.
 */
function fromResponsesItem(raw: unknown): SemconvMessage | undefined {
  const item = obj(raw);
  if (!item) return undefined;
  switch (item.type) {
    case 'function_call':
      return { role: 'assistant', parts: [toolCallPart(item.call_id ?? item.callId, item.name, item.arguments)] };
    case 'function_call_output':
    case 'function_call_result':
      return { role: 'tool', parts: [{ type: 'tool_call_response', id: text(item.call_id ?? item.callId), response: toolOutput(item.output) }] };
    case undefined:
    case 'message':
      return { role: text(item.role) ?? 'user', parts: textParts(item.content) };
    default:
      return undefined;
  }
}

/** `_input` of a response span: a string or a list of input items. */
export function responsesInput(input: unknown): SemconvMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  return list(input).map(fromResponsesItem).filter((m): m is SemconvMessage => m !== undefined);
}

/** `_response.output` of a response span, merged into one assistant message. */
export function responsesOutput(response: unknown): SemconvMessage[] {
  const parts = list(obj(response)?.output).flatMap(item => fromResponsesItem(item)?.parts ?? []);
  return parts.length > 0 ? [{ role: 'assistant', parts, finish_reason: finishReason(obj(response), parts) }] : [];
}

/** The Responses API has a status, not a finish reason: mapped to the semconv values. */
function finishReason(response: Obj | undefined, parts: Part[]): string | undefined {
  if (response?.status === 'completed') return parts.some(part => part.type === 'tool_call') ? 'tool_call' : 'stop';
  if (response?.status !== 'incomplete') return undefined;
  const reason = text(obj(response.incomplete_details)?.reason);
  return reason === 'max_output_tokens' ? 'length' : reason;
}

/** A Chat Completions message (`input` of a generation span, or a choice's message). */
function fromChatMessage(raw: unknown, finishReason?: string): SemconvMessage | undefined {
  const message = obj(raw);
  if (!message) return undefined;
  const role = text(message.role) ?? 'user';
  if (role === 'tool') {
    return { role, parts: [{ type: 'tool_call_response', id: text(message.tool_call_id), response: message.content }] };
  }
  const calls = list(message.tool_calls).map(call => {
    const fn = obj(obj(call)?.function);
    return toolCallPart(obj(call)?.id, fn?.name, fn?.arguments);
  });
  return { role, parts: [...textParts(message.content), ...calls], ...(finishReason ? { finish_reason: finishReason } : {}) };
}

export function chatInput(input: unknown): SemconvMessage[] {
  return list(input).map(m => fromChatMessage(m)).filter((m): m is SemconvMessage => m !== undefined);
}

/** `output` of a generation span: `[completion]`, whose choices are the output messages. */
export function chatOutput(output: unknown): SemconvMessage[] {
  return list(obj(list(output)[0])?.choices)
    .map(choice => fromChatMessage(obj(choice)?.message, text(obj(choice)?.finish_reason)))
    .filter((m): m is SemconvMessage => m !== undefined);
}

/** Tool arguments arrive as a JSON string; semconv wants the object when it can be had. */
export function parseArguments(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
