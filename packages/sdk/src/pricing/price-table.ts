/**
 * Per-token prices from @pydantic/genai-prices (bundled data: no network, ever;
 * `updatePrices` is never called). It matches dated and aliased model ids,
 * carries cache-read/cache-write rates, dated price changes and tiers.
 * https://github.com/pydantic/genai-prices
 *
 * As of 0.1.8 one `calcPrice` call costs ~9–25 µs (model matching over every
 * provider's rules), too slow for a span processor that prices every LLM span.
 * So a model is matched once per UTC day and its rates are probed at small
 * token counts; below the model's first tier threshold its price is linear in
 * each token kind, and the probed rates reproduce `calcPrice` exactly (checked
 * in test/pricing). Requests at or above a tier threshold, and models with
 * time-of-day prices, fall back to a full `calcPrice` on the narrowed provider.
 */
import { calcPrice, type ModelInfo, type Provider } from '@pydantic/genai-prices';

export interface TokenUsage {
  /** All input tokens, cached ones included (semconv gen_ai.usage.input_tokens). */
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

interface LinearRates {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

interface Entry {
  day: number;
  provider: Provider;
  modelId: string;
  rates: LinearRates | undefined;
  /** Smallest tier start of any price of this model; Infinity when untiered. */
  tierStart: number;
}

const PROBE = 1000;
const DAY_MS = 86_400_000;

/** Maps semconv gen_ai.provider.name values to genai-prices provider ids. */
const PROVIDER_IDS: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gen_ai': 'google',
  'aws.bedrock': 'aws',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  mistral_ai: 'mistral',
  x_ai: 'x-ai',
  deepseek: 'deepseek',
  groq: 'groq',
  cohere: 'cohere',
  perplexity: 'perplexity',
  moonshot_ai: 'moonshotai',
};

export class PriceTable {
  private readonly _entries = new Map<string, Entry | null>();
  private readonly _maxEntries: number;

  constructor(maxEntries = 1000) {
    this._maxEntries = maxEntries;
  }

  /** Cost in USD, or undefined when the model is not in the table. */
  cost(provider: string | undefined, model: string, usage: TokenUsage, atMs: number): number | undefined {
    const day = Math.floor(atMs / DAY_MS);
    const key = `${provider ?? ''}\u0000${model}`;
    let entry = this._entries.get(key);
    if (entry === undefined || (entry !== null && entry.day !== day)) {
      entry = this._resolve(provider, model, atMs, day);
      if (this._entries.size >= this._maxEntries) this._entries.clear();
      this._entries.set(key, entry);
    }
    if (entry === null) return undefined;
    const { rates } = entry;
    const tiered = usage.input >= entry.tierStart || usage.output >= entry.tierStart;
    if (rates && !tiered) {
      const uncached = Math.max(0, usage.input - usage.cacheRead - usage.cacheWrite);
      return (
        uncached * rates.input + usage.cacheRead * rates.cacheRead + usage.cacheWrite * rates.cacheWrite + usage.output * rates.output
      );
    }
    const result = calcPrice(toUsage(usage), entry.modelId, { provider: entry.provider, timestamp: new Date(atMs) });
    return result ? result.total_price : undefined;
  }

  private _resolve(provider: string | undefined, model: string, atMs: number, day: number): Entry | null {
    const providerId = provider ? (PROVIDER_IDS[provider] ?? provider) : undefined;
    const timestamp = new Date(atMs);
    const probe = (usage: TokenUsage) => calcPrice(toUsage(usage), model, { providerId, timestamp });
    let first = probe({ input: PROBE, output: 0, cacheRead: 0, cacheWrite: 0 });
    if (!first && providerId) first = calcPrice(toUsage({ input: PROBE, output: 0, cacheRead: 0, cacheWrite: 0 }), model, { timestamp });
    if (!first) return null;
    const narrowed: Provider = { ...first.provider, models: [first.model] };
    const entry: Entry = { day, provider: narrowed, modelId: model, rates: undefined, tierStart: tierStartOf(first.model) };
    if (hasTimeOfDayPrices(first.model)) return entry;
    const at = (usage: TokenUsage) =>
      calcPrice(toUsage(usage), model, { provider: narrowed, timestamp })?.total_price ?? 0;
    entry.rates = {
      input: first.total_price / PROBE,
      output: at({ input: 0, output: PROBE, cacheRead: 0, cacheWrite: 0 }) / PROBE,
      cacheRead: at({ input: PROBE, output: 0, cacheRead: PROBE, cacheWrite: 0 }) / PROBE,
      cacheWrite: at({ input: PROBE, output: 0, cacheRead: 0, cacheWrite: PROBE }) / PROBE,
    };
    return entry;
  }
}

function toUsage(usage: TokenUsage): Record<string, number> {
  return {
    input_tokens: usage.input,
    output_tokens: usage.output,
    cache_read_tokens: usage.cacheRead,
    cache_write_tokens: usage.cacheWrite,
  };
}

function tierStartOf(model: ModelInfo): number {
  let min = Infinity;
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    const tiers = (value as { tiers?: Array<{ start: number }> }).tiers;
    if (Array.isArray(tiers)) for (const tier of tiers) min = Math.min(min, tier.start);
    for (const child of Object.values(value)) visit(child);
  };
  visit(model.prices);
  return min;
}

function hasTimeOfDayPrices(model: ModelInfo): boolean {
  return Array.isArray(model.prices) && model.prices.some(p => p.constraint?.type === 'time_of_date');
}
