import { metrics, type Attributes, type MeterProvider } from '@opentelemetry/api';
import { CardinalityLimit } from '../metrics/cardinality-limit.js';
import { SummedCounter } from '../metrics/summed-counter.js';
import {
  ATTR_AGENTMETER_CACHE_NAME,
  ATTR_AGENTMETER_CACHE_RESULT,
  METRIC_CACHE_REQUESTS,
  METRIC_CACHE_SAVED,
  METRIC_CARDINALITY_OVERFLOW,
} from '../semconv.js';
import { VERSION } from '../version.js';

/** Distinct cache names with a label of their own; later ones are `_other`. */
export const MAX_CACHE_NAMES = 32;

interface CacheInstruments {
  requests: SummedCounter;
  saved: SummedCounter;
  overflow: SummedCounter;
}

let provider: MeterProvider | undefined;
let instruments: CacheInstruments | undefined;

/**
 * The cache counters on the global MeterProvider (the one register()
 * installs), looked up on use: a cache may be wrapped at import time,
 * before register() runs, and its counts must still land in the SDK.
 * SummedCounters (one Map lookup per lookup, no attribute hashing: a cache
 * get can be a hot path), in the span processor's meter scope; the overflow
 * counter has the processor's descriptor, so both feed one metric stream
 * (their `attribute` label values never overlap).
 */
function current(): CacheInstruments {
  const now = metrics.getMeterProvider();
  if (instruments === undefined || now !== provider) {
    const meter = now.getMeter('@agentmeter/sdk', VERSION);
    instruments = {
      requests: new SummedCounter(meter, METRIC_CACHE_REQUESTS, { description: 'Cache lookups by result (hit, miss)' }),
      saved: new SummedCounter(meter, METRIC_CACHE_SAVED, {
        unit: 's',
        description: 'Time cache hits saved: per hit, the average miss path (lookup, load, store) minus the hit lookup',
      }),
      overflow: new SummedCounter(meter, METRIC_CARDINALITY_OVERFLOW, { description: 'Metric attribute values replaced by _other' }),
    };
    provider = now;
  }
  return instruments;
}

const names = new CardinalityLimit(MAX_CACHE_NAMES, attribute => add(current().overflow, attribute, { attribute }, 1));

function add(counter: SummedCounter, key: string, attributes: Attributes, value: number): void {
  if (!counter.add(key, value)) counter.create(key, attributes, value);
}

/** Records the lookups and saved time of one named cache; label sets and keys are built once. */
export class CacheMeter {
  private readonly _label: string;
  private readonly _hit: Attributes;
  private readonly _miss: Attributes;
  private readonly _name: Attributes;

  constructor(name: string) {
    this._label = names.value(ATTR_AGENTMETER_CACHE_NAME, name);
    this._name = { [ATTR_AGENTMETER_CACHE_NAME]: this._label };
    this._hit = { ...this._name, [ATTR_AGENTMETER_CACHE_RESULT]: 'hit' };
    this._miss = { ...this._name, [ATTR_AGENTMETER_CACHE_RESULT]: 'miss' };
  }

  hit(savedSeconds: number): void {
    const i = current();
    add(i.requests, `${this._label}\0hit`, this._hit, 1);
    if (savedSeconds > 0) add(i.saved, this._label, this._name, savedSeconds);
  }

  miss(): void {
    add(current().requests, `${this._label}\0miss`, this._miss, 1);
  }
}
