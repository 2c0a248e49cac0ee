/*
 * Copy of unstable semantic convention definitions used by this package.
 *
 * The gen_ai.* names are those of the OpenTelemetry GenAI semantic conventions
 * v1.41.1 (the last release of the main semconv repository that carries them;
 * since @opentelemetry/semantic-conventions 1.42.0 their exports are deprecated
 * and "moved to semantic-conventions-genai"). The package README asks
 * instrumentations to copy incubating definitions rather than import
 * `/incubating` at runtime, which is what this file does.
 * https://github.com/open-telemetry/semantic-conventions/blob/v1.41.1/docs/gen-ai/gen-ai-spans.md
 *
 * Names under `agentmeter.*` are this project's own and live here too, so that
 * every attribute and metric name is spelled in exactly one place.
 */

// --- GenAI attributes (semconv v1.41.1, Development) ---
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
export const ATTR_GEN_AI_AGENT_ID = 'gen_ai.agent.id';
export const ATTR_GEN_AI_AGENT_DESCRIPTION = 'gen_ai.agent.description';
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description';
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
export const ATTR_GEN_AI_WORKFLOW_NAME = 'gen_ai.workflow.name';
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';

export const GEN_AI_OPERATION_NAME_VALUE_CHAT = 'chat';
export const GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION = 'text_completion';
export const GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS = 'embeddings';
export const GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT = 'generate_content';
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT = 'invoke_agent';
export const GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL = 'execute_tool';
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW = 'invoke_workflow';

export const GEN_AI_TOKEN_TYPE_VALUE_INPUT = 'input';
export const GEN_AI_TOKEN_TYPE_VALUE_OUTPUT = 'output';

// --- GenAI metrics (semconv v1.41.1) and their advised bucket boundaries ---
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk';
export const GEN_AI_DURATION_BUCKETS = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
export const GEN_AI_TOKEN_BUCKETS = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

// --- Stable general attributes ---
export const ATTR_ERROR_TYPE = 'error.type';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ERROR_TYPE_VALUE_OTHER = '_OTHER';

// --- agentmeter attributes ---
export const ATTR_AGENTMETER_COST_USD = 'agentmeter.cost.usd';
export const ATTR_AGENTMETER_STATE_STORE = 'agentmeter.state.store';
export const ATTR_AGENTMETER_STATE_OPERATION = 'agentmeter.state.operation';
export const ATTR_AGENTMETER_STATE_KEY = 'agentmeter.state.key';
export const ATTR_AGENTMETER_SERIALIZATION_TARGET = 'agentmeter.serialization.target';
export const ATTR_AGENTMETER_BYTES = 'agentmeter.bytes';
export const ATTR_AGENTMETER_SEQUENTIAL = 'agentmeter.sequential';
export const ATTR_AGENTMETER_CATEGORY = 'agentmeter.category';
export const ATTR_AGENTMETER_WORKFLOW = 'agentmeter.workflow';

// --- agentmeter metrics ---
export const METRIC_AGENT_DURATION = 'agentmeter.agent.duration';
export const METRIC_TOOL_DURATION = 'agentmeter.tool.duration';
export const METRIC_STATE_DURATION = 'agentmeter.state.duration';
export const METRIC_LLM_TOKENS = 'agentmeter.llm.tokens';
export const METRIC_LLM_COST = 'agentmeter.llm.cost';
export const METRIC_COST_UNKNOWN_MODEL = 'agentmeter.cost.unknown_model';
export const METRIC_INTERNAL_ERRORS = 'agentmeter.internal.errors';
export const METRIC_CARDINALITY_OVERFLOW = 'agentmeter.cardinality.overflow';

/** Buckets for agent/tool/state durations in seconds: 1 ms to ~5 min. */
export const DURATION_BUCKETS_SECONDS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];

// --- agentmeter state I/O and caches (instrumentStore, instrumentCache) ---
export const ATTR_AGENTMETER_STATE_METHOD = 'agentmeter.state.method';
export const ATTR_AGENTMETER_CACHE_NAME = 'agentmeter.cache.name';
export const ATTR_AGENTMETER_CACHE_RESULT = 'agentmeter.cache.result';
export const METRIC_CACHE_REQUESTS = 'agentmeter.cache.requests';
export const METRIC_CACHE_SAVED = 'agentmeter.cache.saved';

// --- added for the Anthropic instrumentation (semconv v1.41.1 request/content names; agentmeter event) ---
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k';
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
/** Span event: the model asked for a tool call (gen_ai.tool.name, gen_ai.tool.call.id; arguments only with captureContent). */
export const EVENT_AGENTMETER_TOOL_CALL_REQUESTED = 'agentmeter.tool_call.requested';

// --- added for the OpenAI instrumentation (semconv v1.41.1 request/response names, openai.* registry) ---
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty';
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty';
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed';
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count';
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats';
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type';
export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count';
export const ATTR_OPENAI_REQUEST_SERVICE_TIER = 'openai.request.service_tier';
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier';
export const ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT = 'openai.response.system_fingerprint';
export const GEN_AI_PROVIDER_NAME_VALUE_OPENAI = 'openai';
export const GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI = 'azure.ai.openai';
