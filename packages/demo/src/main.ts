/**
 * `npm run demo`: a small multi-agent service instrumented with agentmeter.
 * Runs a fixed number of research-report requests (a few at a time), serves
 * Prometheus metrics while it runs, and prints a summary plus the profile of
 * the median and the slowest request. Needs no external service.
 *
 *   node packages/demo/dist/main.js [--requests 40] [--concurrency 4] [--port 9464] [--keep-alive]
 */
import { formatProfile, register, type TraceAnalysis } from '@agentmeter/sdk';
import { Random } from './random.js';
import { ResearchWorkflow } from './research-workflow.js';
import { formatSummary } from './summary.js';

const TOPICS = ['EV market', 'solid-state batteries', 'heat pumps', 'grid storage', 'e-bikes', 'hydrogen trucks'];

interface DemoOptions {
  requests: number;
  concurrency: number;
  port: number;
  keepAlive: boolean;
}

function parseArgs(argv: string[]): DemoOptions {
  const value = (flag: string, fallback: number) => {
    const i = argv.indexOf(flag);
    const parsed = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`${flag} expects a positive integer, got ${argv[i + 1]}`);
    return parsed;
  };
  return {
    requests: value('--requests', 40),
    concurrency: value('--concurrency', 4),
    port: value('--port', Number(process.env.DEMO_PORT ?? 9464)),
    keepAlive: argv.includes('--keep-alive'),
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const analyses: TraceAnalysis[] = [];
  const handle = register({
    serviceName: 'agentmeter-demo',
    prometheus: { port: options.port },
    analysis: { onTrace: analysis => analyses.push(analysis) },
  });
  const metricsUrl = `http://localhost:${options.port}/metrics`;
  process.stdout.write(`agentmeter demo: ${options.requests} requests, ${options.concurrency} at a time; metrics at ${metricsUrl}\n`);

  const workflow = new ResearchWorkflow(new Random(20261125));
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < options.requests) {
      const i = next++;
      await workflow.run(TOPICS[i % TOPICS.length]);
      if ((i + 1) % 10 === 0) process.stdout.write(`  ${i + 1} requests done\n`);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsedMs = performance.now() - started;

  const reachable = await fetch(metricsUrl).then(r => r.ok, () => false);
  process.stdout.write(`${formatSummary(analyses, elapsedMs, reachable ? metricsUrl : undefined)}\n`);
  const byWall = [...analyses].sort((a, b) => a.wallNs - b.wallNs);
  if (byWall.length > 0) {
    process.stdout.write(`\n${formatProfile(byWall[Math.floor((byWall.length - 1) / 2)], { title: 'median request' })}\n`);
    process.stdout.write(`\n${formatProfile(byWall[byWall.length - 1], { title: 'slowest request' })}\n`);
  }
  if (options.keepAlive) {
    process.stdout.write(`\nserving ${metricsUrl} until interrupted (Ctrl-C)\n`);
    setInterval(() => {}, 1 << 30);
    process.once('SIGINT', () => void handle.shutdown().then(() => process.exit(0)));
    process.once('SIGTERM', () => void handle.shutdown().then(() => process.exit(0)));
    return;
  }
  await handle.shutdown();
}

main().catch(error => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
