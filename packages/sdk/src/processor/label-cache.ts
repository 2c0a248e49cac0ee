import type { Attributes } from '@opentelemetry/api';
import type { CardinalityLimit } from '../metrics/cardinality-limit.js';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
} from '../semconv.js';

/** The gen_ai.client.* label sets of one LLM call shape: duration, and token usage by type. */
export interface GenAILabels {
  attributes: Attributes;
  input: Attributes;
  output: Attributes;
}

const SEP = '\u0000';

/**
 * Metric label sets built once per distinct combination of raw values and
 * reused: every value passes the cardinality limit the first time it is seen,
 * and the hot path does one string join and one Map lookup instead of
 * building an attributes object per record. Bounded: the limit caps the
 * distinct values per attribute, and the cache is cleared if it ever grows
 * past `maxEntries` (label sets are then rebuilt, not lost).
 */
export class LabelCache {
  private readonly _sets = new Map<string, Attributes>();
  private readonly _genAI = new Map<string, GenAILabels>();

  constructor(
    private readonly _limit: CardinalityLimit,
    private readonly _maxEntries = 10_000,
  ) {}

  /** One bounded label value. */
  value(attribute: string, raw: string): string {
    return this._limit.value(attribute, raw);
  }

  /** `{ k1: v1, k2?: v2 }`, the second only when defined. */
  get2(k1: string, v1: string, k2: string, v2: string | undefined): Attributes {
    const key = `${k1}${SEP}${v1}${SEP}${v2 ?? ''}`;
    let set = this._sets.get(key);
    if (set === undefined) {
      set = { [k1]: this._limit.value(k1, v1) };
      if (v2 !== undefined) set[k2] = this._limit.value(k2, v2);
      this._remember(this._sets, key, set);
    }
    return set;
  }

  /** `{ k1: v1, k2: v2, k3?: v3 }`, the third only when defined. */
  get3(k1: string, v1: string, k2: string, v2: string, k3: string, v3: string | undefined): Attributes {
    const key = `${k1}${SEP}${v1}${SEP}${v2}${SEP}${v3 ?? ''}`;
    let set = this._sets.get(key);
    if (set === undefined) {
      set = { [k1]: this._limit.value(k1, v1), [k2]: this._limit.value(k2, v2) };
      if (v3 !== undefined) set[k3] = this._limit.value(k3, v3);
      this._remember(this._sets, key, set);
    }
    return set;
  }

  genAI(
    operation: string | undefined,
    provider: string | undefined,
    requestModel: string | undefined,
    responseModel: string | undefined,
    serverAddress: string | undefined,
    errorType: string | undefined,
  ): GenAILabels {
    const key = `${operation ?? ''}${SEP}${provider ?? ''}${SEP}${requestModel ?? ''}${SEP}${responseModel ?? ''}${SEP}${serverAddress ?? ''}${SEP}${errorType ?? ''}`;
    let labels = this._genAI.get(key);
    if (labels === undefined) {
      const attributes: Attributes = {};
      const put = (attribute: string, raw: string | undefined) => {
        if (raw !== undefined) attributes[attribute] = this._limit.value(attribute, raw);
      };
      put(ATTR_GEN_AI_OPERATION_NAME, operation);
      put(ATTR_GEN_AI_PROVIDER_NAME, provider);
      put(ATTR_GEN_AI_REQUEST_MODEL, requestModel);
      put(ATTR_GEN_AI_RESPONSE_MODEL, responseModel);
      put(ATTR_SERVER_ADDRESS, serverAddress);
      put(ATTR_ERROR_TYPE, errorType);
      labels = {
        attributes,
        input: { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: 'input' },
        output: { ...attributes, [ATTR_GEN_AI_TOKEN_TYPE]: 'output' },
      };
      this._remember(this._genAI, key, labels);
    }
    return labels;
  }

  private _remember<T>(map: Map<string, T>, key: string, value: T): void {
    if (map.size >= this._maxEntries) map.clear();
    map.set(key, value);
  }
}
