import { SpanStatusCode, type Attributes, type AttributeValue } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
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
import { stateLabels } from './state-labels.js';

/** `agentmeter.llm.tokens` token types and the span attributes they come from. */
const TOKEN_TYPES: Array<[string, string]> = [
  ['input', ATTR_GEN_AI_USAGE_INPUT_TOKENS],
  ['output', ATTR_GEN_AI_USAGE_OUTPUT_TOKENS],
  ['cache_read', ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS],
  ['cache_creation', ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS],
  ['reasoning', ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS],
];

/**
 * Per-operation metrics, recorded from each ended span: one place for
 * manual and auto-instrumented spans alike. Every label value goes through
 * the cardinality limit.
 */
export class SpanMetrics {
  constructor(
    private readonly _instruments: Instruments,
    private readonly _limit: CardinalityLimit,
  ) {}

  record(span: ReadableSpan, category: SpanCategory, agent: string | undefined): void {
    const attributes = span.attributes;
    const seconds = hrTimeToMilliseconds(span.duration) / 1000;
    const errorType = span.status.code === SpanStatusCode.ERROR ? String(attributes[ATTR_ERROR_TYPE] ?? ERROR_TYPE_VALUE_OTHER) : undefined;
    switch (category) {
      case 'agent': {
        const labels = this._labels({ [ATTR_GEN_AI_AGENT_NAME]: attributes[ATTR_GEN_AI_AGENT_NAME] ?? span.name }, errorType);
        this._instruments.agentDuration.record(seconds, labels);
        return;
      }
      case 'tool': {
        const labels = this._labels({ [ATTR_GEN_AI_TOOL_NAME]: attributes[ATTR_GEN_AI_TOOL_NAME] ?? span.name }, errorType);
        this._instruments.toolDuration.record(seconds, labels);
        return;
      }
      case 'state': {
        const { store, operation } = stateLabels(span.name, attributes);
        const labels = this._labels({ [ATTR_AGENTMETER_STATE_STORE]: store, [ATTR_AGENTMETER_STATE_OPERATION]: operation }, errorType);
        this._instruments.stateDuration.record(seconds, labels);
        return;
      }
      case 'llm':
        this._recordLLM(span, seconds, errorType, agent);
        return;
      default:
        return;
    }
  }

  private _recordLLM(span: ReadableSpan, seconds: number, errorType: string | undefined, agent: string | undefined): void {
    const a = span.attributes;
    const base = this._labels(
      {
        [ATTR_GEN_AI_OPERATION_NAME]: a[ATTR_GEN_AI_OPERATION_NAME],
        [ATTR_GEN_AI_PROVIDER_NAME]: a[ATTR_GEN_AI_PROVIDER_NAME],
        [ATTR_GEN_AI_REQUEST_MODEL]: a[ATTR_GEN_AI_REQUEST_MODEL],
        [ATTR_GEN_AI_RESPONSE_MODEL]: a[ATTR_GEN_AI_RESPONSE_MODEL],
        [ATTR_SERVER_ADDRESS]: a[ATTR_SERVER_ADDRESS],
      },
      errorType,
    );
    this._instruments.operationDuration.record(seconds, base);
    const ttfc = a[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK];
    if (typeof ttfc === 'number') this._instruments.timeToFirstChunk.record(ttfc, base);

    const input = a[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
    const output = a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
    if (typeof input === 'number') this._instruments.tokenUsage.record(input, { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' });
    if (typeof output === 'number') this._instruments.tokenUsage.record(output, { ...base, [ATTR_GEN_AI_TOKEN_TYPE]: 'output' });

    const byModel = this._labels({
      [ATTR_GEN_AI_REQUEST_MODEL]: a[ATTR_GEN_AI_REQUEST_MODEL] ?? a[ATTR_GEN_AI_RESPONSE_MODEL],
      [ATTR_GEN_AI_AGENT_NAME]: agent,
    });
    for (const [type, key] of TOKEN_TYPES) {
      const count = a[key];
      if (typeof count === 'number' && count > 0) this._instruments.llmTokens.add(count, { ...byModel, [ATTR_GEN_AI_TOKEN_TYPE]: type });
    }
    const cost = a[ATTR_AGENTMETER_COST_USD];
    if (typeof cost === 'number' && cost > 0) this._instruments.llmCost.add(cost, byModel);
  }

  /** Label set with every value bounded; undefined values are left out. */
  private _labels(values: Record<string, AttributeValue | undefined>, errorType?: string): Attributes {
    const labels: Attributes = {};
    for (const key in values) {
      const value = values[key];
      if (value !== undefined && value !== '') labels[key] = this._limit.value(key, String(value));
    }
    if (errorType !== undefined) labels[ATTR_ERROR_TYPE] = this._limit.value(ATTR_ERROR_TYPE, errorType);
    return labels;
  }
}
