// STAGED: moves into packages/sdk/src/semconv.ts at the end of this work.
export const ATTR_MCP_METHOD_NAME = 'mcp.method.name';
export const ATTR_MCP_SESSION_ID = 'mcp.session.id';
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version';
export const ATTR_RPC_RESPONSE_STATUS_CODE = 'rpc.response.status_code';
export const ATTR_NETWORK_TRANSPORT = 'network.transport';
export const ERROR_TYPE_VALUE_TOOL_ERROR = 'tool_error';
export const GEN_AI_TOOL_TYPE_VALUE_FUNCTION = 'function';
export const GEN_AI_TOOL_TYPE_VALUE_EXTENSION = 'extension';
export const ATTR_AGENTMETER_HANDOFF_FROM_AGENT = 'agentmeter.handoff.from_agent';
export const ATTR_AGENTMETER_HANDOFF_TO_AGENT = 'agentmeter.handoff.to_agent';
export const ATTR_AGENTMETER_GUARDRAIL_NAME = 'agentmeter.guardrail.name';
export const ATTR_AGENTMETER_GUARDRAIL_TRIGGERED = 'agentmeter.guardrail.triggered';
export const ATTR_AGENTMETER_MCP_SERVER_NAME = 'agentmeter.mcp.server.name';
export const ATTR_AGENTMETER_OPENAI_AGENTS_TRACE_ID = 'agentmeter.openai_agents.trace_id';
