import { calcPrice, findProvider } from '@pydantic/genai-prices';
import fc from 'fast-check';
import { CostCalculator } from '../src/pricing/cost';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const usage = (input: number, output: number, cacheRead = 0, cacheWrite = 0) => ({ input, output, cacheRead, cacheWrite });
const reference = (provider: string, model: string, u: ReturnType<typeof usage>, at = NOW) =>
  calcPrice(
    { input_tokens: u.input, output_tokens: u.output, cache_read_tokens: u.cacheRead, cache_write_tokens: u.cacheWrite },
    model,
    { providerId: provider, timestamp: new Date(at) },
  )?.total_price;

describe('cost from the bundled price table (@pydantic/genai-prices)', () => {
  const calculator = new CostCalculator();

  it('prices a known model: gpt-4o-mini, $0.15/M input, $0.60/M output', () => {
    expect(calculator.cost('openai', ['gpt-4o-mini'], usage(1_000_000, 1_000_000), NOW)).toBeCloseTo(0.75, 12);
  });

  it('prices cached input tokens at the cache-read rate ($0.075/M for gpt-4o-mini)', () => {
    const withCache = calculator.cost('openai', ['gpt-4o-mini'], usage(1_000_000, 0, 1_000_000), NOW);
    expect(withCache).toBeCloseTo(0.075, 12);
  });

  it('prices Anthropic cache writes at the cache-write rate', () => {
    const cost = calculator.cost('anthropic', ['claude-sonnet-4-5'], usage(1000, 0, 0, 1000), NOW)!;
    expect(cost).toBeCloseTo(reference('anthropic', 'claude-sonnet-4-5', usage(1000, 0, 0, 1000))!, 12);
    expect(cost).toBeGreaterThan(calculator.cost('anthropic', ['claude-sonnet-4-5'], usage(1000, 0), NOW)!);
  });

  it('matches calcPrice exactly for any usage below a tier threshold (fast linear path)', () => {
    const models: Array<[string, string]> = [
      ['openai', 'gpt-4o'], ['openai', 'gpt-4.1-mini'], ['openai', 'o3'], ['anthropic', 'claude-sonnet-4-5'],
      ['anthropic', 'claude-3-5-haiku-20241022'], ['google', 'gemini-2.5-flash'], ['deepseek', 'deepseek-chat'],
    ];
    fc.assert(
      fc.property(fc.constantFrom(...models), fc.integer({ min: 0, max: 150_000 }), fc.integer({ min: 0, max: 20_000 }), fc.double({ min: 0, max: 1, noNaN: true }), ([provider, model], input, output, cachedShare) => {
        const cacheRead = Math.floor(input * cachedShare);
        const u = usage(input, output, cacheRead);
        const expected = reference(provider, model, u) ?? 0;
        const actual = calculator.cost(provider === 'google' ? 'gcp.gemini' : provider, [model], u, NOW) ?? 0;
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 + expected * 1e-12);
      }),
      { numRuns: 300 },
    );
  });

  it('falls back to the full calculation above a tier threshold (claude-sonnet-4-5 beyond 200k input)', () => {
    const u = usage(250_000, 1000);
    expect(calculator.cost('anthropic', ['claude-sonnet-4-5'], u, NOW)).toBeCloseTo(reference('anthropic', 'claude-sonnet-4-5', u)!, 12);
  });

  it('uses the price in force at the time of the call (dated prices)', () => {
    const dated = ['openai', 'anthropic', 'google']
      .flatMap(id => findProvider({ providerId: id })?.models.map(model => ({ id, model })) ?? [])
      .find(({ model }) => Array.isArray(model.prices) && model.prices.some(p => p.constraint?.type === 'start_date'));
    expect(dated).toBeDefined();
    const prices = dated!.model.prices as Array<{ constraint?: { type: string; start_date?: string } }>;
    const change = Date.parse(prices.find(p => p.constraint?.type === 'start_date')!.constraint!.start_date!);
    const u = usage(10_000, 10_000);
    for (const at of [change - 86_400_000 * 3, change + 86_400_000 * 3]) {
      const calculator2 = new CostCalculator();
      expect(calculator2.cost(dated!.id, [dated!.model.id], u, at)).toBeCloseTo(reference(dated!.id, dated!.model.id, u, at)!, 12);
    }
  });

  it('matches dated snapshots of a model id (gpt-4o-2024-08-06) and prefers the response model', () => {
    expect(calculator.cost('openai', ['gpt-4o-2024-08-06', 'gpt-4o'], usage(1000, 0), NOW)).toBeCloseTo(0.0025, 12);
  });

  it('returns undefined for an unknown model — never a guess', () => {
    expect(calculator.cost('openai', ['my-finetune-xyz'], usage(1000, 1000), NOW)).toBeUndefined();
    expect(calculator.cost(undefined, [undefined, 'totally-unknown'], usage(1000, 1000), NOW)).toBeUndefined();
  });
});

describe('user price overrides', () => {
  const calculator = new CostCalculator({
    'ft:gpt-4o-mini:acme': { inputPerMillion: 0.3, outputPerMillion: 1.2, cacheReadPerMillion: 0.15 },
    'gpt-4o-mini': { inputPerMillion: 1, outputPerMillion: 1 },
  });

  it('price a model the table does not know, cache reads at their own rate', () => {
    expect(calculator.cost('openai', ['ft:gpt-4o-mini:acme'], usage(1_000_000, 1_000_000, 500_000), NOW)).toBeCloseTo(0.15 + 0.075 + 1.2, 12);
  });

  it('win over the bundled table', () => {
    expect(calculator.cost('openai', ['gpt-4o-mini'], usage(1_000_000, 1_000_000), NOW)).toBeCloseTo(2, 12);
  });

  it('fall back to the input rate for cache tokens when no cache rate is given', () => {
    expect(calculator.cost('openai', ['gpt-4o-mini'], usage(1_000_000, 0, 0, 1_000_000), NOW)).toBeCloseTo(1, 12);
  });
});
