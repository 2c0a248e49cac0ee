/*
 * LangChain messages → the semconv JSON message format (gen_ai.input.messages /
 * gen_ai.output.messages), for content capture only. Built lazily: nothing
 * here runs unless captureContent is on.
 * https://github.com/open-telemetry/semantic-conventions/blob/v1.41.1/docs/gen-ai/gen-ai-input-messages.json
 */
import type { SemconvMessage } from '../content.js';
import { generations, obj, type Obj } from './attributes.js';

const ROLE_BY_TYPE: Record<string, string> = {
  human: 'user',
  ai: 'assistant',
  system: 'system',
  developer: 'system',
  tool: 'tool',
  function: 'tool',
  generic: 'user',
};

/** LangChain 1.x messages carry `type`; older ones only `_getType()`. */
function messageType(message: Obj): string {
  if (typeof message.type === 'string') return message.type;
  const getType = message._getType;
  return typeof getType === 'function' ? String(getType.call(message)) : 'generic';
}

function text(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  const parts = content.map(block => (typeof block === 'string' ? block : (obj(block)?.text as string | undefined))).filter(Boolean);
  return parts.length > 0 ? parts.join('') : undefined;
}

export function toSemconvMessage(value: unknown, finishReason?: string): SemconvMessage | undefined {
  const message = obj(value);
  if (!message) return undefined;
  const type = messageType(message);
  const parts: SemconvMessage['parts'] = [];
  const content = text(message.content);
  if (type === 'tool' || type === 'function') {
    parts.push({ type: 'tool_call_response', id: message.tool_call_id as string | undefined, response: content ?? message.content });
  } else if (content) {
    parts.push({ type: 'text', content });
  }
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls.map(obj)) {
      if (call) parts.push({ type: 'tool_call', id: call.id as string | undefined, name: String(call.name), arguments: call.args });
    }
  }
  const result: SemconvMessage = { role: ROLE_BY_TYPE[type] ?? type, parts };
  if (finishReason) result.finish_reason = finishReason;
  return result;
}

/** The prompt of one chat-model run: LangChain passes `BaseMessage[][]`, one list per prompt. */
export function inputMessages(messages: unknown): SemconvMessage[] {
  const first = Array.isArray(messages) ? messages[0] : undefined;
  return Array.isArray(first) ? first.map(m => toSemconvMessage(m)).filter((m): m is SemconvMessage => m !== undefined) : [];
}

/** The completion(s) of a finished run: chat generations carry a message, text-completion ones only `text`. */
export function outputMessages(output: unknown): SemconvMessage[] {
  return generations(output)
    .map(generation => {
      const reason = obj(generation.generationInfo)?.finish_reason as string | undefined;
      if (generation.message) return toSemconvMessage(generation.message, reason);
      return typeof generation.text === 'string'
        ? { role: 'assistant', parts: [{ type: 'text' as const, content: generation.text }], ...(reason ? { finish_reason: reason } : {}) }
        : undefined;
    })
    .filter((m): m is SemconvMessage => m !== undefined);
}

/** Plain-text prompts of a text-completion run, as user messages. */
export function promptMessages(prompts: unknown): SemconvMessage[] {
  return Array.isArray(prompts) ? prompts.slice(0, 1).map(p => ({ role: 'user', parts: [{ type: 'text' as const, content: String(p) }] })) : [];
}

/** A tool's result as recorded: a ToolMessage's content, else the value itself. */
export function toolResult(output: unknown): unknown {
  const message = obj(output);
  if (message && 'content' in message && (messageType(message) === 'tool' || 'tool_call_id' in message)) return message.content;
  return output;
}

/** The tool call a tool's output answers, when it is a ToolMessage. */
export function toolCallIdOf(output: unknown): string | undefined {
  const id = obj(output)?.tool_call_id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
