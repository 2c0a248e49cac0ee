import { metrics, type Counter, type MeterProvider } from '@opentelemetry/api';
import { CardinalityLimit } from '../metrics/cardinality-limit.js';
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
  requests: Counter;
  saved: Counter;
  overflow: Counter;
}

let provider: MeterProvider | undefined;
let instruments: CacheInstruments | undefined;

/**
 * The cache counters on the global MeterProvider (the one register()
 * installs), looked up on use: a cache may be wrapped at import time,
 * before register() runs, and its counts must still land in the SDK.
 * Same meter scope and same descriptors as the span processor's
 * Instruments, so `agentmeter.cache.requests` is one metric stream.
 */
function current(): CacheInstruments {
  const now = metrics.getMeterProvider();
  if (instruments === undefined || now !== provider) {
    const meter = now.getMeter('@agentmeter/sdk', VERSION);
    instruments = {
      requests: meter.createCounter(METRIC_CACHE_REQUESTS, { description: 'Cache lookups by result (hit, miss)' }),
      saved: meter.createCounter(METRIC_CACHE_SAVED, {
        unit: 's',
        description: 'Time cache hits saved: per hit, the average miss path (lookup, load, store) minus the hit lookup',
      }),
      overflow: meter.createCounter(METRIC_CARDINALITY_OVERFLOW, { description: 'Metric attribute values replaced by _other' }),
    };
    provider = now;
  }
  return instruments;
}

const names = new CardinalityLimit(MAX_CACHE_NAMES, attribute => current().overflow.add(1, { attribute }));

/** Records the lookups and saved time of one named cache; label objects are built once. */
export class CacheMeter {
  private readonly _hit: Record<string, string>;
  private readonly _miss: Record<string, string>;
  private readonly _name: Record<string, string>;

  constructor(name: string) {
    const label = names.value(ATTR_AGENTMETER_CACHE_NAME, name);
    this._name = { [ATTR_AGENTMETER_CACHE_NAME]: label };
    this._hit = { ...this._name, [ATTR_AGENTMETER_CACHE_RESULT]: 'hit' };
    this._miss = { ...this._name, [ATTR_AGENTMETER_CACHE_RESULT]: 'miss' };
  }

  hit(savedSeconds: number): void {
    const i = current();
    i.requests.add(1, this._hit);
    if (savedSeconds > 0) i.saved.add(savedSeconds, this._name);
  }

  miss(): void {
    current().requests.add(1, this._miss);
  }
}
