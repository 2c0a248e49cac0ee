import { freePort, jsonLine, runFixture } from './helpers/spawn-fixture';

/** Runs the same CPU-only flow with no OTLP and with an OTLP endpoint where nothing listens. */
async function run(deadEndpoint: string | undefined) {
  const result = await runFixture('dead-collector.mjs', {
    env: {
      PROM_PORT: String(await freePort()),
      DEAD_OTLP_ENDPOINT: deadEndpoint,
      // The OTLP exporter retries refused connections until this deadline (default 10 s).
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
      OTEL_BSP_SCHEDULE_DELAY: '20',
    },
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return jsonLine<{ flowMs: number; flushMs: number; exportErrors: number }>(result.stdout, 'result');
}

it('an OTLP endpoint where nothing listens neither slows nor breaks the app, and failed exports are counted', async () => {
  const deadEndpoint = `http://127.0.0.1:${await freePort()}`;
  // interleave baseline and dead-collector runs so machine load affects both alike
  const baseline: number[] = [];
  const dead: Array<{ flowMs: number; flushMs: number; exportErrors: number }> = [];
  for (let round = 0; round < 2; round++) {
    baseline.push((await run(undefined)).flowMs);
    dead.push(await run(deadEndpoint));
  }
  const best = (values: number[]) => Math.min(...values);
  // exports run in the batch processor, off the request path: the flow itself is not held up
  expect(best(dead.map(d => d.flowMs))).toBeLessThan(best(baseline) * 1.5 + 100);
  // a flush gives up at the export deadline instead of hanging
  for (const d of dead) expect(d.flushMs).toBeLessThan(5000);
  for (const d of dead) expect(d.exportErrors).toBeGreaterThanOrEqual(1);
});
