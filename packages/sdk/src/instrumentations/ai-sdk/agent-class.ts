/*
 * The AI SDK's agent classes: ToolLoopAgent (ai@6, ai@7; exported as
 * `Experimental_Agent` too in ai@6) and ai@5's `Experimental_Agent`.
 * https://ai-sdk.dev/docs/agents/building-agents
 *
 * agent.generate() / agent.stream() call the SDK's generateText/streamText
 * through the module's internal bindings, not its exports, so the export
 * wrappers never see them. Their prototype methods are wrapped instead: each
 * call gets an invoke_agent span named after the agent's `id` (or its
 * telemetry functionId), and runs the original method on a view of the agent
 * — an object whose prototype is the agent, with its own `settings`: a copy
 * of the agent's with the model, tools and (for stream) the end-of-run
 * callbacks observed, as calls.ts does for streamText. Every version reads
 * its model, tools and callbacks from `this.settings` (ai@5.0.277, 6.0.326,
 * 7.0.173: a plain property), and the agent itself is never modified. An
 * agent without a `settings` object runs unobserved.
 */
import { context } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import { AgentRun } from './agent-run.js';
import { asObject, modelInfo, str } from './attributes.js';
import { streamCallbacks, type CallContext } from './calls.js';
import { functionIdOf, instrumentOptions, resolveModel } from './options.js';

type Fn = (this: unknown, ...args: unknown[]) => unknown;

export function wrapAgentMethod(original: Fn, ctx: CallContext, streaming: boolean): Fn {
  return function agentMethod(this: unknown, ...args: unknown[]) {
    const prepared = prepare(this, ctx, streaming);
    if (!prepared) return original.apply(this, args);
    const { run, view } = prepared;
    let result: unknown;
    try {
      result = context.with(run.context, () => original.apply(view, args));
    } catch (error) {
      run.fail(error);
      run.end();
      throw error;
    }
    if (!(result instanceof Promise)) {
      // ai@5 stream(): the StreamTextResult itself; its run ends through the callbacks
      if (!streaming) run.end();
      return result;
    }
    // generate() and ai@6/7 stream() are async methods: a derived native promise settles the same way
    return result.then(
      value => {
        if (!streaming) run.end();
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

function prepare(agent: unknown, ctx: CallContext, streaming: boolean): { run: AgentRun; view: object } | undefined {
  let run: AgentRun | undefined;
  try {
    const self = asObject(agent);
    const settings = asObject(self?.settings);
    if (!self || !settings) return undefined;
    const model = resolveModel(settings.model, ctx.moduleExports);
    run = new AgentRun(ctx.tracing, context.active(), str(settings.id) ?? functionIdOf(settings), modelInfo(model), streaming);
    const observed = instrumentOptions(settings, model, ctx.tracing, run);
    if (streaming) Object.assign(observed, streamCallbacks(observed, run, ctx.major));
    const view = Object.create(self, { settings: { value: observed, writable: true, configurable: true, enumerable: false } });
    return { run, view };
  } catch (error) {
    reportInternalError('ai-sdk.agent', error);
    run?.end();
    return undefined;
  }
}
