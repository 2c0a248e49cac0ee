import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { reportInternalError } from '../diag.js';

/**
 * Decorators around the OTel SDK's own OTLP exporters that count failed
 * exports (`agentmeter.internal.errors{where="export.traces"|"export.metrics"}`)
 * and report them through diag once — a dead collector must be visible
 * without ever slowing or breaking the app (exports run off the hot path, in
 * the SDK's batch processor and periodic reader).
 */
export class CountedSpanExporter implements SpanExporter {
  constructor(private readonly _inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this._inner.export(spans, result => {
      if (result.code !== ExportResultCode.SUCCESS) reportInternalError('export.traces', result.error ?? 'export failed');
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this._inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this._inner.forceFlush?.() ?? Promise.resolve();
  }
}

export class CountedMetricExporter implements PushMetricExporter {
  readonly selectAggregationTemporality: PushMetricExporter['selectAggregationTemporality'];
  readonly selectAggregation: PushMetricExporter['selectAggregation'];

  constructor(private readonly _inner: PushMetricExporter) {
    this.selectAggregationTemporality = _inner.selectAggregationTemporality?.bind(_inner);
    this.selectAggregation = _inner.selectAggregation?.bind(_inner);
  }

  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    this._inner.export(metrics, result => {
      if (result.code !== ExportResultCode.SUCCESS) reportInternalError('export.metrics', result.error ?? 'export failed');
      done(result);
    });
  }

  forceFlush(): Promise<void> {
    return this._inner.forceFlush();
  }

  shutdown(): Promise<void> {
    return this._inner.shutdown();
  }
}
