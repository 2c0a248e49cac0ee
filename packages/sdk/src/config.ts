import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { INSTRUMENTATION_NAMES } from './instrumentations/names.js';
import { validateOptions } from './options-schema.js';
import type { AgentmeterOptions, AnalysisOptions, ModelPrice } from './options.js';

/**
 * The configuration register() runs with: explicit option, then environment,
 * then default — built once, when register() runs, never at import.
 */
export interface ResolvedConfig {
  disabled: boolean;
  serviceName?: string;
  prometheus: { port: number; host?: string; endpoint: string } | false;
  /** `undefined` endpoint means: let the OTLP exporters read OTEL_EXPORTER_OTLP_* themselves. */
  otlp: { endpoint?: string; headers?: Record<string, string>; metrics: boolean } | false;
  captureContent: boolean;
  contentMaxLength: number;
  pricing: Record<string, ModelPrice>;
  cardinalityLimit: number;
  analysis: Required<Omit<AnalysisOptions, 'thresholds' | 'onTrace'>> & Pick<AnalysisOptions, 'onTrace'> & { thresholds: Record<string, unknown> };
  spanProcessors: SpanProcessor[];
  instrumentations: Instrumentation[];
  disabledInstrumentations: string[];
  /** OTEL_TRACES_SAMPLER (+ _ARG); spans are always recorded for metrics, the sampler decides export. */
  sampler: { name: SamplerName; ratio: number };
}

export type SamplerName = (typeof SAMPLERS)[number];
const SAMPLERS = [
  'parentbased_always_on',
  'always_on',
  'always_off',
  'parentbased_always_off',
  'traceidratio',
  'parentbased_traceidratio',
] as const;

export interface ResolveResult {
  config: ResolvedConfig;
  /** Invalid environment values, each naming the variable and its value; reported through diag by register(). */
  envProblems: string[];
}

type Env = Record<string, string | undefined>;

const DEFAULT_PROMETHEUS_PORT = 9464;
const METRICS_EXPORTERS = ['prometheus', 'otlp', 'console', 'none'];

/** Throws AgentmeterConfigError for invalid explicit options; never throws for the environment. */
export function resolveConfig(options: AgentmeterOptions = {}, env: Env = process.env): ResolveResult {
  validateOptions(options);
  const problems: string[] = [];
  const reader = new EnvReader(env, problems);

  const metricsExporters = reader.list('OTEL_METRICS_EXPORTER', METRICS_EXPORTERS);
  const prometheusFromEnv = metricsExporters === undefined || metricsExporters.includes('prometheus');
  const otlpEndpointEnv = reader.string('OTEL_EXPORTER_OTLP_ENDPOINT');

  let prometheus: ResolvedConfig['prometheus'] = false;
  if (options.prometheus !== false && (options.prometheus !== undefined || prometheusFromEnv)) {
    prometheus = {
      port: options.prometheus?.port ?? reader.port('OTEL_EXPORTER_PROMETHEUS_PORT') ?? DEFAULT_PROMETHEUS_PORT,
      host: options.prometheus?.host ?? reader.string('OTEL_EXPORTER_PROMETHEUS_HOST'),
      endpoint: options.prometheus?.endpoint ?? '/metrics',
    };
  }

  let otlp: ResolvedConfig['otlp'] = false;
  if (options.otlp !== false && (options.otlp !== undefined || otlpEndpointEnv !== undefined)) {
    otlp = {
      endpoint: options.otlp?.endpoint,
      headers: options.otlp?.headers,
      metrics: options.otlp !== undefined || metricsExporters === undefined || metricsExporters.includes('otlp'),
    };
  }

  const analysis = options.analysis ?? {};
  const config: ResolvedConfig = {
    disabled: options.disabled ?? reader.boolean('OTEL_SDK_DISABLED') ?? false,
    serviceName: options.serviceName,
    prometheus,
    otlp,
    captureContent:
      options.captureContent ?? reader.boolean('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT') ?? false,
    contentMaxLength: options.contentMaxLength ?? reader.integer('AGENTMETER_CONTENT_MAX_LENGTH', 1) ?? 8192,
    pricing: options.pricing ?? {},
    cardinalityLimit: options.cardinalityLimit ?? reader.integer('AGENTMETER_CARDINALITY_LIMIT', 1) ?? 200,
    analysis: {
      enabled: analysis.enabled ?? reader.boolean('AGENTMETER_ANALYSIS') ?? true,
      thresholds: analysis.thresholds ?? {},
      maxOpenTraces: analysis.maxOpenTraces ?? reader.integer('AGENTMETER_MAX_OPEN_TRACES', 1) ?? 10_000,
      maxSpansPerTrace: analysis.maxSpansPerTrace ?? reader.integer('AGENTMETER_MAX_SPANS_PER_TRACE', 1) ?? 10_000,
      maxTraceAgeMs: analysis.maxTraceAgeMs ?? reader.integer('AGENTMETER_MAX_TRACE_AGE_MS', 1) ?? 300_000,
      eventLoopBlockedMs:
        analysis.eventLoopBlockedMs ?? reader.integer('AGENTMETER_EVENT_LOOP_BLOCKED_MS', 0) ?? 50,
      onTrace: analysis.onTrace,
    },
    spanProcessors: options.spanProcessors ?? [],
    instrumentations: options.instrumentations ?? [],
    disabledInstrumentations:
      options.disabledInstrumentations ??
      reader.list('AGENTMETER_DISABLED_INSTRUMENTATIONS', [...INSTRUMENTATION_NAMES]) ??
      reader.list('OTEL_NODE_DISABLED_INSTRUMENTATIONS') ??
      [],
    sampler: {
      name: reader.oneOf('OTEL_TRACES_SAMPLER', SAMPLERS) ?? 'parentbased_always_on',
      ratio: reader.number('OTEL_TRACES_SAMPLER_ARG', 0, 1) ?? 1,
    },
  };
  return { config, envProblems: problems };
}

/** Reads and checks environment variables; a bad value is noted and the default used. */
class EnvReader {
  constructor(
    private readonly _env: Env,
    private readonly _problems: string[],
  ) {}

  string(name: string): string | undefined {
    const raw = this._env[name]?.trim();
    return raw ? raw : undefined;
  }

  boolean(name: string): boolean | undefined {
    const raw = this.string(name)?.toLowerCase();
    if (raw === undefined) return undefined;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    this._bad(name, raw, 'expected true or false');
    return undefined;
  }

  integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      this._bad(name, raw, `expected an integer from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  number(name: string, min: number, max: number): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      this._bad(name, raw, `expected a number from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this._bad(name, raw, `expected one of ${allowed.join(', ')}`);
    return undefined;
  }

  port(name: string): number | undefined {
    return this.integer(name, 1, 65535);
  }

  list(name: string, allowed?: string[]): string[] | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    const items = raw.split(',').map(s => s.trim()).filter(Boolean);
    const unknown = allowed ? items.filter(item => !allowed.includes(item)) : [];
    if (unknown.length > 0) {
      const known = items.filter(item => allowed!.includes(item));
      const expected = `unknown value(s) ${unknown.join(', ')}; expected a list of ${allowed!.join(', ')}`;
      this._bad(name, raw, expected, known.length > 0 ? `using ${known.join(',')}` : undefined);
      return known.length > 0 ? known : undefined;
    }
    return items;
  }

  private _bad(name: string, raw: string, expected: string, using = 'using the default'): void {
    this._problems.push(`${name}="${raw}" is invalid (${expected}); ${using}`);
  }
}
