'use strict';
// The same app as test/fixtures/anthropic/app.cjs, resolving @anthropic-ai/sdk 0.x from this directory.
const { runEntry } = require('../../fixtures/anthropic/entry.cjs');

runEntry(require('@anthropic-ai/sdk'), require('@anthropic-ai/sdk/version').VERSION, process.env.FIXTURE_PLAIN ? undefined : require('@agentmeter/sdk'));
