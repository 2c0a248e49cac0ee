import type { ModelPrice } from '../options.js';
import { PriceTable, type TokenUsage } from './price-table.js';

export type { TokenUsage } from './price-table.js';

/**
 * The cost of one LLM call: user overrides (by exact model id) win over the
 * bundled price table. An unknown model has no cost — never a guess.
 */
export class CostCalculator {
  private readonly _overrides: Map<string, ModelPrice>;
  private readonly _table = new PriceTable();

  constructor(overrides: Record<string, ModelPrice> = {}) {
    this._overrides = new Map(Object.entries(overrides));
  }

  /**
   * @param models candidate model ids, most specific first (response model, then request model)
   * @returns USD, or undefined when no candidate is priced
   */
  cost(provider: string | undefined, models: ReadonlyArray<string | undefined>, usage: TokenUsage, atMs: number): number | undefined {
    for (const model of models) {
      if (!model) continue;
      const override = this._overrides.get(model);
      if (override) return priceWith(override, usage);
    }
    for (const model of models) {
      if (!model) continue;
      const cost = this._table.cost(provider, model, usage, atMs);
      if (cost !== undefined) return cost;
    }
    return undefined;
  }
}

function priceWith(price: ModelPrice, usage: TokenUsage): number {
  const uncached = Math.max(0, usage.input - usage.cacheRead - usage.cacheWrite);
  const usdTimesMillion =
    uncached * price.inputPerMillion +
    usage.cacheRead * (price.cacheReadPerMillion ?? price.inputPerMillion) +
    usage.cacheWrite * (price.cacheWritePerMillion ?? price.inputPerMillion) +
    usage.output * price.outputPerMillion;
  return usdTimesMillion / 1_000_000;
}
