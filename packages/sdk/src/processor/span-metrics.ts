import { SpanStatusCode, type Attributes, type AttributeValue } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SpanCategory } from '@agentmeter/analysis';
import type { CardinalityLimit } from '../metrics/cardinality-limit.js';
import type { Instruments } from '../metrics/instruments.js';
import {
  ATTR_AGENTMETER_COST_USD,
  ATTR_AGENTMETER_STATE_OPERATION,
  ATTR_AGENTMETER_STATE_STORE,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ERROR_TYPE_VALUE_OTHER,
} from '../semconv.js';
import { LabelCache } from './label-cache.js';
import { stateLabels } from './state-labels.js';

/** `agentmeter.llm.tokens` token types and the span attributes they come from. */
const TOKEN_TYPES: Array<[string, string]> = [
  ['input', ATTR_GEN_AI_USAGE_INPUT_TOKENS],
  ['output', ATTR_GEN_AI_USAGE_OUTPUT_TOKENS],
  ['cache_read', ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS],
  ['cache_creation', ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS],
  ['reasoning', ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS],
];

const text = (value: AttributeValue | undefined): string | undefined =>
  value === undefined || value === '' ? undefined : String(value);

/**
 * Per-operation metrics, recorded from each ended span: one place for manual
 * and auto-instrumented spans alike. Label sets are built once per distinct
 * combination (LabelCache) with every value through the cardinality limit.
 */
export class SpanMetrics {
  private readonly _labels: LabelCache;

  constructor(
    private readonly _instruments: Instruments,
    limit: CardinalityLimit,
  ) {
    this._labels = new LabelCache(limit);
  }

  /**
   * @param wrapsLLM an LLM span with an LLM span inside (a framework's call around the provider
   * SDK's): the inner span is the client operation, so the outer records no GenAI metric at all —
   * one operation, one duration sample, tokens and cost counted once.
   */
  record(span: ReadableSpan, category: SpanCategory, agent: string | undefined, wrapsLLM = false): void {
    const a = span.attributes;
    switch (category) {
      case 'agent':
        this._instruments.agentDuration.record(
          seconds(span),
          this._labels.get2(ATTR_GEN_AI_AGENT_NAME, text(a[ATTR_GEN_AI_AGENT_NAME]) ?? span.name, ATTR_ERROR_TYPE, errorType(span)),
        );
        return;
      case 'tool':
        this._instruments.toolDuration.record(
          seconds(span),
          this._labels.get2(ATTR_GEN_AI_TOOL_NAME, text(a[ATTR_GEN_AI_TOOL_NAME]) ?? span.name, ATTR_ERROR_TYPE, errorType(span)),
        );
        return;
      case 'state': {
        const { store, operation } = stateLabels(span.name, a);
        this._instruments.stateDuration.record(
          seconds(span),
          this._labels.get3(ATTR_AGENTMETER_STATE_STORE, store, ATTR_AGENTMETER_STATE_OPERATION, operation, ATTR_ERROR_TYPE, errorType(span)),
        );
        return;
      }
      case 'llm':
        if (!wrapsLLM) this._recordLLM(span, agent);
        return;
      default:
        return;
    }
  }

  private _recordLLM(span: ReadableSpan, agent: string | undefined): void {
    const a = span.attributes;
    const requestModel = text(a[ATTR_GEN_AI_REQUEST_MODEL]);
    const base = this._labels.genAI(
      text(a[ATTR_GEN_AI_OPERATION_NAME]),
      text(a[ATTR_GEN_AI_PROVIDER_NAME]),
      requestModel,
      text(a[ATTR_GEN_AI_RESPONSE_MODEL]),
      text(a[ATTR_SERVER_ADDRESS]),
      errorType(span),
    );
    this._instruments.operationDuration.record(seconds(span), base.attributes);
    const ttfc = a[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
    if (typeof ttfc === 'number') this._instruments.timeToFirstChunk.record(ttfc, base.attributes);
    const input = a[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
    const output = a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
    if (typeof input === 'number') this._instruments.tokenUsage.record(input, base.input);
    if (typeof output === 'number') this._instruments.tokenUsage.record(output, base.output);

    const model = this._labels.value(ATTR_GEN_AI_REQUEST_MODEL, requestModel ?? text(a[ATTR_GEN_AI_RESPONSE_MODEL]) ?? 'unknown');
    const agentLabel = agent === undefined ? undefined : this._labels.value(ATTR_GEN_AI_AGENT_NAME, agent);
    const key = `${model}\u0000${agentLabel ?? ''}`;
    const { llmTokens, llmCost } = this._instruments;
    for (const [type, attribute] of TOKEN_TYPES) {
      const count = a[attribute];
      if (typeof count !== 'number' || count <= 0) continue;
      const typedKey = `${key}\u0000${type}`;
      if (!llmTokens.add(typedKey, count)) llmTokens.create(typedKey, byModel(model, agentLabel, type), count);
    }
    const cost = a[ATTR_AGENTMETER_COST_USD];
    if (typeof cost === 'number' && cost > 0 && !llmCost.add(key, cost)) llmCost.create(key, byModel(model, agentLabel), cost);
  }
}

function byModel(model: string, agent: string | undefined, tokenType?: string): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_REQUEST_MODEL]: model };
  if (agent !== undefined) attributes[ATTR_GEN_AI_AGENT_NAME] = agent;
  if (tokenType !== undefined) attributes[ATTR_GEN_AI_TOKEN_TYPE] = tokenType;
  return attributes;
}

function seconds(span: ReadableSpan): number {
  return span.duration[0] + span.duration[1] / 1e9;
}

/** error.type of a failed span; instrumentations that only record an exception event (contrib redis) give its exception.type. */
function errorType(span: ReadableSpan): string | undefined {
  if (span.status.code !== SpanStatusCode.ERROR) return undefined;
  const own = text(span.attributes[ATTR_ERROR_TYPE]);
  if (own !== undefined) return own;
  for (const event of span.events) {
    if (event.name === 'exception') {
      const type = text(event.attributes?.['exception.type']);
      if (type !== undefined) return type;
    }
  }
  return ERROR_TYPE_VALUE_OTHER;
}
