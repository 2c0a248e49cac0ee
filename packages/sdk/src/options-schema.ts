import { z } from 'zod';
import { AgentmeterConfigError } from './errors.js';
import { INSTRUMENTATION_NAMES } from './instrumentations/names.js';

/** Schema of register()'s explicit options; unknown keys are errors (a typo is a mistake worth seeing). */
const price = z
  .object({
    inputPerMillion: z.number().nonnegative(),
    outputPerMillion: z.number().nonnegative(),
    cacheReadPerMillion: z.number().nonnegative().optional(),
    cacheWritePerMillion: z.number().nonnegative().optional(),
  })
  .strict();

const port = z.number().int().min(1).max(65535);
const positiveInt = z.number().int().min(1);

const schema = z
  .object({
    serviceName: z.string().min(1).optional(),
    prometheus: z
      .union([
        z.literal(false),
        z.object({ port: port.optional(), host: z.string().min(1).optional(), endpoint: z.string().startsWith('/').optional() }).strict(),
      ])
      .optional(),
    otlp: z
      .union([
        z.literal(false),
        z.object({ endpoint: z.url({ protocol: /^https?$/ }).optional(), headers: z.record(z.string(), z.string()).optional() }).strict(),
      ])
      .optional(),
    captureContent: z.boolean().optional(),
    contentMaxLength: positiveInt.optional(),
    pricing: z.record(z.string().min(1), price).optional(),
    cardinalityLimit: positiveInt.optional(),
    analysis: z
      .object({
        enabled: z.boolean().optional(),
        thresholds: z.record(z.string(), z.unknown()).optional(),
        maxOpenTraces: positiveInt.optional(),
        maxSpansPerTrace: positiveInt.optional(),
        maxTraceAgeMs: positiveInt.optional(),
        eventLoopBlockedMs: z.number().int().min(0).optional(),
        onTrace: z.custom<(analysis: unknown) => void>(v => typeof v === 'function', 'expected a function').optional(),
      })
      .strict()
      .optional(),
    spanProcessors: z
      .array(z.custom(v => typeof (v as { onEnd?: unknown })?.onEnd === 'function', 'expected a SpanProcessor (an object with onStart/onEnd/forceFlush/shutdown)'))
      .optional(),
    instrumentations: z
      .array(z.custom(v => typeof (v as { enable?: unknown })?.enable === 'function', 'expected an OpenTelemetry Instrumentation'))
      .optional(),
    disabledInstrumentations: z.array(z.enum(INSTRUMENTATION_NAMES)).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();

export function validateOptions(options: unknown): void {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new AgentmeterConfigError('invalid_type', 'options', `expected an object, got ${describe(options)}`);
  }
  const result = schema.safeParse(options);
  if (result.success) return;
  const issue = deepest(result.error.issues[0]);
  const path = issue.path.map(String).join('.') || 'options';
  const got = valueAt(options, issue.path);
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`
      : `${tidy(issue.message)}, got ${describe(got)}`;
  const fullPath = issue.code === 'unrecognized_keys' && issue.path.length === 0 ? issue.keys.join(', ') : path;
  throw new AgentmeterConfigError(issue.code, fullPath, message);
}

type Issue = z.core.$ZodIssue;

/** For a union (`false | {…}`) report the branch the user meant: the one whose error goes deepest. */
function deepest(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    for (const inner of branch) {
      if (!best || inner.path.length > best.path.length || inner.code === 'unrecognized_keys') best = inner;
    }
  }
  if (!best || best.code === 'invalid_value') return { ...issue, message: 'expected false or an options object' };
  return deepest({ ...best, path: [...issue.path, ...best.path] } as Issue);
}

/** zod's "Invalid input: expected int, received number" → "expected an integer" (we add the value ourselves). */
function tidy(message: string): string {
  return message
    .replace(/^Invalid input: /, '')
    .replace(/^Too (big|small): /, '')
    .replace(/, received \w+$/, '')
    .replace(/^expected int$/, 'expected an integer');
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  return value;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}
