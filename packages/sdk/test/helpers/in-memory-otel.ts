import { context, metrics, trace, type Meter } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';

/** The SDK's extension point for pull readers: collect() on demand. */
export class TestMetricReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

export interface InMemoryOtel {
  exporter: InMemorySpanExporter;
  reader: TestMetricReader;
  meter: Meter;
  spans(): ReadableSpan[];
  span(name: string): ReadableSpan;
  /** Data points of one metric (collects the reader). */
  points(name: string): Promise<Array<{ attributes: Record<string, unknown>; value: any }>>;
  shutdown(): Promise<void>;
}

/**
 * The OTel SDK's own providers wired in memory for in-process tests: a
 * TracerProvider with the given processors plus an InMemorySpanExporter, a
 * MeterProvider with a pull reader, and an AsyncLocalStorage context manager.
 */
export function setupInMemoryOtel(processors: SpanProcessor[] = []): InMemoryOtel {
  const exporter = new InMemorySpanExporter();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const tracerProvider = new TracerProvider({ spanProcessors: [...processors, new SimpleSpanProcessor({ exporter })] });
  trace.setGlobalTracerProvider(tracerProvider);
  const reader = new TestMetricReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    exporter,
    reader,
    meter: meterProvider.getMeter('test'),
    spans: () => exporter.getFinishedSpans(),
    span(name) {
      const found = exporter.getFinishedSpans().filter(s => s.name === name);
      if (found.length !== 1) throw new Error(`expected one span named ${name}, got ${found.length}: ${exporter.getFinishedSpans().map(s => s.name).join(', ')}`);
      return found[0];
    },
    points: name => collectPoints(reader, name),
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}

/** Collects the reader once and returns the data points of one metric. */
export async function collectPoints(reader: MetricReader, name: string): Promise<Array<{ attributes: Record<string, unknown>; value: any }>> {
  const { resourceMetrics } = await reader.collect();
  const out: Array<{ attributes: Record<string, unknown>; value: any }> = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== name) continue;
      for (const point of metric.dataPoints) out.push({ attributes: point.attributes, value: point.value });
    }
  }
  return out;
}
