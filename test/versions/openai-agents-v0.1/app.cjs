'use strict';
// @openai/agents 0.1.x (nested here by npm workspaces), CommonJS; flows shared with test/fixtures/openai-agents.
const { once } = require('node:events');
const flows = require('../../fixtures/openai-agents/flows.cjs');

(async () => {
  const modules = {
    agents: require('@openai/agents'),
    OpenAI: require('openai').OpenAI,
    z: require('zod').z,
    api: require('@opentelemetry/api'),
    sdk: process.env.FIXTURE_PLAIN ? { withState: (_spec, fn) => fn() } : require('@agentmeter/sdk'),
  };
  const result = await flows[process.argv[2]](modules);
  console.log(JSON.stringify({ type: 'ready', result, version: require('node:fs').readFileSync(require('node:path').join(__dirname, 'node_modules/@openai/agents/package.json'), 'utf8').match(/"version": "([^"]+)"/)[1] }));
  process.stdin.resume();
  await once(process.stdin, 'end');
})();
