import { jsonLine, runFixture } from './helpers/spawn-fixture';

it('keeps an unhandled rejection unhandled and a handled one handled, exactly as without agentmeter', async () => {
  const runs = await Promise.all(['off', 'on'].map(mode => runFixture('unhandled-rejection.mjs', { args: [mode] })));
  for (const run of runs) expect(run.code).toBe(0);
  const [without, withAgentmeter] = runs.map(run => jsonLine<{ reasons: string[] }>(run.stdout, 'result').reasons);
  expect(without).toEqual(['nobody listens']);
  expect(withAgentmeter).toEqual(without);
});
