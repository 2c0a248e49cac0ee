import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResolvedConfig } from '../config.js';
import type { AgentmeterInstrumentationConfig } from './types.js';
import { INSTRUMENTATION_NAMES, type InstrumentationName } from './names.js';
import { createIORedisInstrumentation, createRedisInstrumentation } from './redis/instrumentation.js';
import { AnthropicInstrumentation } from './anthropic/instrumentation.js';
import { OpenAIInstrumentation } from './openai/instrumentation.js';
import { AiSdkInstrumentation } from './ai-sdk/instrumentation.js';
import { LangChainInstrumentation } from './langchain/instrumentation.js';
import { OpenAIAgentsInstrumentation } from './openai-agents/instrumentation.js';
import { McpClientInstrumentation } from './mcp/instrumentation.js';

/**
 * The auto-instrumentations register() enables, minus those named in
 * `disabledInstrumentations` (option) / AGENTMETER_DISABLED_INSTRUMENTATIONS
 * (env). Each is an InstrumentationBase, so it hooks both `require` and ESM
 * `import` of its library, and does nothing if the library is not installed.
 */
const FACTORIES: Record<InstrumentationName, (config: AgentmeterInstrumentationConfig) => Instrumentation> = {
  ioredis: createIORedisInstrumentation,
  redis: createRedisInstrumentation,
  anthropic: config => new AnthropicInstrumentation(config),
  openai: config => new OpenAIInstrumentation(config),
  'ai-sdk': config => new AiSdkInstrumentation(config),
  langchain: config => new LangChainInstrumentation(config),
  'openai-agents': config => new OpenAIAgentsInstrumentation(config),
  mcp: config => new McpClientInstrumentation(config),
};

export function defaultInstrumentations(config: ResolvedConfig): Instrumentation[] {
  const disabled = new Set(config.disabledInstrumentations);
  const shared = { captureContent: config.captureContent, contentMaxLength: config.contentMaxLength };
  return INSTRUMENTATION_NAMES.filter(name => !disabled.has(name)).map(name => FACTORIES[name](shared));
}
