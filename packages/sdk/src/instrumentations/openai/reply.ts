import type { Attributes, Span } from '@opentelemetry/api';
import { readUsage } from '../../genai/usage.js';
import { setUsage } from '../../manual/handles.js';
import {
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  EVENT_AGENTMETER_TOOL_CALL_REQUESTED,
} from '../../semconv.js';
import { captureContent, type SemconvMessage } from '../content.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';

/** A tool call the model asked for. `arguments` is the raw JSON text the model produced. */
export interface ToolCallSummary {
  id?: string;
  name: string;
  type: string;
  arguments?: string;
}

/**
 * What a reply (a parsed body, or everything a stream delivered) says about
 * the call, in one shape for the three operations, streamed or not.
 */
export interface ReplySummary {
  id?: string;
  model?: string;
  finishReasons?: string[];
  /** The provider's `usage` object, read by genai/usage.ts. */
  usage?: unknown;
  serviceTier?: string;
  systemFingerprint?: string;
  toolCalls: ToolCallSummary[];
  /** Operation-specific attributes (e.g. gen_ai.embeddings.dimension.count). */
  attributes?: Attributes;
  /** Set when the reply itself reports a failure (a Responses `status: failed`): its error.type. */
  errorType?: string;
  /** The reply in the semconv output-message format; called only with captureContent. */
  output?: () => SemconvMessage[];
}

/**
 * Sets the gen_ai.response.* and gen_ai.usage.* attributes of a reply and
 * one `agentmeter.tool_call.requested` event per requested tool call (name,
 * id and type; the arguments only with captureContent).
 */
export function recordReply(span: Span, reply: ReplySummary, config: AgentmeterInstrumentationConfig): void {
  if (reply.id) span.setAttribute(ATTR_GEN_AI_RESPONSE_ID, reply.id);
  if (reply.model) span.setAttribute(ATTR_GEN_AI_RESPONSE_MODEL, reply.model);
  if (reply.finishReasons && reply.finishReasons.length > 0) {
    span.setAttribute(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, reply.finishReasons);
  }
  if (reply.serviceTier) span.setAttribute(ATTR_OPENAI_RESPONSE_SERVICE_TIER, reply.serviceTier);
  if (reply.systemFingerprint) span.setAttribute(ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT, reply.systemFingerprint);
  if (reply.attributes) span.setAttributes(reply.attributes);
  const usage = readUsage(reply.usage);
  if (usage) setUsage(span, usage);
  for (const call of reply.toolCalls) {
    const attributes: Attributes = { [ATTR_GEN_AI_TOOL_NAME]: call.name, [ATTR_GEN_AI_TOOL_TYPE]: call.type };
    if (call.id) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = call.id;
    if (config.captureContent && call.arguments !== undefined) {
      attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = truncate(call.arguments, config);
    }
    span.addEvent(EVENT_AGENTMETER_TOOL_CALL_REQUESTED, attributes);
  }
  if (reply.output) captureContent(span, config, ATTR_GEN_AI_OUTPUT_MESSAGES, reply.output);
}

/** The same truncation captureContent applies, for event attributes. */
function truncate(text: string, config: AgentmeterInstrumentationConfig): string {
  const max = config.contentMaxLength ?? 8192;
  return text.length > max ? `${text.slice(0, max)}…[truncated]` : text;
}
