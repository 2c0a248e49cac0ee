import { AgentsOpenAIServer, type ReceivedRequest, type Step } from '../helpers/agents-openai-server';
import { OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { freePort, jsonLine, parsePrometheus, runFixture, type FixtureResult } from '../helpers/spawn-fixture';

/** Shared by the openai-agents*.test.ts files: runs test/fixtures/openai-agents/app.{cjs,mjs} in a child process. */

export const SCOPE = '@agentmeter/instrumentation-openai-agents';

export const VARIANTS = [
  { name: 'ESM app with --import @agentmeter/sdk/register', script: 'openai-agents/app.mjs', flags: ['--import', '@agentmeter/sdk/register'] },
  { name: 'CommonJS app with -r @agentmeter/sdk/register', script: 'openai-agents/app.cjs', flags: ['-r', '@agentmeter/sdk/register'] },
];

export interface AppRun {
  result: FixtureResult;
  /** What the app's flow returned. */
  out: any;
  spans: ReceivedSpan[];
  metrics: string;
  requests: ReceivedRequest[];
}

/**
 * One app run against a fresh loopback OpenAI server with the given scripts:
 * with agentmeter (flags given; OTLP to a loopback receiver, /metrics scraped
 * while the app waits) or plain (no flags, FIXTURE_PLAIN=1: agentmeter is
 * never loaded). OPENAI_API_KEY is removed from the child's environment, so
 * the Agents SDK's default exporter has no key and sends nothing; NODE_ENV
 * (jest sets `test`) too, since the SDK turns its tracing off under it.
 */
export async function runApp(
  script: string,
  flags: string[] | undefined,
  flow: string,
  scripts: Record<string, Step[]>,
  env: Record<string, string> = {},
): Promise<AppRun> {
  const server = new AgentsOpenAIServer();
  for (const [name, steps] of Object.entries(scripts)) server.script(name, steps);
  const receiver = new OtlpReceiver();
  const url = await server.start();
  const otlp = await receiver.start();
  const port = await freePort();
  let metrics = '';
  try {
    const result = await runFixture(script, {
      flags: flags ?? [],
      args: [flow],
      timeoutMs: 90_000,
      env: {
        AGENTS_OPENAI_URL: url,
        FIXTURE_PLAIN: flags ? undefined : '1',
        OPENAI_API_KEY: undefined,
        NODE_ENV: undefined,
        OPENAI_AGENTS_DISABLE_TRACING: undefined,
        OTEL_SERVICE_NAME: 'agents-app',
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
    let out: unknown;
    try {
      out = jsonLine(result.stdout, 'ready').result;
    } catch {
      throw new Error(`app did not finish: code ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
    }
    return { result, out, spans: receiver.spans, metrics, requests: server.requests };
  } finally {
    await server.stop();
    await receiver.stop();
  }
}

export const durationMs = (span: ReceivedSpan): number => Number(span.endNs - span.startNs) / 1e6;

/** Prometheus samples with the given name whose labels include `labels`. */
export function samples(metrics: string, name: string, labels: Record<string, string>) {
  return parsePrometheus(metrics).filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The one span with this name (and scope, if given). */
export function only(spans: ReceivedSpan[], name: string, scope?: string): ReceivedSpan {
  const found = spans.filter(s => s.name === name && (scope === undefined || s.scope === scope));
  if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}: ${spans.map(s => s.name).join(', ')}`);
  return found[0];
}

/** Descendants of a span (by parent ids) in a list of spans. */
export function descendants(spans: ReceivedSpan[], root: ReceivedSpan): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  const ids = new Set([root.spanId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const span of spans) {
      if (span.parentSpanId && ids.has(span.parentSpanId) && !ids.has(span.spanId)) {
        ids.add(span.spanId);
        out.push(span);
        grew = true;
      }
    }
  }
  return out;
}

const PRECEDENCE = ['llm', 'tool', 'state', 'serialization', 'agent'] as const;

function category(span: ReceivedSpan): (typeof PRECEDENCE)[number] | undefined {
  const op = span.attributes['gen_ai.operation.name'];
  if (op === 'chat') return 'llm';
  if (op === 'execute_tool') return 'tool';
  if (op === 'invoke_agent') return 'agent';
  if (span.attributes['agentmeter.state.operation'] !== undefined) return 'state';
  return undefined;
}

/**
 * An independent computation of the documented breakdown (DESIGN.md: each
 * instant of the root goes to the highest-precedence active work category,
 * llm > tool > state > serialization > agent, else coordination), from the
 * exported spans, in ms; the test compares it with what the processor wrote.
 */
export function expectedBreakdown(spans: ReceivedSpan[], root: ReceivedSpan): Record<string, number> {
  const events: Array<{ t: bigint; c: number; d: 1 | -1 }> = [];
  for (const span of descendants(spans, root)) {
    const c = category(span);
    if (c === undefined) continue;
    const s = span.startNs < root.startNs ? root.startNs : span.startNs;
    const e = span.endNs > root.endNs ? root.endNs : span.endNs;
    if (e <= s) continue;
    events.push({ t: s, c: PRECEDENCE.indexOf(c), d: 1 }, { t: e, c: PRECEDENCE.indexOf(c), d: -1 });
  }
  events.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
  const active = [0, 0, 0, 0, 0];
  const total = [0, 0, 0, 0, 0, 0];
  let previous = root.startNs;
  const owner = () => {
    const i = active.findIndex(n => n > 0);
    return i < 0 ? 5 : i;
  };
  for (const event of events) {
    total[owner()] += Number(event.t - previous);
    previous = event.t;
    active[event.c] += event.d;
  }
  total[owner()] += Number(root.endNs - previous);
  const ms = (ns: number) => ns / 1e6;
  return { llm: ms(total[0]), tool: ms(total[1]), state: ms(total[2]), serialization: ms(total[3]), agent: ms(total[4]), coordination: ms(total[5]) };
}
