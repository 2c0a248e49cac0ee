/*
 * LanguageModel prompts and results → the semconv JSON message format
 * (gen_ai.system_instructions, gen_ai.input.messages, gen_ai.output.messages).
 * Only called when captureContent is on (content.ts builds them lazily).
 * https://github.com/open-telemetry/semantic-conventions/blob/v1.41.1/docs/gen-ai/gen-ai-spans.md
 *
 * The prompt a provider receives is the same shape in specification v2, v3
 * and v4: `{ role: 'system', content: string }` or `{ role, content: part[] }`
 * with parts `text`, `file`, `reasoning`, `tool-call` (`input`) and
 * `tool-result` (`output`).
 */
import type { SemconvMessage } from '../content.js';
import { asObject, str } from './attributes.js';

type Part = SemconvMessage['parts'][number];

function toPart(raw: unknown): Part | undefined {
  const p = asObject(raw);
  switch (p?.type) {
    case 'text':
      return typeof p.text === 'string' ? { type: 'text', content: p.text } : undefined;
    case 'tool-call':
      return { type: 'tool_call', id: str(p.toolCallId), name: String(p.toolName ?? ''), arguments: parseJson(p.input) };
    case 'tool-result':
      return { type: 'tool_call_response', id: str(p.toolCallId), response: p.output ?? p.result };
    default:
      // files, reasoning and sources are not recorded
      return undefined;
  }
}

/** Tool-call input arrives as a JSON string in results and as a value in prompts. */
function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function systemInstructions(prompt: unknown): Part[] | undefined {
  if (!Array.isArray(prompt)) return undefined;
  const parts: Part[] = [];
  for (const message of prompt) {
    const m = asObject(message);
    if (m?.role === 'system' && typeof m.content === 'string') parts.push({ type: 'text', content: m.content });
  }
  return parts.length > 0 ? parts : undefined;
}

export function inputMessages(prompt: unknown): SemconvMessage[] | undefined {
  if (!Array.isArray(prompt)) return undefined;
  const messages: SemconvMessage[] = [];
  for (const message of prompt) {
    const m = asObject(message);
    const role = str(m?.role);
    if (!m || !role || role === 'system') continue;
    const parts = Array.isArray(m.content)
      ? m.content.map(toPart).filter((p): p is Part => p !== undefined)
      : typeof m.content === 'string'
        ? [{ type: 'text' as const, content: m.content }]
        : [];
    messages.push({ role, parts });
  }
  return messages;
}

/** The assistant message of a doGenerate result (`content` parts) or of a stream's collected parts. */
export function outputMessages(content: unknown, finishReason: string | undefined): SemconvMessage[] | undefined {
  if (!Array.isArray(content)) return undefined;
  const parts = content.map(toPart).filter((p): p is Part => p !== undefined);
  const message: SemconvMessage = { role: 'assistant', parts };
  if (finishReason) message.finish_reason = finishReason;
  return [message];
}
