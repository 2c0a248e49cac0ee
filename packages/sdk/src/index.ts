/**
 * @agentmeter/sdk — call register() at service start; agents, tools, LLM
 * calls and state I/O become OpenTelemetry spans (GenAI semantic conventions)
 * with tokens and cost, and Prometheus metrics with a per-request analysis.
 */
export { register } from './register.js';
export type { AgentmeterHandle } from './register.js';
export type {
  AgentmeterOptions,
  AnalysisOptions,
  ModelPrice,
  OtlpOptions,
  PrometheusOptions,
} from './options.js';
export { AgentmeterConfigError } from './errors.js';

export { withAgent, withLLM, withSerialization, withState, withTool, withWorkflow } from './manual/api.js';
export type { AgentSpec, LLMSpec, StateSpec, ToolSpec } from './manual/api.js';
export { agent, tool, workflow } from './manual/decorators.js';
export type { BytesHandle, LLMHandle, SpanHandle } from './manual/handles.js';
export type { Usage } from './genai/usage.js';

export { AgentmeterSpanProcessor } from './processor/agentmeter-span-processor.js';
export type { AgentmeterSpanProcessorOptions } from './processor/agentmeter-span-processor.js';
export { formatProfile } from '@agentmeter/analysis';
export type { Finding, TraceAnalysis } from '@agentmeter/analysis';

export { instrumentStore } from './state/instrument-store.js';
export type { InstrumentStoreOptions } from './state/instrument-store.js';
export type { StateOperation, StoreMethods } from './state/store-operations.js';
export { instrumentCache } from './state/instrument-cache.js';
export type { InstrumentCacheOptions } from './state/instrument-cache.js';
