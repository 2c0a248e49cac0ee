import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { Span } from '@opentelemetry/sdk-trace';
import { warnOnce } from '../diag.js';
import type { Instruments } from '../metrics/instruments.js';
import type { CostCalculator } from '../pricing/cost.js';
import {
  ATTR_AGENTMETER_COST_USD,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '../semconv.js';

const count = (value: unknown): number => (typeof value === 'number' && value > 0 ? value : 0);

/**
 * Puts `agentmeter.cost.usd` on an LLM span before it ends, from its token
 * attributes and model (response model first: it names the exact snapshot).
 * An unknown model gets no cost attribute and counts `agentmeter.cost.unknown_model`.
 */
export class LlmCost {
  constructor(
    private readonly _calculator: CostCalculator,
    private readonly _instruments: () => Instruments | undefined,
  ) {}

  annotate(span: Span): void {
    const a = span.attributes;
    if (a[ATTR_AGENTMETER_COST_USD] !== undefined) return;
    const input = count(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
    const output = count(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
    if (input === 0 && output === 0) return;
    const requestModel = a[ATTR_GEN_AI_REQUEST_MODEL];
    const responseModel = a[ATTR_GEN_AI_RESPONSE_MODEL];
    const models = [typeof responseModel === 'string' ? responseModel : undefined, typeof requestModel === 'string' ? requestModel : undefined];
    const provider = a[ATTR_GEN_AI_PROVIDER_NAME] ?? a['gen_ai.system'];
    const cost = this._calculator.cost(
      typeof provider === 'string' ? provider : undefined,
      models,
      {
        input,
        output,
        cacheRead: count(a[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]),
        cacheWrite: count(a[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]),
      },
      hrTimeToMilliseconds(span.endTime),
    );
    if (cost === undefined) {
      const model = models[0] ?? models[1] ?? 'unknown';
      this._instruments()?.costUnknownModel.add(1, { [ATTR_GEN_AI_REQUEST_MODEL]: String(requestModel ?? model) });
      warnOnce(`unknown-model:${model}`, `no price known for model "${model}" (provider ${String(provider)}); add it with register({ pricing }) to get its cost`);
      return;
    }
    span.setAttribute(ATTR_AGENTMETER_COST_USD, cost);
  }
}
