/*
 * Copy of unstable semantic convention definitions the engine reads.
 *
 * The gen_ai.* and db.* names are incubating in @opentelemetry/semantic-conventions
 * (as of semconv 1.37); incubating entry points are not meant to be imported by
 * libraries, so the names the classifier needs are copied here. The agentmeter.*
 * names are ours and must match packages/sdk/src/semconv.ts.
 */

export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_WORKFLOW_NAME = 'gen_ai.workflow.name';

export const ATTR_DB_SYSTEM_NAME = 'db.system.name';
/** Deprecated in semconv 1.26 in favour of db.system.name; still emitted by many instrumentations. */
export const ATTR_DB_SYSTEM = 'db.system';
export const ATTR_DB_OPERATION_NAME = 'db.operation.name';
/** Deprecated in semconv 1.26 in favour of db.operation.name. */
export const ATTR_DB_OPERATION = 'db.operation';

export const ATTR_AGENTMETER_WORKFLOW_NAME = 'agentmeter.workflow.name';
export const ATTR_AGENTMETER_STATE_OPERATION = 'agentmeter.state.operation';
export const ATTR_AGENTMETER_STATE_STORE = 'agentmeter.state.store';
export const ATTR_AGENTMETER_SERIALIZATION_TARGET = 'agentmeter.serialization.target';

/** gen_ai.operation.name values, from the GenAI spans and agent spans conventions. */
export const GEN_AI_OPERATION_INVOKE_AGENT = 'invoke_agent';
export const GEN_AI_OPERATION_CREATE_AGENT = 'create_agent';
export const GEN_AI_OPERATION_CHAT = 'chat';
export const GEN_AI_OPERATION_TEXT_COMPLETION = 'text_completion';
export const GEN_AI_OPERATION_EMBEDDINGS = 'embeddings';
export const GEN_AI_OPERATION_GENERATE_CONTENT = 'generate_content';
export const GEN_AI_OPERATION_EXECUTE_TOOL = 'execute_tool';
export const GEN_AI_OPERATION_INVOKE_WORKFLOW = 'invoke_workflow';
