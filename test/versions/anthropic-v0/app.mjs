// The same app as test/fixtures/anthropic/app.mjs, importing @anthropic-ai/sdk 0.x from this directory.
import * as anthropic from '@anthropic-ai/sdk';
import { VERSION } from '@anthropic-ai/sdk/version';
import { createRequire } from 'node:module';

const { runEntry } = createRequire(import.meta.url)('../../fixtures/anthropic/entry.cjs');
runEntry(anthropic, VERSION, process.env.FIXTURE_PLAIN ? undefined : await import('@agentmeter/sdk'));
