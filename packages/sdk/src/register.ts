import { metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { PeriodicExportingMetricReader, type IMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { resolveConfig, type ResolvedConfig } from './config.js';
import { logger, reportInternalError, warnOnce } from './diag.js';
import { CountedMetricExporter, CountedSpanExporter } from './export/counted-exporters.js';
import { defaultInstrumentations } from './instrumentations/index.js';
import type { AgentmeterOptions } from './options.js';
import { CostCalculator } from './pricing/cost.js';
import { AgentmeterSpanProcessor } from './processor/agentmeter-span-processor.js';
import { createSampler } from './sampler.js';
import { VERSION } from './version.js';

/** What register() returns. Both methods are safe to call more than once and never reject. */
export interface AgentmeterHandle {
  /** Flushes and stops everything register() started (exporters, the /metrics server, timers). */
  shutdown(): Promise<void>;
  /** Exports what is buffered now (spans, pushed metrics). */
  forceFlush(): Promise<void>;
}

const GLOBAL_KEY = Symbol.for('agentmeter.sdk.registration');
type GlobalSlot = { [GLOBAL_KEY]?: AgentmeterHandle };

const NOOP_HANDLE: AgentmeterHandle = Object.freeze({
  shutdown: () => Promise.resolve(),
  forceFlush: () => Promise.resolve(),
});

/**
 * Starts agentmeter: an OpenTelemetry NodeSDK with agentmeter's span
 * processor, the GenAI auto-instrumentations, a Prometheus endpoint
 * (:9464/metrics by default) and, if configured, OTLP export. Call it once,
 * at service start, before the libraries it instruments are loaded.
 *
 * Invalid explicit options throw an AgentmeterConfigError naming the option.
 * Invalid environment values are reported once through diag and replaced by
 * their defaults. A second call warns once and returns the first handle.
 */
export function register(options: AgentmeterOptions = {}): AgentmeterHandle {
  const slot = globalThis as GlobalSlot;
  const existing = slot[GLOBAL_KEY];
  if (existing) {
    warnOnce('register-twice', 'register() was called more than once; the second call is ignored and returns the first handle');
    return existing;
  }
  const { config, envProblems } = resolveConfig(options);
  if (config.disabled) {
    for (const problem of envProblems) logger.error(problem);
    slot[GLOBAL_KEY] = NOOP_HANDLE;
    return NOOP_HANDLE;
  }
  const handle = start(config, envProblems);
  slot[GLOBAL_KEY] = handle;
  return handle;
}

function start(config: ResolvedConfig, envProblems: string[]): AgentmeterHandle {
  let sdk: NodeSDK | undefined;
  const spanProcessors: SpanProcessor[] = [];
  const metricReaders: IMetricReader[] = [];
  try {
    const processor = new AgentmeterSpanProcessor({
      cost: new CostCalculator(config.pricing),
      cardinalityLimit: config.cardinalityLimit,
      analyze: config.analysis.enabled,
      thresholds: config.analysis.thresholds,
      maxOpenTraces: config.analysis.maxOpenTraces,
      maxSpansPerTrace: config.analysis.maxSpansPerTrace,
      maxTraceAgeMs: config.analysis.maxTraceAgeMs,
      eventLoopBlockedMs: config.analysis.eventLoopBlockedMs,
      onTrace: config.analysis.onTrace,
    });
    spanProcessors.push(processor);
    if (config.otlp) {
      const signal = (path: string) => (config.otlp && config.otlp.endpoint ? { url: new URL(path, withSlash(config.otlp.endpoint)).href, headers: config.otlp.headers } : {});
      spanProcessors.push(new BatchSpanProcessor({ exporter: new CountedSpanExporter(new OTLPTraceExporter(signal('v1/traces'))) }));
      if (config.otlp.metrics) {
        metricReaders.push(
          new PeriodicExportingMetricReader({ exporter: new CountedMetricExporter(new OTLPMetricExporter(signal('v1/metrics'))) }),
        );
      }
    }
    spanProcessors.push(...config.spanProcessors);
    if (config.prometheus) {
      const { port, host, endpoint } = config.prometheus;
      metricReaders.push(
        new PrometheusExporter({ port, host, endpoint }, error => {
          if (error) reportInternalError('prometheus.listen', error);
        }),
      );
    }
    const instrumentations: Instrumentation[] = [
      ...defaultInstrumentations(config),
      ...config.instrumentations,
    ];
    sdk = new NodeSDK({
      serviceName: config.serviceName,
      spanProcessors,
      metricReaders,
      instrumentations,
      sampler: createSampler(config.sampler),
      logRecordProcessors: [],
    });
    for (const problem of envProblems) logger.error(problem);
    sdk.start();
    processor.useMeter(metrics.getMeter('@agentmeter/sdk', VERSION));
  } catch (error) {
    reportInternalError('register', error);
    if (sdk) void sdk.shutdown().catch(() => {});
    return NOOP_HANDLE;
  }
  return makeHandle(sdk, spanProcessors, metricReaders);
}

function makeHandle(sdk: NodeSDK, spanProcessors: SpanProcessor[], metricReaders: IMetricReader[]): AgentmeterHandle {
  let shutdown: Promise<void> | undefined;
  return {
    shutdown() {
      shutdown ??= sdk.shutdown().catch(error => reportInternalError('shutdown', error));
      return shutdown;
    },
    forceFlush() {
      if (shutdown) return Promise.resolve();
      const flushes = [...spanProcessors.map(p => p.forceFlush()), ...metricReaders.map(r => r.forceFlush())];
      return Promise.all(flushes).then(
        () => undefined,
        error => reportInternalError('forceFlush', error),
      );
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
