import { freePort, jsonLine, parsePrometheus, runFixture } from './helpers/spawn-fixture';

const value = (metrics: string[], name: string, labels: Record<string, string>) =>
  parsePrometheus(metrics.join('\n'))
    .filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);

it('keeps memory bounded under 100 000 traces of 25 spans at concurrency 64, analysing every trace', async () => {
  const result = await runFixture('processor-load.mjs', {
    // a 96 MB old space: a leak of per-trace state would run out of heap long before the end
    flags: ['--max-old-space-size=96'],
    args: ['load'],
    env: { PROM_PORT: String(await freePort()), TRACES: '100000', CONCURRENCY: '64' },
    timeoutMs: 300_000,
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const r = jsonLine<{ rssMaxMb: number; rssFirstHalfMaxMb: number; rssSecondHalfMaxMb: number; elapsedMs: number; metrics: string[] }>(result.stdout, 'result');
  process.stdout.write(`processor load: 100000 traces in ${(r.elapsedMs / 1000).toFixed(1)}s, RSS max ${r.rssMaxMb.toFixed(0)} MB (first half ${r.rssFirstHalfMaxMb.toFixed(0)} MB, second half ${r.rssSecondHalfMaxMb.toFixed(0)} MB)\n`);
  expect(value(r.metrics, 'agentmeter_workflow_duration_count', { gen_ai_workflow_name: 'load' })).toBe(100000);
  expect(value(r.metrics, 'agentmeter_spans_processed_total', {})).toBe(2_500_000);
  expect(value(r.metrics, 'agentmeter_spans_late_total', {})).toBe(0);
  expect(value(r.metrics, 'agentmeter_traces_evicted_total', {})).toBe(0);
  // bounded: no growth with run length beyond noise, and an absolute ceiling
  expect(r.rssSecondHalfMaxMb).toBeLessThan(r.rssFirstHalfMaxMb * 1.25 + 20);
  expect(r.rssMaxMb).toBeLessThan(250);
});

it('counts spans that end after their root as late and evicted traces by reason, analysing them as partial', async () => {
  const result = await runFixture('processor-load.mjs', { args: ['late'], env: { PROM_PORT: String(await freePort()) } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const { metrics } = jsonLine<{ metrics: string[] }>(result.stdout, 'result');
  // 5 fire-and-forget tool calls outlived their workflow
  expect(value(metrics, 'agentmeter_spans_late_total', { gen_ai_workflow_name: 'fire-and-forget', agentmeter_category: 'tool' })).toBe(5);
  expect(value(metrics, 'agentmeter_workflow_duration_count', { gen_ai_workflow_name: 'fire-and-forget' })).toBe(5);
  // 15 stuck traces with room for 10: 5 evicted for capacity, the other 10 for age (200 ms)
  expect(value(metrics, 'agentmeter_traces_evicted_total', { reason: 'capacity' })).toBe(5);
  expect(value(metrics, 'agentmeter_traces_evicted_total', { reason: 'age' })).toBe(10);
  // each stuck trace had recorded its one ended child span when it was evicted
  expect(value(metrics, 'agentmeter_spans_evicted_total', { reason: 'capacity' })).toBe(5);
  expect(value(metrics, 'agentmeter_spans_evicted_total', { reason: 'age' })).toBe(10);
  expect(value(metrics, 'agentmeter_workflow_duration_count', { gen_ai_workflow_name: 'stuck', agentmeter_partial: 'true' })).toBe(15);
  // their roots ended after the eviction: late, never silently lost
  expect(value(metrics, 'agentmeter_spans_late_total', { gen_ai_workflow_name: 'stuck', agentmeter_category: 'workflow' })).toBe(15);
});
