import { resolveConfig } from '../src/config';
import { AgentmeterConfigError } from '../src/errors';

const env = (vars: Record<string, string> = {}) => vars;

describe('explicit options', () => {
  const invalid: Array<[string, unknown, string, RegExp]> = [
    ['a port out of range', { prometheus: { port: 70000 } }, 'prometheus.port', /<=65535, got 70000/],
    ['a port of the wrong type', { prometheus: { port: '9464' } }, 'prometheus.port', /expected number, got "9464"/],
    ['an unknown option (a typo)', { servicename: 'x' }, 'servicename', /unknown option servicename/],
    ['an unknown key inside prometheus', { prometheus: { prot: 1 } }, 'prometheus', /unknown option prot/],
    ['an OTLP endpoint that is no http(s) URL', { otlp: { endpoint: 'grpc://collector:4317' } }, 'otlp.endpoint', /URL/i],
    ['an unknown exporter setting', { otlp: { protocol: 'grpc' } }, 'otlp', /unknown option protocol/],
    ['prometheus: true instead of an object', { prometheus: true }, 'prometheus', /expected false or an options object, got true/],
    ['a negative price', { pricing: { 'ft:gpt': { inputPerMillion: -1, outputPerMillion: 1 } } }, 'pricing.ft:gpt.inputPerMillion', />=0, got -1/],
    ['a span processor that is not one', { spanProcessors: [{}] }, 'spanProcessors.0', /SpanProcessor/],
    ['a non-integer cardinality limit', { cardinalityLimit: 1.5 }, 'cardinalityLimit', /integer/],
    ['a non-boolean captureContent', { captureContent: 'yes' }, 'captureContent', /expected boolean, got "yes"/],
    ['an instrumentation name that does not exist', { disabledInstrumentations: ['openai', 'open-ai'] }, 'disabledInstrumentations.1', /openai-agents.*got "open-ai"/],
  ];

  it.each(invalid)('reject %s with an AgentmeterConfigError naming the option', (_what, options, path, message) => {
    let error: unknown;
    try {
      resolveConfig(options as never, env());
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AgentmeterConfigError);
    expect((error as AgentmeterConfigError).path).toBe(path);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toContain(path);
  });

  it('rejects a non-object', () => {
    expect(() => resolveConfig('fast' as never, env())).toThrow(/invalid option options: expected an object, got "fast"/);
  });

  it('win over the environment', () => {
    const { config } = resolveConfig(
      { serviceName: 'svc', prometheus: { port: 9999 }, captureContent: false, otlp: false, disabled: false },
      env({
        OTEL_EXPORTER_PROMETHEUS_PORT: '1234',
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_SDK_DISABLED: 'true',
      }),
    );
    expect(config).toMatchObject({ serviceName: 'svc', prometheus: { port: 9999 }, captureContent: false, otlp: false, disabled: false });
  });
});

describe('defaults and environment', () => {
  it('default to Prometheus on 9464/metrics, no OTLP, no content, 200 label values', () => {
    const { config, envProblems } = resolveConfig({}, env());
    expect(envProblems).toEqual([]);
    expect(config).toMatchObject({
      disabled: false,
      prometheus: { port: 9464, endpoint: '/metrics', host: undefined },
      otlp: false,
      captureContent: false,
      cardinalityLimit: 200,
      sampler: { name: 'parentbased_always_on', ratio: 1 },
      analysis: { maxOpenTraces: 10000, maxSpansPerTrace: 10000, maxTraceAgeMs: 300000, eventLoopBlockedMs: 50 },
    });
  });

  it('read the standard OTEL_* variables', () => {
    const { config, envProblems } = resolveConfig(
      {},
      env({
        OTEL_EXPORTER_PROMETHEUS_PORT: '9500',
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
        OTEL_SDK_DISABLED: 'false',
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
        OTEL_METRICS_EXPORTER: 'prometheus,otlp',
        AGENTMETER_DISABLED_INSTRUMENTATIONS: 'openai, langchain',
      }),
    );
    expect(envProblems).toEqual([]);
    expect(config).toMatchObject({
      prometheus: { port: 9500, host: '127.0.0.1' },
      otlp: { endpoint: undefined, metrics: true },
      captureContent: true,
      sampler: { name: 'parentbased_traceidratio', ratio: 0.25 },
      disabledInstrumentations: ['openai', 'langchain'],
    });
  });

  it('honour OTEL_SDK_DISABLED and OTEL_METRICS_EXPORTER=none', () => {
    expect(resolveConfig({}, env({ OTEL_SDK_DISABLED: 'true' })).config.disabled).toBe(true);
    expect(resolveConfig({}, env({ OTEL_METRICS_EXPORTER: 'none' })).config.prometheus).toBe(false);
  });

  it('replace each invalid environment value by its default and name the variable and value', () => {
    const { config, envProblems } = resolveConfig(
      {},
      env({
        OTEL_EXPORTER_PROMETHEUS_PORT: 'ninety',
        OTEL_SDK_DISABLED: 'maybe',
        OTEL_TRACES_SAMPLER: 'sometimes',
        OTEL_TRACES_SAMPLER_ARG: '2',
        OTEL_METRICS_EXPORTER: 'prometheus,zipkin',
        AGENTMETER_CARDINALITY_LIMIT: '-3',
      }),
    );
    expect(config.prometheus).toMatchObject({ port: 9464 });
    expect(config.disabled).toBe(false);
    expect(config.sampler).toEqual({ name: 'parentbased_always_on', ratio: 1 });
    expect(config.cardinalityLimit).toBe(200);
    expect(envProblems).toEqual([
      expect.stringContaining('OTEL_METRICS_EXPORTER="prometheus,zipkin" is invalid (unknown value(s) zipkin'),
      expect.stringContaining('OTEL_EXPORTER_PROMETHEUS_PORT="ninety" is invalid'),
      expect.stringContaining('OTEL_SDK_DISABLED="maybe" is invalid'),
      expect.stringContaining('AGENTMETER_CARDINALITY_LIMIT="-3" is invalid'),
      expect.stringContaining('OTEL_TRACES_SAMPLER="sometimes" is invalid'),
      expect.stringContaining('OTEL_TRACES_SAMPLER_ARG="2" is invalid'),
    ]);
  });

  it('keep the known names of AGENTMETER_DISABLED_INSTRUMENTATIONS and name the unknown ones', () => {
    const { config, envProblems } = resolveConfig({}, env({ AGENTMETER_DISABLED_INSTRUMENTATIONS: 'openai,open-ai' }));
    expect(config.disabledInstrumentations).toEqual(['openai']);
    expect(envProblems).toEqual([
      expect.stringMatching(/^AGENTMETER_DISABLED_INSTRUMENTATIONS="openai,open-ai" is invalid \(unknown value\(s\) open-ai; expected a list of ioredis, .*mcp\); using openai$/),
    ]);
  });
});
