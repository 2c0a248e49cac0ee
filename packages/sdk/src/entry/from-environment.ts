import { register as registerLoaderHooks } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { reportInternalError } from '../diag.js';
import { register } from '../register.js';

/**
 * The zero-code start behind `node --import @agentmeter/sdk/register` and
 * `node -r @agentmeter/sdk/register`: installs import-in-the-middle's loader
 * hook (so ESM imports of instrumented libraries can be patched — the
 * OpenTelemetry auto-instrumentations' `register` entry leaves this to the
 * user), then calls register() configured from the environment only.
 * The returned promise settles once the loader thread knows which modules
 * to hook; the ESM entry awaits it so the app's imports come after.
 */
export function registerFromEnvironment(): Promise<void> {
  let ready: Promise<void> = Promise.resolve();
  try {
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    registerLoaderHooks('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
    ready = waitForAllMessagesAcknowledged();
  } catch (error) {
    reportInternalError('entry.loaderHook', error);
  }
  register();
  return ready.catch(error => reportInternalError('entry.loaderHook', error));
}
