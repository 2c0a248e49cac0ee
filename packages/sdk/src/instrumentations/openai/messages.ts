/*
 * Content in the semconv JSON message format (gen_ai.input.messages,
 * gen_ai.output.messages, gen_ai.system_instructions). Only ever called
 * lazily by captureContent, i.e. when the app opted in to content capture.
 * https://github.com/open-telemetry/semantic-conventions/blob/v1.41.1/docs/gen-ai/gen-ai-input-messages.json
 */
import type { SemconvMessage } from '../content.js';
import { asObject, asString, type Obj } from './attributes.js';
import type { ToolCallSummary } from './reply.js';

type Part = SemconvMessage['parts'][number];

/** One choice of a chat reply, as chat-attributes.ts collects it. */
export interface ChoiceContent {
  text?: string;
  toolCalls: ToolCallSummary[];
  finishReason?: string;
}

/** Tool arguments as JSON when they parse, else the raw text the model produced. */
function parsedArguments(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Text parts of a string or of a content-part array (`text`, `input_text`, `output_text`, `refusal`). */
function textParts(content: unknown): Part[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  const parts: Part[] = [];
  for (const raw of content) {
    const part = asObject(raw);
    const text = asString(part?.text) ?? asString(part?.refusal);
    if (text !== undefined) parts.push({ type: 'text', content: text });
  }
  return parts;
}

const toolCallPart = (call: ToolCallSummary): Part => ({ type: 'tool_call', id: call.id, name: call.name, arguments: parsedArguments(call.arguments) });

/** Chat Completions `messages` → semconv input messages (`developer` is reported as `system`). */
export function chatInputMessages(messages: unknown): SemconvMessage[] {
  if (!Array.isArray(messages)) return [];
  return messages.map(asObject).filter((m): m is Obj => !!m).map(m => {
    const role = m.role === 'developer' ? 'system' : String(m.role ?? 'user');
    if (role === 'tool') {
      return { role, parts: [{ type: 'tool_call_response', id: asString(m.tool_call_id), response: m.content }] };
    }
    const parts = textParts(m.content);
    if (Array.isArray(m.tool_calls)) {
      for (const raw of m.tool_calls) {
        const call = asObject(raw);
        const fn = asObject(call?.function);
        if (fn) parts.push(toolCallPart({ id: asString(call?.id), name: String(fn.name), type: 'function', arguments: asString(fn.arguments) }));
      }
    }
    return { role, parts };
  });
}

export function chatOutputMessages(choices: ChoiceContent[]): SemconvMessage[] {
  return choices.map(choice => ({
    role: 'assistant',
    parts: [...(choice.text ? [{ type: 'text' as const, content: choice.text }] : []), ...choice.toolCalls.map(toolCallPart)],
    finish_reason: choice.finishReason,
  }));
}

/** Responses `instructions` → gen_ai.system_instructions (a list of parts). */
export function responsesSystemInstructions(params: unknown): Part[] | undefined {
  const instructions = asObject(params)?.instructions;
  return typeof instructions === 'string' ? [{ type: 'text', content: instructions }] : undefined;
}

/** Responses `input` (a string, or input items) → semconv input messages. */
export function responsesInputMessages(params: unknown): SemconvMessage[] {
  const input = asObject(params)?.input;
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  if (!Array.isArray(input)) return [];
  const messages: SemconvMessage[] = [];
  for (const raw of input) {
    const item = asObject(raw);
    if (!item) continue;
    if (item.type === 'function_call') {
      messages.push({ role: 'assistant', parts: [toolCallPart({ id: asString(item.call_id), name: String(item.name), type: 'function', arguments: asString(item.arguments) })] });
    } else if (item.type === 'function_call_output') {
      messages.push({ role: 'tool', parts: [{ type: 'tool_call_response', id: asString(item.call_id), response: item.output }] });
    } else if (item.role !== undefined) {
      messages.push({ role: item.role === 'developer' ? 'system' : String(item.role), parts: textParts(item.content) });
    }
  }
  return messages;
}

/** Responses `output` items → one assistant message with its text and tool calls. */
export function responsesOutputMessages(output: unknown, toolCalls: ToolCallSummary[], finishReason: string | undefined): SemconvMessage[] {
  const parts: Part[] = [];
  for (const raw of Array.isArray(output) ? output : []) {
    const item = asObject(raw);
    if (item?.type === 'message') parts.push(...textParts(item.content));
  }
  parts.push(...toolCalls.map(toolCallPart));
  return [{ role: 'assistant', parts, finish_reason: finishReason }];
}
