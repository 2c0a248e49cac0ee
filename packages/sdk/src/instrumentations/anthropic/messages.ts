/*
 * Anthropic messages → the semconv JSON message format (gen_ai.input.messages,
 * gen_ai.output.messages, gen_ai.system_instructions), for content capture
 * only. Pure; called lazily, so nothing is built when capture is off.
 * https://github.com/open-telemetry/semantic-conventions/blob/v1.41.1/docs/gen-ai/gen-ai-input-messages.json
 * https://docs.anthropic.com/en/api/messages#body-messages
 */
import { asObject } from './attributes.js';

/** A message part: text, tool_call, tool_call_response, reasoning, or a generic part named by its block type. */
export type Part = { type: string; [key: string]: unknown };

export interface Message {
  role: string;
  parts: Part[];
  finish_reason?: string;
}

/** Anthropic stop_reason → the semconv finish reason of an output message. */
const FINISH_REASONS: Record<string, string> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_call',
  refusal: 'content_filter',
};

/** One content block (or a plain string) as a semconv part. Binary data (images, documents) is never copied. */
export function toPart(block: unknown): Part {
  if (typeof block === 'string') return { type: 'text', content: block };
  const b = asObject(block) ?? {};
  switch (b.type) {
    case 'text':
      return { type: 'text', content: b.text };
    case 'thinking':
      return { type: 'reasoning', content: b.thinking };
    case 'tool_use':
      return { type: 'tool_call', id: b.id, name: b.name, arguments: b.input };
    case 'tool_result':
      return { type: 'tool_call_response', id: b.tool_use_id, response: b.content };
    default:
      return { type: typeof b.type === 'string' ? b.type : 'unknown' };
  }
}

function toParts(content: unknown): Part[] {
  if (Array.isArray(content)) return content.map(toPart);
  return content === undefined ? [] : [toPart(content)];
}

/** gen_ai.input.messages from the request's `messages`. */
export function inputMessages(params: unknown): Message[] | undefined {
  const messages = asObject(params)?.messages;
  if (!Array.isArray(messages)) return undefined;
  return messages.map(message => {
    const m = asObject(message) ?? {};
    return { role: typeof m.role === 'string' ? m.role : 'user', parts: toParts(m.content) };
  });
}

/** gen_ai.system_instructions from the request's `system` (a string or text blocks). */
export function systemInstructions(params: unknown): Part[] | undefined {
  const system = asObject(params)?.system;
  if (system === undefined || system === null || system === '') return undefined;
  return toParts(system);
}

/** gen_ai.output.messages: the reply as one assistant message. */
export function outputMessages(content: unknown, stopReason: unknown): Message[] {
  const message: Message = { role: 'assistant', parts: toParts(content) };
  if (typeof stopReason === 'string') message.finish_reason = FINISH_REASONS[stopReason] ?? stopReason;
  return [message];
}
