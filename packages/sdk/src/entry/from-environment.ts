import { register as registerLoaderHooks } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { reportInternalError } from '../diag.js';
import { register } from '../register.js';

/**
 * The zero-code start behind `node --import @agentmeter/sdk/register` and
 * `node -r @agentmeter/sdk/register`: for ESM apps it installs
 * import-in-the-middle's loader hook (so ESM imports of instrumented
 * libraries can be patched — the OpenTelemetry auto-instrumentations'
 * `register` entry leaves this to the user), then calls register()
 * configured from the environment only. The CommonJS entry installs no
 * loader hook: require() is hooked by require-in-the-middle, and on Node 20
 * a `-r` preload would also run inside the loader's worker thread.
 * The returned promise settles once the loader thread knows which modules
 * to hook; the ESM entry awaits it so the app's imports come after. Spans
 * and metrics still buffered are flushed when the process is about to exit
 * (`beforeExit`; an app that calls process.exit() itself should not rely on it).
 */
export function registerFromEnvironment({ esm }: { esm: boolean }): Promise<void> {
  let ready: Promise<void> = Promise.resolve();
  if (esm) {
    try {
      const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
      registerLoaderHooks('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
      ready = waitForAllMessagesAcknowledged();
    } catch (error) {
      reportInternalError('entry.loaderHook', error);
    }
  }
  const handle = register();
  // No app code holds the handle here: flush and stop once the app has nothing left to do.
  process.once('beforeExit', () => void handle.shutdown());
  return ready.catch(error => reportInternalError('entry.loaderHook', error));
}
