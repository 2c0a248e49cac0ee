import path from 'node:path';
import { AnthropicServer } from '../helpers/anthropic-server';
import { OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { freePort, jsonLine, parsePrometheus, ROOT, runFixture, type FixtureResult } from '../helpers/spawn-fixture';

/** The app fixtures: the same scenarios loaded through require and import, for the root SDK (1.x) and test/versions/anthropic-v0 (0.39). */
export const APPS = {
  cjs: path.join(ROOT, 'test', 'fixtures', 'anthropic', 'app.cjs'),
  esm: path.join(ROOT, 'test', 'fixtures', 'anthropic', 'app.mjs'),
  v0cjs: path.join(ROOT, 'test', 'versions', 'anthropic-v0', 'app.cjs'),
  v0esm: path.join(ROOT, 'test', 'versions', 'anthropic-v0', 'app.mjs'),
};

export const REGISTER = { cjs: ['-r', '@agentmeter/sdk/register'], esm: ['--import', '@agentmeter/sdk/register'] };

export interface AppRun {
  result: FixtureResult;
  /** What the app saw, per scenario. */
  results: Record<string, { ok: boolean; value?: any; error?: any }>;
  sdkVersion: string;
  spans: ReceivedSpan[];
  metrics: string;
  server: AnthropicServer;
}

/**
 * Runs one fixture app against a fresh loopback Anthropic server: with
 * agentmeter (flags given; OTLP to a loopback receiver, /metrics scraped
 * while the app waits) or plain (no flags, FIXTURE_PLAIN=1, agentmeter never loaded).
 */
export async function runApp(script: string, flags: string[] | undefined, env: Record<string, string> = {}): Promise<AppRun> {
  const server = new AnthropicServer();
  const receiver = new OtlpReceiver();
  const baseURL = await server.start();
  const otlp = await receiver.start();
  const port = await freePort();
  let metrics = '';
  try {
    const result = await runFixture(script, {
      flags: flags ?? [],
      timeoutMs: 90_000,
      env: {
        ANTHROPIC_TEST_BASE_URL: baseURL,
        FIXTURE_PLAIN: flags ? undefined : '1',
        OTEL_SERVICE_NAME: 'anthropic-app',
        OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
        OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
        OTEL_METRICS_EXPORTER: 'prometheus',
        OTEL_BSP_SCHEDULE_DELAY: '50',
        ...env,
      },
      whenReady: flags
        ? async () => {
            metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
          }
        : undefined,
    });
    const line = jsonLine(result.stdout, 'results');
    return { result, results: line.results, sdkVersion: line.sdkVersion, spans: receiver.spans, metrics, server };
  } finally {
    await server.stop();
    await receiver.stop();
  }
}

/** The spans named `name` whose parent span is named `parentName`. */
export function spansUnder(spans: ReceivedSpan[], parentName: string, name?: string): ReceivedSpan[] {
  const parents = new Set(spans.filter(s => s.name === parentName).map(s => s.spanId));
  return spans.filter(s => s.parentSpanId !== undefined && parents.has(s.parentSpanId) && (name === undefined || s.name === name));
}

/** Prometheus samples of `name` whose labels include `labels`. */
export function samples(metrics: string, name: string, labels: Record<string, string>) {
  return parsePrometheus(metrics).filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}
