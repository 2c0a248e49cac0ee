/**
 * `node --import @agentmeter/sdk/register app.mjs`: starts agentmeter from
 * the environment (OTEL_*, AGENTMETER_*) before the app's first import.
 */
import { registerFromEnvironment } from './entry/from-environment.js';

await registerFromEnvironment({ esm: true });
