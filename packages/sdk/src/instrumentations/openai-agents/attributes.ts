import { SpanKind, type Attributes } from '@opentelemetry/api';
import { readUsage, type Usage } from '../../genai/usage.js';
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ERROR_TYPE_VALUE_OTHER,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '../../semconv.js';
import {
  ATTR_AGENTMETER_GUARDRAIL_NAME,
  ATTR_AGENTMETER_GUARDRAIL_TRIGGERED,
  ATTR_AGENTMETER_HANDOFF_FROM_AGENT,
  ATTR_AGENTMETER_HANDOFF_TO_AGENT,
  ATTR_AGENTMETER_MCP_SERVER_NAME,
  ATTR_MCP_METHOD_NAME,
  GEN_AI_TOOL_TYPE_VALUE_EXTENSION,
  GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
} from './staged-semconv.js';
import type { AgentsSpanError } from './types.js';

/*
 * Pure mapping from Agents SDK span data to OpenTelemetry span names, kinds
 * and attributes (GenAI semconv v1.41.1 where it defines the thing,
 * agentmeter.* otherwise). Span data of @openai/agents-core 0.20
 * (`dist/tracing/spans.d.ts`); unknown fields are ignored.
 */

type Data = { type: string; [key: string]: unknown };
type Obj = Record<string, unknown>;

/**
 * What an SDK span becomes. `skip`: the SDK's own structure (task = one
 * Runner.run, turn = one model round), which has no meaning in the agentmeter
 * span model; its children hang under its nearest mapped ancestor.
 */
export type Role = 'skip' | 'agent' | 'llm' | 'tool' | 'handoff' | 'guardrail' | 'other';

export interface StartSpec {
  role: Role;
  name: string;
  kind: SpanKind;
  attributes: Attributes;
}

/** Set when the span starts inside a wrapped model call (see wrappers.ts). */
export interface ModelCallInfo {
  provider?: string;
  requestModel?: string;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);
const obj = (value: unknown): Obj | undefined => (value !== null && typeof value === 'object' ? (value as Obj) : undefined);
const withName = (prefix: string, name: string | undefined): string => (name ? `${prefix} ${name}` : prefix);

export function startSpec(data: Data, modelCall: ModelCallInfo | undefined): StartSpec {
  switch (data.type) {
    case 'agent': {
      const name = str(data.name);
      const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT };
      if (name) attributes[ATTR_GEN_AI_AGENT_NAME] = name;
      return { role: 'agent', name: withName('invoke_agent', name), kind: SpanKind.INTERNAL, attributes };
    }
    case 'response':
    case 'generation': {
      // response spans come only from the OpenAI Responses API models.
      const provider = modelCall?.provider ?? (data.type === 'response' ? 'openai' : undefined);
      const model = modelCall?.requestModel ?? str(data.model);
      const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_CHAT };
      if (provider) attributes[ATTR_GEN_AI_PROVIDER_NAME] = provider;
      if (model) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
      return { role: 'llm', name: withName('chat', model), kind: SpanKind.CLIENT, attributes };
    }
    case 'function': {
      const name = str(data.name);
      const attributes: Attributes = {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
        [ATTR_GEN_AI_TOOL_TYPE]: GEN_AI_TOOL_TYPE_VALUE_FUNCTION,
      };
      if (name) attributes[ATTR_GEN_AI_TOOL_NAME] = name;
      return { role: 'tool', name: withName('execute_tool', name), kind: SpanKind.INTERNAL, attributes };
    }
    case 'handoff': {
      const from = str(data.from_agent);
      const attributes: Attributes = {};
      if (from) attributes[ATTR_AGENTMETER_HANDOFF_FROM_AGENT] = from;
      return { role: 'handoff', name: withName('handoff', from), kind: SpanKind.INTERNAL, attributes };
    }
    case 'guardrail': {
      const name = str(data.name);
      const attributes: Attributes = {};
      if (name) attributes[ATTR_AGENTMETER_GUARDRAIL_NAME] = name;
      return { role: 'guardrail', name: withName('guardrail', name), kind: SpanKind.INTERNAL, attributes };
    }
    case 'mcp_tools': {
      const server = str(data.server);
      const attributes: Attributes = { [ATTR_MCP_METHOD_NAME]: 'tools/list' };
      if (server) attributes[ATTR_AGENTMETER_MCP_SERVER_NAME] = server;
      return { role: 'other', name: withName('tools/list', server), kind: SpanKind.INTERNAL, attributes };
    }
    case 'custom':
      return { role: 'other', name: str(data.name) ?? 'custom', kind: SpanKind.INTERNAL, attributes: {} };
    case 'transcription':
    case 'speech':
    case 'speech_group':
      return { role: 'other', name: withName(data.type, str(data.model)), kind: SpanKind.INTERNAL, attributes: {} };
    default:
      // task, turn, and types a later SDK version adds.
      return { role: 'skip', name: data.type, kind: SpanKind.INTERNAL, attributes: {} };
  }
}

export interface EndUpdate {
  /** A better span name, known only now (the model, the handoff target). */
  name?: string;
  attributes: Attributes;
  usage?: Usage;
}

/** What the span's data says once it has ended. */
export function endUpdate(data: Data, role: Role, requestModel: string | undefined): EndUpdate {
  const attributes: Attributes = {};
  switch (role) {
    case 'llm': {
      const reply = llmReply(data);
      const model = requestModel ?? str(data.model);
      if (model) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
      if (reply.model) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = reply.model;
      if (reply.id) attributes[ATTR_GEN_AI_RESPONSE_ID] = reply.id;
      if (reply.finishReasons.length > 0) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = reply.finishReasons;
      return { name: withName('chat', model ?? reply.model), attributes, usage: reply.usage };
    }
    case 'tool':
      if (data.mcp_data !== undefined && data.mcp_data !== null) attributes[ATTR_GEN_AI_TOOL_TYPE] = GEN_AI_TOOL_TYPE_VALUE_EXTENSION;
      return { attributes };
    case 'handoff': {
      const from = str(data.from_agent);
      const to = str(data.to_agent);
      if (to) attributes[ATTR_AGENTMETER_HANDOFF_TO_AGENT] = to;
      return { name: to ? `handoff ${from ?? '?'} -> ${to}` : undefined, attributes };
    }
    case 'guardrail':
      if (typeof data.triggered === 'boolean') attributes[ATTR_AGENTMETER_GUARDRAIL_TRIGGERED] = data.triggered;
      return { attributes };
    default:
      return { attributes };
  }
}

interface Reply {
  model?: string;
  id?: string;
  usage?: Usage;
  finishReasons: string[];
}

/**
 * The model's reply: a `response` span keeps the whole Responses API object
 * in `_response`, a `generation` span (Chat Completions) keeps the completion
 * in `output[0]` and sometimes a normalised `usage`. Both only when the run
 * traces sensitive data (`traceIncludeSensitiveData`, default true).
 */
function llmReply(data: Data): Reply {
  const response = obj(data._response) ?? obj(Array.isArray(data.output) ? data.output[0] : undefined);
  const choices = Array.isArray(response?.choices) ? response.choices : [];
  return {
    model: str(response?.model),
    id: str(data.response_id) ?? str(response?.id),
    usage: readUsage(response?.usage) ?? readUsage(data.usage),
    finishReasons: choices.map(choice => str(obj(choice)?.finish_reason)).filter((r): r is string => r !== undefined),
  };
}

/**
 * error.type when no code saw the error object: the SDK records
 * `String(error)` ("ToolCallError: …") in `data.error` when sensitive data may
 * be traced; its leading class name is low-cardinality. Otherwise `_OTHER`.
 */
export function fallbackErrorType(error: AgentsSpanError | null): string {
  const text = str(obj(error?.data)?.error);
  const match = text ? /^([A-Za-z_$][\w$]{0,63}):/.exec(text) : null;
  return match ? match[1] : ERROR_TYPE_VALUE_OTHER;
}
