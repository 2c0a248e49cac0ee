/*
 * Provider and model of a LangChain model run, from the serialized model
 * class and LangSmith's `ls_*` metadata (@langchain/core 0.3 and 1.x).
 * Provider names: semconv v1.41.1 gen_ai.provider.name well-known values.
 * https://github.com/open-telemetry/semantic-conventions/blob/v1.41.1/docs/registry/attributes/gen-ai.md
 */
import { obj, type Obj } from './attributes.js';

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** The class name LangChain serializes a runnable under: the last element of `serialized.id`. */
export function className(serialized: unknown): string | undefined {
  const id = obj(serialized)?.id;
  return Array.isArray(id) ? str(id[id.length - 1]) : undefined;
}

/** Chat model class → semconv gen_ai.provider.name (well-known values where one exists). */
const PROVIDER_BY_CLASS: Record<string, string> = {
  ChatOpenAI: 'openai',
  OpenAI: 'openai',
  AzureChatOpenAI: 'azure.ai.openai',
  AzureOpenAI: 'azure.ai.openai',
  ChatAnthropic: 'anthropic',
  ChatAnthropicMessages: 'anthropic',
  ChatGoogleGenerativeAI: 'gcp.gemini',
  ChatGoogle: 'gcp.gen_ai',
  ChatVertexAI: 'gcp.vertex_ai',
  ChatBedrockConverse: 'aws.bedrock',
  BedrockChat: 'aws.bedrock',
  ChatMistralAI: 'mistral_ai',
  ChatGroq: 'groq',
  ChatCohere: 'cohere',
  ChatDeepSeek: 'deepseek',
  ChatXAI: 'x_ai',
  ChatPerplexity: 'perplexity',
  ChatWatsonx: 'ibm.watsonx.ai',
  ChatOllama: 'ollama',
};
/** LangChain's own `ls_provider` metadata → semconv, for classes not listed above. */
const PROVIDER_BY_LS: Record<string, string> = {
  openai: 'openai',
  azure: 'azure.ai.openai',
  anthropic: 'anthropic',
  google_genai: 'gcp.gemini',
  google_vertexai: 'gcp.vertex_ai',
  amazon_bedrock: 'aws.bedrock',
  bedrock: 'aws.bedrock',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  groq: 'groq',
  cohere: 'cohere',
  deepseek: 'deepseek',
  xai: 'x_ai',
};

export function providerName(serialized: unknown, metadata: Obj | undefined): string {
  const cls = className(serialized);
  if (cls && PROVIDER_BY_CLASS[cls]) return PROVIDER_BY_CLASS[cls];
  const ls = str(metadata?.ls_provider)?.toLowerCase();
  if (ls) return PROVIDER_BY_LS[ls] ?? ls;
  return cls ? cls.replace(/^Chat/, '').toLowerCase() : 'langchain';
}

/** The model the app asked for: LangSmith's `ls_model_name`, else the invocation params. */
export function requestModel(extraParams: Obj | undefined, metadata: Obj | undefined): string | undefined {
  const params = obj(extraParams?.invocation_params);
  return (
    str(metadata?.ls_model_name) ??
    str(params?.model) ??
    str(params?.model_name) ??
    str(params?.modelName) ??
    str(params?.modelId) ??
    str(params?.model_id)
  );
}
