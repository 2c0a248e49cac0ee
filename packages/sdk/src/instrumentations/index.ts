import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { ResolvedConfig } from '../config.js';

/**
 * The auto-instrumentations register() enables, minus those named in
 * `disabledInstrumentations`. Each is an InstrumentationBase, so it hooks
 * both `require` and ESM `import` of its library.
 */
export function defaultInstrumentations(config: ResolvedConfig): Instrumentation[] {
  const all: Array<{ name: string; create: () => Instrumentation }> = [];
  const disabled = new Set(config.disabledInstrumentations);
  return all.filter(entry => !disabled.has(entry.name)).map(entry => entry.create());
}
