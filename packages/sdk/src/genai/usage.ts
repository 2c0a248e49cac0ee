/**
 * Token usage read from provider-shaped objects, normalised to the semconv
 * meaning: `input` counts ALL input tokens, cached ones included
 * (gen_ai.usage.input_tokens), and the cache/reasoning counts are subsets.
 *
 * Shapes understood:
 * - OpenAI Chat Completions `usage`: prompt_tokens, completion_tokens,
 *   prompt_tokens_details.cached_tokens, completion_tokens_details.reasoning_tokens
 *   https://platform.openai.com/docs/api-reference/chat/object#chat/object-usage
 * - OpenAI Responses `usage`: input_tokens, output_tokens,
 *   input_tokens_details.cached_tokens, output_tokens_details.reasoning_tokens
 * - Anthropic Messages `usage`: input_tokens EXCLUDES cache reads and writes,
 *   which come as cache_read_input_tokens / cache_creation_input_tokens, so
 *   they are added back to get the semconv total.
 *   https://docs.anthropic.com/en/api/messages#response-usage
 */
export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheCreationInputTokens?: number;
  reasoningOutputTokens?: number;
}

type Obj = Record<string, unknown>;

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

const obj = (value: unknown): Obj | undefined =>
  value !== null && typeof value === 'object' ? (value as Obj) : undefined;

/** Reads a provider `usage` object; undefined when it has no known token field. */
export function readUsage(raw: unknown): Usage | undefined {
  const u = obj(raw);
  if (!u) return undefined;
  if ('prompt_tokens' in u || 'completion_tokens' in u) {
    return {
      inputTokens: num(u.prompt_tokens),
      outputTokens: num(u.completion_tokens),
      cacheReadInputTokens: num(obj(u.prompt_tokens_details)?.cached_tokens),
      reasoningOutputTokens: num(obj(u.completion_tokens_details)?.reasoning_tokens),
    };
  }
  if ('cache_read_input_tokens' in u || 'cache_creation_input_tokens' in u) {
    const cacheRead = num(u.cache_read_input_tokens);
    const cacheCreation = num(u.cache_creation_input_tokens);
    const uncached = num(u.input_tokens);
    const input =
      uncached === undefined && cacheRead === undefined && cacheCreation === undefined
        ? undefined
        : (uncached ?? 0) + (cacheRead ?? 0) + (cacheCreation ?? 0);
    return { inputTokens: input, outputTokens: num(u.output_tokens), cacheReadInputTokens: cacheRead, cacheCreationInputTokens: cacheCreation };
  }
  if ('input_tokens' in u || 'output_tokens' in u) {
    return {
      inputTokens: num(u.input_tokens),
      outputTokens: num(u.output_tokens),
      cacheReadInputTokens: num(obj(u.input_tokens_details)?.cached_tokens),
      reasoningOutputTokens: num(obj(u.output_tokens_details)?.reasoning_tokens),
    };
  }
  return undefined;
}

/** Usage and model of a non-streamed reply object (`{ model, usage }`), if it has them. */
export function readReply(value: unknown): { usage?: Usage; model?: string } | undefined {
  const reply = obj(value);
  if (!reply || !('usage' in reply)) return undefined;
  return { usage: readUsage(reply.usage), model: typeof reply.model === 'string' ? reply.model : undefined };
}

/**
 * Collects usage from the chunks of a streamed reply: OpenAI chat chunks
 * (final chunk carries `usage` when stream_options.include_usage is set),
 * OpenAI Responses events (`response.completed`), Anthropic events
 * (`message_start` has input usage, `message_delta` cumulative output usage).
 */
export class StreamUsage {
  usage: Usage | undefined;
  model: string | undefined;

  add(chunk: unknown): void {
    const c = obj(chunk);
    if (!c) return;
    const type = c.type;
    if (type === 'message_start') {
      const message = obj(c.message);
      this._merge(readUsage(message?.usage));
      if (typeof message?.model === 'string') this.model = message.model;
      return;
    }
    if (type === 'message_delta') {
      this._merge(readUsage(c.usage));
      return;
    }
    if (typeof type === 'string' && type.startsWith('response.')) {
      const response = obj(c.response);
      if (response?.usage) this._merge(readUsage(response.usage));
      if (typeof response?.model === 'string') this.model = response.model;
      return;
    }
    if (typeof c.model === 'string') this.model = c.model;
    if (c.usage) this._merge(readUsage(c.usage));
  }

  private _merge(next: Usage | undefined): void {
    if (!next) return;
    const merged: Usage = { ...this.usage };
    for (const key of Object.keys(next) as Array<keyof Usage>) {
      const value = next[key];
      // Anthropic's message_delta repeats input fields as 0 in older API versions: keep the larger.
      if (value !== undefined) merged[key] = Math.max(value, merged[key] ?? 0);
    }
    this.usage = merged;
  }
}
