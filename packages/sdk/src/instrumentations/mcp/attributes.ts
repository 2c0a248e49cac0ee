import type { Attributes } from '@opentelemetry/api';
import { errorType } from '../../manual/with-span.js';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
} from '../../semconv.js';
import {
  ATTR_AGENTMETER_MCP_SERVER_NAME,
  ATTR_MCP_METHOD_NAME,
  ATTR_MCP_PROTOCOL_VERSION,
  ATTR_MCP_SESSION_ID,
  ATTR_NETWORK_TRANSPORT,
  ERROR_TYPE_VALUE_TOOL_ERROR,
  GEN_AI_TOOL_TYPE_VALUE_EXTENSION,
} from '../openai-agents/staged-semconv.js';

/*
 * Pure mapping of an MCP tools/call to span attributes: the GenAI
 * execute_tool span (tool type `extension`) with the MCP attributes semconv
 * defines for the MCP client span (mcp.method.name, mcp.session.id,
 * mcp.protocol.version, network.transport, server.address/port; error.type
 * `tool_error` or the JSON-RPC error code, rpc.response.status_code).
 * https://github.com/open-telemetry/semantic-conventions/blob/v1.41.1/docs/gen-ai/mcp.md
 */

type Obj = Record<string, unknown>;
const obj = (value: unknown): Obj | undefined => (value !== null && typeof value === 'object' ? (value as Obj) : undefined);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** The MCP-specific part, also added to an Agents SDK tool span that makes the call. */
export function mcpAttributes(client: unknown): Attributes {
  const attributes: Attributes = { [ATTR_MCP_METHOD_NAME]: 'tools/call', [ATTR_GEN_AI_TOOL_TYPE]: GEN_AI_TOOL_TYPE_VALUE_EXTENSION };
  const c = obj(client);
  const serverInfo = typeof c?.getServerVersion === 'function' ? obj((c.getServerVersion as () => unknown).call(client)) : undefined;
  const serverName = str(serverInfo?.name);
  if (serverName) attributes[ATTR_AGENTMETER_MCP_SERVER_NAME] = serverName;
  Object.assign(attributes, transportAttributes(c?.transport));
  return attributes;
}

export function toolCallAttributes(client: unknown, toolName: string | undefined): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL };
  if (toolName) attributes[ATTR_GEN_AI_TOOL_NAME] = toolName;
  return Object.assign(attributes, mcpAttributes(client));
}

/**
 * What the transport tells: its kind (by class name — @modelcontextprotocol/sdk
 * 1.x and @modelcontextprotocol/client 2.x name them alike), the session id
 * and protocol version of the HTTP transports, and their URL.
 */
export function transportAttributes(transport: unknown): Attributes {
  const t = obj(transport);
  if (!t) return {};
  const attributes: Attributes = {};
  const kind = (t.constructor as { name?: string } | undefined)?.name ?? '';
  if (kind.includes('Stdio')) attributes[ATTR_NETWORK_TRANSPORT] = 'pipe';
  else if (/StreamableHTTP|SSE|WebSocket/.test(kind)) attributes[ATTR_NETWORK_TRANSPORT] = 'tcp';
  const sessionId = str(t.sessionId);
  if (sessionId) attributes[ATTR_MCP_SESSION_ID] = sessionId;
  const protocolVersion = str(t.protocolVersion);
  if (protocolVersion) attributes[ATTR_MCP_PROTOCOL_VERSION] = protocolVersion;
  // `_url` of StreamableHTTPClientTransport / SSEClientTransport (sdk 1.32, client 2.4).
  const url = t._url;
  if (url instanceof URL && url.hostname) {
    attributes[ATTR_SERVER_ADDRESS] = url.hostname.replace(/^\[|\]$/g, '');
    const port = url.port ? Number(url.port) : url.protocol === 'https:' || url.protocol === 'wss:' ? 443 : 80;
    attributes[ATTR_SERVER_PORT] = port;
  }
  return attributes;
}

/** A tool result with `isError: true` is a failed call (semconv error.type `tool_error`). */
export function resultErrorType(result: unknown): string | undefined {
  return obj(result)?.isError === true ? ERROR_TYPE_VALUE_TOOL_ERROR : undefined;
}

/**
 * A thrown error: McpError (1.x) / ProtocolError (2.x) carry the JSON-RPC
 * error code, which is the error.type and rpc.response.status_code; anything
 * else is classified by its class (e.g. `SdkError`, `TypeError`).
 */
export function thrownError(error: unknown): { type: string; statusCode?: string } {
  const code = obj(error)?.code;
  if (typeof code === 'number' && Number.isInteger(code)) return { type: String(code), statusCode: String(code) };
  return { type: errorType(error) };
}

/** What a tool returned, for content capture: the structured result when there is one. */
export function resultContent(result: unknown): unknown {
  const r = obj(result);
  return r?.structuredContent ?? r?.content ?? r?.toolResult;
}
