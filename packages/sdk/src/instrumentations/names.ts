/**
 * Names of the auto-instrumentations register() enables, as `disabledInstrumentations`
 * and AGENTMETER_DISABLED_INSTRUMENTATIONS take them. A module of its own so the option
 * schema can check names without loading the instrumentations.
 */
export const INSTRUMENTATION_NAMES = ['ioredis', 'redis', 'anthropic', 'openai', 'ai-sdk', 'langchain', 'openai-agents', 'mcp'] as const;

export type InstrumentationName = (typeof INSTRUMENTATION_NAMES)[number];
