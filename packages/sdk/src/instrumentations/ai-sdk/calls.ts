/*
 * The replacements of `ai`'s generateText, streamText, generateObject and
 * streamObject. Each calls the original exactly once and returns what it
 * returned:
 * - generateText: the SDK's promise is observed through a derived promise
 *   (a native promise either way, resolving to the very result object). Not
 *   the original with a handler attached: that would mark it handled, and an
 *   app that forgets to catch would no longer get its unhandledRejection.
 * - streamText: the SDK's result object itself (textStream, fullStream,
 *   toUIMessageStreamResponse, … untouched). Its run ends through callbacks
 *   (see streamCallbacks) and through what its model streams do.
 * - generateObject / streamObject: one structured inference, not an agent
 *   loop: no invoke_agent span, only the `chat` spans of its model calls
 *   (gen_ai.output.type `json`); their results are returned as they are.
 * https://ai-sdk.dev/docs/reference/ai-sdk-core/stream-text
 */
import { context } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import { AgentRun, type Tracing } from './agent-run.js';
import { asObject, modelInfo } from './attributes.js';
import { functionIdOf, instrumentOptions, resolveModel } from './options.js';

type Fn = (this: unknown, ...args: unknown[]) => unknown;
type Obj = Record<string, unknown>;

export interface CallContext {
  tracing: Tracing;
  moduleExports: Obj;
  /** Major version of the `ai` package (callback names differ in ai@7). */
  major: number;
}

export function wrapGenerateText(original: Fn, ctx: CallContext): Fn {
  return function generateText(this: unknown, ...args: unknown[]) {
    const prepared = prepare(args, ctx, false);
    if (!prepared) return original.apply(this, args);
    const { run, options } = prepared;
    let result: unknown;
    try {
      result = context.with(run.context, () => original.call(this, options, ...args.slice(1)));
    } catch (error) {
      run.fail(error);
      run.end();
      throw error;
    }
    if (!(result instanceof Promise)) {
      // Not seen in ai@5–7 (generateText is an async function); kept for a thenable of another kind.
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        (result as PromiseLike<unknown>).then(
          () => run.end(),
          error => {
            run.fail(error);
            run.end();
          },
        );
      } else run.end();
      return result;
    }
    return result.then(
      value => {
        run.end();
        return value;
      },
      error => {
        run.fail(error);
        run.end();
        throw error;
      },
    );
  };
}

export function wrapStreamText(original: Fn, ctx: CallContext): Fn {
  return function streamText(this: unknown, ...args: unknown[]) {
    const prepared = prepare(args, ctx, true);
    if (!prepared) return original.apply(this, args);
    const { run, options } = prepared;
    try {
      Object.assign(options, streamCallbacks(options, run, ctx.major));
    } catch (error) {
      reportInternalError('ai-sdk.streamText.callbacks', error);
    }
    try {
      return context.with(run.context, () => original.call(this, options, ...args.slice(1)));
    } catch (error) {
      run.fail(error);
      run.end();
      throw error;
    }
  };
}

/** generateObject / streamObject: observed model calls only. */
export function wrapObjectCall(original: Fn, ctx: CallContext): Fn {
  return function objectCall(this: unknown, ...args: unknown[]) {
    let options: Obj;
    try {
      const app = asObject(args[0]);
      if (!app) return original.apply(this, args);
      options = instrumentOptions(app, resolveModel(app.model, ctx.moduleExports), ctx.tracing, undefined);
    } catch (error) {
      reportInternalError('ai-sdk.object', error);
      return original.apply(this, args);
    }
    return original.call(this, options, ...args.slice(1));
  };
}

function prepare(args: unknown[], ctx: CallContext, streaming: boolean): { run: AgentRun; options: Obj } | undefined {
  let run: AgentRun | undefined;
  try {
    const app = asObject(args[0]);
    if (!app) return undefined;
    const model = resolveModel(app.model, ctx.moduleExports);
    run = new AgentRun(ctx.tracing, context.active(), functionIdOf(app), modelInfo(model), streaming);
    return { run, options: instrumentOptions(app, model, ctx.tracing, run) };
  } catch (error) {
    reportInternalError('ai-sdk.prepare', error);
    run?.end();
    return undefined;
  }
}

/**
 * streamText's end-of-run callbacks, each calling the app's own first (so
 * spans the app opens in them belong to the run) and then ending the run:
 * onFinish (ai@7: onEnd, onFinish its deprecated alias), onAbort, and
 * onError. Identical across ai@5.0.277, 6.0.326 and 7.0.173: a completed run
 * calls onFinish; an abort calls onAbort; a provider error that ends the run
 * (retries exhausted) calls onError only; a connection reset mid-stream calls
 * none (the model stream fails: llm-call.ts ends the run); an app that stops
 * reading gets none either, and the SDK leaves the provider stream open, so
 * that run's span stays open too.
 *
 * Passing onError replaces the SDK's default, which is
 * `({ error }) => console.error(error)` in all three majors; without an
 * onError of the app's that default is reproduced, so the app's stderr is the
 * same with and without agentmeter (a test compares them).
 */
export function streamCallbacks(options: Obj, run: AgentRun, major: number): Obj {
  const endKey = major >= 7 && (options.onEnd !== undefined || options.onFinish === undefined) ? 'onEnd' : 'onFinish';
  return {
    [endKey]: after(options[endKey], () => run.end()),
    onAbort: after(options.onAbort, () => {
      run.failWithType('AbortError');
      run.end();
    }),
    onError: after(options.onError ?? defaultOnError, event => run.errorReported(asObject(event)?.error)),
  };
}

function defaultOnError(event: unknown): void {
  // eslint-disable-next-line no-console -- the AI SDK's own default, reproduced (see streamCallbacks)
  console.error(asObject(event)?.error);
}

/** The app's callback (if any), then ours; its return value and errors reach the SDK unchanged. */
function after(appCallback: unknown, ours: (event: unknown) => void): Fn {
  const done = (event: unknown) => {
    try {
      ours(event);
    } catch (error) {
      reportInternalError('ai-sdk.callback', error);
    }
  };
  return function callback(this: unknown, ...args: unknown[]) {
    if (typeof appCallback !== 'function') return done(args[0]);
    let result: unknown;
    try {
      result = (appCallback as Fn).apply(this, args);
    } catch (error) {
      done(args[0]);
      throw error;
    }
    if (typeof (result as PromiseLike<unknown> | undefined)?.then !== 'function') {
      done(args[0]);
      return result;
    }
    // The SDK awaits its callbacks: a derived promise settles the same way.
    return Promise.resolve(result).then(
      value => {
        done(args[0]);
        return value;
      },
      error => {
        done(args[0]);
        throw error;
      },
    );
  };
}
