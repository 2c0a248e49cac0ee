import type { Attributes, Meter, MetricOptions } from '@opentelemetry/api';
import { OVERFLOW_VALUE } from './cardinality-limit.js';

interface Entry {
  attributes: Attributes;
  value: number;
}

/**
 * A monotonic counter summed in agentmeter's own map and reported through an
 * OTel ObservableCounter at collection time. On the hot path an add is one
 * Map lookup by a caller-built key — no attribute hashing, no allocation —
 * where a synchronous Counter.add hashes its attribute set on every call
 * (the largest single cost in bench/overhead before this). Series are
 * bounded: past `maxSeries` new keys are summed into one `_other` series.
 *
 * Usage: `if (!counter.add(key, value)) counter.create(key, attributes, value)`.
 */
export class SummedCounter {
  private readonly _entries = new Map<string, Entry>();
  private _overflow: Entry | undefined;

  constructor(
    meter: Meter,
    name: string,
    options: MetricOptions,
    private readonly _maxSeries = 2000,
  ) {
    meter.createObservableCounter(name, options).addCallback(result => {
      for (const entry of this._entries.values()) result.observe(entry.value, entry.attributes);
      if (this._overflow) result.observe(this._overflow.value, this._overflow.attributes);
    });
  }

  /** Adds to an existing series; false when `key` is new (then call create). */
  add(key: string, value: number): boolean {
    const entry = this._entries.get(key);
    if (entry === undefined) return false;
    entry.value += value;
    return true;
  }

  create(key: string, attributes: Attributes, value: number): void {
    if (this._entries.size < this._maxSeries) {
      this._entries.set(key, { attributes, value });
      return;
    }
    this._overflow ??= { attributes: { 'otel.metric.overflow': true, reason: OVERFLOW_VALUE }, value: 0 };
    this._overflow.value += value;
  }

  /** For counters without attributes. */
  increment(value = 1): void {
    if (!this.add('', value)) this.create('', {}, value);
  }
}
