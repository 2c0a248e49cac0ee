import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResolvedConfig } from '../config.js';
import type { InstrumentationEntry } from './types.js';
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
const ENTRIES: InstrumentationEntry[] = [
  { name: 'ioredis', create: createIORedisInstrumentation },
  { name: 'redis', create: createRedisInstrumentation },
  { name: 'anthropic', create: config => new AnthropicInstrumentation(config) },
  { name: 'openai', create: config => new OpenAIInstrumentation(config) },
  { name: 'ai-sdk', create: config => new AiSdkInstrumentation(config) },
  { name: 'langchain', create: config => new LangChainInstrumentation(config) },
  { name: 'openai-agents', create: config => new OpenAIAgentsInstrumentation(config) },
  { name: 'mcp', create: config => new McpClientInstrumentation(config) },
];

export function defaultInstrumentations(config: ResolvedConfig): Instrumentation[] {
  const disabled = new Set(config.disabledInstrumentations);
  const shared = { captureContent: config.captureContent, contentMaxLength: config.contentMaxLength };
  return ENTRIES.filter(entry => !disabled.has(entry.name)).map(entry => entry.create(shared));
}

/** Names accepted by `disabledInstrumentations`. */
export function instrumentationNames(): string[] {
  return ENTRIES.map(entry => entry.name);
}
