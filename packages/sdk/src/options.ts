import type { TraceAnalysis } from '@agentmeter/analysis';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

/** Price of one model, in USD per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  /** Cached input tokens read from the provider's prompt cache; defaults to inputPerMillion. */
  cacheReadPerMillion?: number;
  /** Input tokens written to the prompt cache; defaults to inputPerMillion. */
  cacheWritePerMillion?: number;
}

export interface PrometheusOptions {
  /** Port of the pull endpoint. Default 9464, or `OTEL_EXPORTER_PROMETHEUS_PORT`. */
  port?: number;
  /** Interface to bind. Default all interfaces, or `OTEL_EXPORTER_PROMETHEUS_HOST`. */
  host?: string;
  /** Path of the endpoint. Default `/metrics`. */
  endpoint?: string;
}

export interface OtlpOptions {
  /**
   * Base URL of an OTLP/HTTP receiver (an OpenTelemetry Collector), e.g. `http://collector:4318`;
   * traces go to `/v1/traces`, metrics to `/v1/metrics`. Default `OTEL_EXPORTER_OTLP_ENDPOINT`.
   */
  endpoint?: string;
  /** Extra request headers (auth). Default `OTEL_EXPORTER_OTLP_HEADERS`. */
  headers?: Record<string, string>;
}

export interface AnalysisOptions {
  /**
   * Analyse each trace when its local root ends (breakdown, critical path, findings, per-workflow
   * metrics, root-span annotations). Default true, or `AGENTMETER_ANALYSIS=false`. When off, only
   * per-operation metrics and cost are recorded.
   */
  enabled?: boolean;
  /** Bottleneck thresholds (see @agentmeter/analysis DEFAULT_THRESHOLDS). */
  thresholds?: Record<string, unknown>;
  /** Most traces buffered at once; older ones are evicted (analysed as partial). Default 10 000. */
  maxOpenTraces?: number;
  /** Most spans kept per trace; further spans are counted as dropped. Default 10 000. */
  maxSpansPerTrace?: number;
  /** Oldest an open trace may get before it is evicted, ms. Default 300 000 (5 min). */
  maxTraceAgeMs?: number;
  /** Event-loop stall that counts as blocked, ms. Default 50; 0 disables the loop monitor. */
  eventLoopBlockedMs?: number;
  /**
   * Called with each trace's analysis (e.g. to print `formatProfile(analysis)`).
   * Runs synchronously as the root span ends: keep it cheap. Errors it throws are caught and counted.
   */
  onTrace?: (analysis: TraceAnalysis) => void;
}

export interface AgentmeterOptions {
  /** `service.name` of the resource. Default `OTEL_SERVICE_NAME`, else the SDK default. */
  serviceName?: string;
  /** Prometheus pull endpoint, or false for none. Default `{ port: 9464 }`. */
  prometheus?: PrometheusOptions | false;
  /** Send traces and metrics over OTLP/HTTP, or false for never. Default: on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set. */
  otlp?: OtlpOptions | false;
  /**
   * Record prompts, completions, tool arguments and results on spans.
   * Default false, or `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`.
   */
  captureContent?: boolean;
  /** Longest captured content value, in characters; longer values are truncated. Default 8192. */
  contentMaxLength?: number;
  /** Price overrides by model id (e.g. a fine-tuned model); these win over the bundled price table. */
  pricing?: Record<string, ModelPrice>;
  /** Most distinct values one metric attribute may take; beyond it the value becomes `_other`. Default 200. */
  cardinalityLimit?: number;
  /** Performance analysis settings. */
  analysis?: AnalysisOptions;
  /** Extra span processors (advanced): added after agentmeter's own. */
  spanProcessors?: SpanProcessor[];
  /** Extra OpenTelemetry instrumentations (advanced): enabled alongside agentmeter's. */
  instrumentations?: Instrumentation[];
  /** Names of agentmeter instrumentations to leave off, e.g. `['openai']`. Default `AGENTMETER_DISABLED_INSTRUMENTATIONS`. */
  disabledInstrumentations?: string[];
  /** Start nothing and return a no-op handle. Default `OTEL_SDK_DISABLED`. */
  disabled?: boolean;
}
