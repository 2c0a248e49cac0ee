/*
 * @anthropic-ai/sdk: messages.create (JSON and `stream: true`) and
 * messages.stream() (the MessageStream helper), and the same two methods of
 * beta.messages, as GenAI semconv `chat {model}` CLIENT spans.
 * https://docs.anthropic.com/en/api/messages
 * https://docs.anthropic.com/en/api/messages-streaming
 * https://github.com/anthropics/anthropic-sdk-typescript/blob/main/helpers.md
 *
 * Patched: `Anthropic.Messages.prototype.create` and `.stream` (and
 * `Anthropic.Beta.Messages.prototype`'s), reached from
 * the package's main export, so the CommonJS build (index.js, via `require`)
 * and the ES module build (index.mjs, via `import`), which are two separate
 * class copies, are each patched when loaded. `client.messages` is an
 * instance of that class in every version checked (0.39.0, 1.14.0).
 *
 * What the app gets back is the SDK's own object, untouched apart from
 * instance-level observation: the APIPromise (asResponse / withResponse /
 * _thenUnwrap keep working, see api-promise.ts), the Stream (tee,
 * toReadableStream, controller, see stream.ts) and the MessageStream (its
 * events, finalMessage(), abort(); agentmeter adds one `end` listener —
 * never an `error` or `abort` listener, which would silence the
 * unhandled-rejection the SDK raises for an app that handles neither).
 *
 * messages.stream() calls messages.create() on the same resource; that inner
 * call claims the span the stream() wrapper opened (HELPER_SLOT), so one
 * call is one span.
 */
import { context, createContextKey, SpanKind, trace } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, isWrapped } from '@opentelemetry/instrumentation';
import { reportInternalError, warnOnce } from '../../diag.js';
import { VERSION } from '../../version.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { asObject, requestAttributes, spanName } from './attributes.js';
import { LlmCall } from './llm-call.js';
import { withoutNativeSpan } from './native-tracing.js';

/** Tested: 0.39.0 (test/versions/anthropic-v0) and 1.14.0 (root). */
export const SUPPORTED_VERSIONS = ['>=0.39.0 <2'];

const HELPER_SLOT = createContextKey('agentmeter.anthropic.messages-stream');
interface HelperSlot {
  call: LlmCall;
  claimed: boolean;
}

type Method = (this: MessagesResource, ...args: unknown[]) => unknown;
interface MessagesResource {
  _client?: { baseURL?: unknown };
}
interface MessagesPrototype {
  create: Method;
  stream?: Method;
}

export class AnthropicInstrumentation extends InstrumentationBase<AgentmeterInstrumentationConfig> {
  constructor(config: AgentmeterInstrumentationConfig = {}) {
    super('@agentmeter/instrumentation-anthropic', VERSION, config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        '@anthropic-ai/sdk',
        SUPPORTED_VERSIONS,
        moduleExports => this._patch(moduleExports),
        moduleExports => this._unpatch(moduleExports),
      ),
    ];
  }

  private _patch<T>(moduleExports: T): T {
    const prototypes = messagesPrototypes(moduleExports);
    if (prototypes.length === 0) {
      warnOnce('anthropic-shape', '@anthropic-ai/sdk: Anthropic.Messages.prototype.create not found; messages are not instrumented');
    }
    for (const proto of prototypes) {
      if (isWrapped(proto.create)) this._unwrap(proto, 'create');
      this._wrap(proto, 'create', original => this._create(original));
      if (typeof proto.stream === 'function') {
        if (isWrapped(proto.stream)) this._unwrap(proto, 'stream');
        this._wrap(proto, 'stream', original => this._stream(original as Method));
      }
    }
    return moduleExports;
  }

  private _unpatch(moduleExports: unknown): void {
    for (const proto of messagesPrototypes(moduleExports)) {
      if (isWrapped(proto.create)) this._unwrap(proto, 'create');
      if (isWrapped(proto.stream)) this._unwrap(proto, 'stream');
    }
  }

  /** messages.create(params, options): one span, or the span of the messages.stream() call it serves. */
  private _create(original: Method): Method {
    const instrumentation = this;
    return function create(this: MessagesResource, ...args: unknown[]) {
      const params = args[0];
      let call: LlmCall;
      let ctx;
      try {
        const slot = context.active().getValue(HELPER_SLOT) as HelperSlot | undefined;
        if (slot && !slot.claimed) {
          slot.claimed = true;
          call = slot.call;
        } else {
          call = instrumentation._startCall(this, params, asObject(params)?.stream === true, false);
        }
        ctx = trace.setSpan(context.active(), call.span);
      } catch (error) {
        reportInternalError('anthropic.create', error);
        return original.apply(this, args);
      }
      return instrumentation._run(call, ctx, this, () => original.apply(this, args), result => call.observe(result));
    };
  }

  /**
   * messages.stream(params, options) → MessageStream. The span is not made
   * active around the helper: its event listeners run from the helper's own
   * read loop and should see the caller's context, as without agentmeter.
   */
  private _stream(original: Method): Method {
    const instrumentation = this;
    return function stream(this: MessagesResource, ...args: unknown[]) {
      const params = args[0];
      let call: LlmCall;
      let ctx;
      try {
        call = instrumentation._startCall(this, params, true, true);
        ctx = context.active().setValue(HELPER_SLOT, { call, claimed: false } satisfies HelperSlot);
      } catch (error) {
        reportInternalError('anthropic.stream', error);
        return original.apply(this, args);
      }
      return instrumentation._run(call, ctx, this, () => original.apply(this, args), result => {
        const helper = result as { on?: unknown; aborted?: unknown; errored?: unknown } | undefined;
        if (helper && typeof helper.on === 'function') {
          (helper.on as (event: string, listener: () => void) => unknown).call(helper, 'end', () => call.endHelper(helper));
        } else {
          call.endHelper({});
        }
      });
    };
  }

  private _startCall(resource: MessagesResource, params: unknown, streaming: boolean, helper: boolean): LlmCall {
    const span = this.tracer.startSpan(spanName(params), {
      kind: SpanKind.CLIENT,
      attributes: requestAttributes(params, resource?._client?.baseURL, streaming),
    });
    return new LlmCall(span, this.getConfig(), params, helper);
  }

  /** Runs the SDK method once; a synchronous throw is recorded and rethrown as the same object. */
  private _run(
    call: LlmCall,
    ctx: ReturnType<typeof context.active>,
    resource: MessagesResource,
    invoke: () => unknown,
    watch: (result: unknown) => void,
  ): unknown {
    let result: unknown;
    try {
      result = context.with(ctx, () => withoutNativeSpan(resource?._client, invoke));
    } catch (error) {
      try {
        call.thrown(error);
      } catch (internal) {
        reportInternalError('anthropic.thrown', internal);
      }
      throw error;
    }
    try {
      watch(result);
    } catch (error) {
      reportInternalError('anthropic.observe', error);
    }
    return result;
  }
}

/**
 * `Anthropic.Messages.prototype` and `Anthropic.Beta.Messages.prototype` (the
 * same create/stream over POST /v1/messages?beta=true, with BetaMessageStream)
 * from the main export: CJS exports or the ESM namespace.
 */
function messagesPrototypes(moduleExports: unknown): MessagesPrototype[] {
  type Client = { Messages?: unknown; Beta?: { Messages?: unknown } } | undefined;
  const root = moduleExports as Record<string, unknown> | undefined;
  const client = [root?.Anthropic, root?.default, root].find(c => typeof (c as Client)?.Messages === 'function') as Client;
  const found: MessagesPrototype[] = [];
  for (const Messages of [client?.Messages, client?.Beta?.Messages]) {
    const proto = typeof Messages === 'function' ? (Messages.prototype as MessagesPrototype | undefined) : undefined;
    if (typeof proto?.create === 'function' && !found.includes(proto)) found.push(proto);
  }
  return found;
}
