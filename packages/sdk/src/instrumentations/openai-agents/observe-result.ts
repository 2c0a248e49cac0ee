import { reportInternalError } from '../../diag.js';

/**
 * Watches how a wrapped call's result settles, the way manual/with-span.ts
 * does: a plain (native) promise is handed back as the promise that settles
 * once `onSettled` has run, with the same value or the same error — so an
 * unhandled rejection stays unhandled, exactly as without agentmeter; a
 * Promise subclass is returned as the very object and observed (its class
 * and methods stay); anything else is returned as is, settled at once.
 */
export function observeResult<R>(result: R, where: string, onSettled: (failed: boolean, valueOrError: unknown) => void): R {
  const notify = (failed: boolean, valueOrError: unknown) => {
    try {
      onSettled(failed, valueOrError);
    } catch (error) {
      reportInternalError(where, error);
    }
  };
  if (!(result instanceof Promise)) {
    notify(false, result);
    return result;
  }
  if (Object.getPrototypeOf(result) === Promise.prototype) {
    return result.then(
      value => {
        notify(false, value);
        return value;
      },
      error => {
        notify(true, error);
        throw error;
      },
    ) as R;
  }
  result.then(
    value => notify(false, value),
    error => notify(true, error),
  );
  return result;
}
