// ES module app resolving openai 5.x from this directory's node_modules.
import OpenAI from 'openai';
import { VERSION } from 'openai/version';
import * as sdk from '@agentmeter/sdk';
import run from '../../fixtures/openai/run.cjs';

await run.main({ OpenAI, sdk, version: VERSION });
