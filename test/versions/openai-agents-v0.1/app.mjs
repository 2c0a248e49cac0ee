// @openai/agents 0.1.x (nested here by npm workspaces), ESM; flows shared with test/fixtures/openai-agents.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as agents from '@openai/agents';
import { OpenAI } from 'openai';
import { z } from 'zod';
import * as api from '@opentelemetry/api';

const require = createRequire(import.meta.url);
const sdk = process.env.FIXTURE_PLAIN ? { withState: (_spec, fn) => fn() } : await import('@agentmeter/sdk');
const flows = require('../../fixtures/openai-agents/flows.cjs');
const result = await flows[process.argv[2]]({ agents, OpenAI, z, api, sdk });
console.log(JSON.stringify({ type: 'ready', result, version: JSON.parse(readFileSync(new URL('./node_modules/@openai/agents/package.json', import.meta.url), 'utf8')).version }));
process.stdin.resume();
await once(process.stdin, 'end');
