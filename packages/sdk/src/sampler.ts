import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  createAlwaysRecordSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace';
import type { ResolvedConfig } from './config.js';

/**
 * The standard OTEL_TRACES_SAMPLER choices, wrapped so that every span is
 * still *recorded*: the span processor sees all of them (metrics and the
 * analysis stay complete), while only sampled spans are exported.
 */
export function createSampler(config: ResolvedConfig['sampler']): Sampler {
  return createAlwaysRecordSampler(baseSampler(config));
}

function baseSampler({ name, ratio }: ResolvedConfig['sampler']): Sampler {
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio);
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) });
    case 'parentbased_always_on':
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
