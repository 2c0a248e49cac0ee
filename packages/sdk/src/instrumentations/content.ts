import type { Span } from '@opentelemetry/api';
import type { AgentmeterInstrumentationConfig } from './types.js';

/**
 * Content capture, off by default. Values are built lazily (`() => value`)
 * so nothing is serialized when capture is off; when on, they are JSON
 * (semconv gen_ai.input.messages / gen_ai.output.messages format for
 * messages) truncated to `contentMaxLength` characters.
 */
export function captureContent(
  span: Span,
  config: AgentmeterInstrumentationConfig,
  key: string,
  value: () => unknown,
): void {
  if (!config.captureContent) return;
  try {
    const raw = value();
    if (raw === undefined) return;
    const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
    const max = config.contentMaxLength ?? 8192;
    span.setAttribute(key, text.length > max ? `${text.slice(0, max)}…[truncated]` : text);
  } catch {
    // Content that cannot be serialized is left out.
  }
}

/** A chat message in the semconv JSON message format. */
export interface SemconvMessage {
  role: string;
  parts: Array<
    | { type: 'text'; content: string }
    | { type: 'tool_call'; id?: string; name: string; arguments?: unknown }
    | { type: 'tool_call_response'; id?: string; response: unknown }
  >;
  finish_reason?: string;
}
