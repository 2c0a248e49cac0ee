import { SpanKind, type Attributes } from '@opentelemetry/api';
import {
  ATTR_AGENTMETER_SEQUENTIAL,
  ATTR_AGENTMETER_SERIALIZATION_TARGET,
  ATTR_AGENTMETER_STATE_KEY,
  ATTR_AGENTMETER_STATE_OPERATION,
  ATTR_AGENTMETER_STATE_STORE,
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW,
} from '../semconv.js';
import { BytesHandle, LLMHandle, SpanHandle } from './handles.js';
import { withSpan, type SpanKindHooks } from './with-span.js';

/** Marks a call that depends on the previous sibling, so it is never reported as sequential fan-out. */
interface Sequential {
  sequential?: boolean;
}
export interface AgentSpec extends Sequential {
  name: string;
  id?: string;
  description?: string;
  /** gen_ai.provider.name of a remote agent service, if any. */
  provider?: string;
}
export interface ToolSpec extends Sequential {
  name: string;
  callId?: string;
  /** `function` (default), `extension` or `datastore` (semconv gen_ai.tool.type). */
  type?: 'function' | 'extension' | 'datastore';
  description?: string;
}
export interface LLMSpec extends Sequential {
  /** gen_ai.provider.name, e.g. `openai`, `anthropic`, `gcp.gemini`. */
  provider: string;
  model: string;
  /** gen_ai.operation.name: `chat` (default), `text_completion`, `embeddings`, `generate_content`. */
  operation?: string;
}
export interface StateSpec {
  /** A low-cardinality name of the store, e.g. `redis`, `session-store`. */
  store: string;
  operation: 'read' | 'write' | 'delete';
  /** Recorded on the span as given (never on metrics). */
  key?: string;
}

const plain: SpanKindHooks<SpanHandle> = { handle: span => new SpanHandle(span) };
const bytes: SpanKindHooks<BytesHandle> = { handle: span => new BytesHandle(span) };
const llm: SpanKindHooks<LLMHandle> = {
  handle: span => new LLMHandle(span),
  onResult: (handle, result) => handle._onResult(result),
  onFirstChunk: handle => handle._onFirstChunk(),
  onChunk: (handle, chunk) => handle._onChunk(chunk),
  beforeEnd: handle => handle._beforeEnd(),
};

function sequential(attributes: Attributes, spec: Sequential): Attributes {
  if (spec.sequential) attributes[ATTR_AGENTMETER_SEQUENTIAL] = true;
  return attributes;
}

/** One request through a multi-agent system: `invoke_workflow {name}`. */
export function withWorkflow<R>(name: string, fn: (handle: SpanHandle) => R): R {
  return withSpan(
    `invoke_workflow ${name}`,
    SpanKind.INTERNAL,
    { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW, [ATTR_GEN_AI_WORKFLOW_NAME]: name },
    plain,
    fn,
  );
}

/** An agent invocation: `invoke_agent {name}` (INTERNAL: an in-process agent). */
export function withAgent<R>(agent: string | AgentSpec, fn: (handle: SpanHandle) => R): R {
  const spec = typeof agent === 'string' ? { name: agent } : agent;
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: spec.name,
  };
  if (spec.id) attributes[ATTR_GEN_AI_AGENT_ID] = spec.id;
  if (spec.description) attributes[ATTR_GEN_AI_AGENT_DESCRIPTION] = spec.description;
  if (spec.provider) attributes[ATTR_GEN_AI_PROVIDER_NAME] = spec.provider;
  return withSpan(`invoke_agent ${spec.name}`, SpanKind.INTERNAL, sequential(attributes, spec), plain, fn);
}

/** A tool execution: `execute_tool {name}`. */
export function withTool<R>(tool: string | ToolSpec, fn: (handle: SpanHandle) => R): R {
  const spec = typeof tool === 'string' ? { name: tool } : tool;
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: spec.name,
    [ATTR_GEN_AI_TOOL_TYPE]: spec.type ?? 'function',
  };
  if (spec.callId) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = spec.callId;
  if (spec.description) attributes[ATTR_GEN_AI_TOOL_DESCRIPTION] = spec.description;
  return withSpan(`execute_tool ${spec.name}`, SpanKind.INTERNAL, sequential(attributes, spec), plain, fn);
}

/**
 * An LLM call: `{operation} {model}` (CLIENT). Tokens come from
 * `handle.recordUsage()`, else from an OpenAI- or Anthropic-shaped `usage` on
 * the reply or its stream chunks; cost is added by the span processor.
 */
export function withLLM<R>(spec: LLMSpec, fn: (handle: LLMHandle) => R): R {
  const operation = spec.operation ?? 'chat';
  const attributes: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: operation,
    [ATTR_GEN_AI_PROVIDER_NAME]: spec.provider,
    [ATTR_GEN_AI_REQUEST_MODEL]: spec.model,
  };
  return withSpan(`${operation} ${spec.model}`, SpanKind.CLIENT, sequential(attributes, spec), llm, fn);
}

/** A read, write or delete of shared state: `{operation} {store}`. */
export function withState<R>(spec: StateSpec, fn: (handle: BytesHandle) => R): R {
  const attributes: Attributes = {
    [ATTR_AGENTMETER_STATE_STORE]: spec.store,
    [ATTR_AGENTMETER_STATE_OPERATION]: spec.operation,
  };
  if (spec.key !== undefined) attributes[ATTR_AGENTMETER_STATE_KEY] = spec.key;
  return withSpan(`${spec.operation} ${spec.store}`, SpanKind.INTERNAL, attributes, bytes, fn);
}

/** Serializing or parsing a message between agents: `serialize {what}`. */
export function withSerialization<R>(what: string, fn: (handle: BytesHandle) => R): R {
  return withSpan(`serialize ${what}`, SpanKind.INTERNAL, { [ATTR_AGENTMETER_SERIALIZATION_TARGET]: what }, bytes, fn);
}
