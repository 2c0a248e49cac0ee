import { freePort, jsonLine, runFixture } from './helpers/spawn-fixture';

async function run(scenario: string, env: Record<string, string> = {}) {
  const result = await runFixture('register-behaviour.mjs', { args: [scenario], env: { PROM_PORT: String(await freePort()), ...env } });
  expect(result.code).toBe(0);
  return { ...jsonLine(result.stdout, 'result'), stderr: result.stderr };
}

it('returns the first handle from a second register() call, warning once, and shuts down idempotently', async () => {
  const r = await run('twice');
  expect(r).toMatchObject({ sameHandle: true, metrics: true, shutdownTwice: true });
  expect(r.stderr.match(/register\(\) was called more than once/g)).toHaveLength(1);
});

it('starts nothing under OTEL_SDK_DISABLED=true, while the manual API still runs the function', async () => {
  const r = await run('disabled', { OTEL_SDK_DISABLED: 'true' });
  expect(r).toMatchObject({ value: 42, metrics: false });
});

it('reports an invalid environment value once, naming the variable and value, and uses the default', async () => {
  const r = await run('twice', { AGENTMETER_CARDINALITY_LIMIT: 'lots', OTEL_TRACES_SAMPLER: 'sometimes' });
  expect(r.metrics).toBe(true);
  expect(r.stderr.match(/AGENTMETER_CARDINALITY_LIMIT="lots" is invalid/g)).toHaveLength(1);
  expect(r.stderr).toContain('OTEL_TRACES_SAMPLER="sometimes" is invalid');
});

it('throws an AgentmeterConfigError naming the option for an invalid explicit option', async () => {
  const r = await run('bad-option');
  expect(r.error).toEqual({
    isConfigError: true,
    path: 'prometheus.port',
    message: 'agentmeter: invalid option prometheus.port: expected number to be <=65535, got 70000',
  });
});

it('keeps the app running when the Prometheus port is taken, reporting it through diag', async () => {
  const r = await run('port-taken');
  expect(r.value).toBe('still works');
  expect(r.stderr).toMatch(/internal error in prometheus\.listen.*EADDRINUSE/);
});
