import { diag } from '@opentelemetry/api';

/** The package's diag logger; silent unless the app sets a diag logger or OTEL_LOG_LEVEL. */
export const logger = diag.createComponentLogger({ namespace: '@agentmeter/sdk' });

type InternalErrorSink = (where: string) => void;

let sink: InternalErrorSink | undefined;
const reported = new Map<string, number>();
const MAX_DISTINCT_SITES = 100;

/** Self-telemetry hook: register() points this at the `agentmeter.internal.errors` counter. */
export function setInternalErrorSink(next: InternalErrorSink | undefined): void {
  sink = next;
}

/**
 * An internal failure that must not reach user code: logged through diag once
 * per site (then every 1000th occurrence with the count), and counted.
 * `where` is a low-cardinality site name, e.g. `processor.onEnd`.
 */
export function reportInternalError(where: string, error: unknown): void {
  try {
    const seen = (reported.get(where) ?? 0) + 1;
    if (seen === 1 || seen % 1000 === 0) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      logger.error(`internal error in ${where} (occurrence ${seen}): ${message}`);
    }
    if (reported.size < MAX_DISTINCT_SITES || reported.has(where)) reported.set(where, seen);
    sink?.(where);
  } catch {
    // Reporting must never throw either.
  }
}

/** Warn once per key (e.g. a deprecated option, a second register() call). */
const warnedOnce = new Set<string>();
export function warnOnce(key: string, message: string): void {
  if (warnedOnce.has(key)) return;
  warnedOnce.add(key);
  logger.warn(message);
}
