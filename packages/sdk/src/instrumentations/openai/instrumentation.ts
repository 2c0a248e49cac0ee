/*
 * openai (the official Node SDK) 4.x–7.x: chat.completions.create (JSON and
 * `stream: true`), responses.create (JSON and `stream: true`) and
 * embeddings.create as GenAI semconv `{operation} {model}` CLIENT spans.
 * https://platform.openai.com/docs/api-reference/chat/create
 * https://platform.openai.com/docs/api-reference/responses/create
 * https://platform.openai.com/docs/api-reference/embeddings/create
 * https://github.com/open-telemetry/semantic-conventions/blob/v1.41.1/docs/gen-ai/openai.md
 *
 * Patched: `OpenAI.Chat.Completions.prototype.create`,
 * `OpenAI.Responses.prototype.create` and `OpenAI.Embeddings.prototype.create`,
 * reached from the package's main export, so the CommonJS build (index.js,
 * via `require`) and the ES module build (index.mjs, via `import`) — two
 * separate class copies — are each patched when loaded. The SDK's helpers
 * (chat.completions.parse/stream/runTools, responses.parse/stream) call these
 * methods, so each HTTP call they make is one span too.
 *
 * What the app gets back is the SDK's own APIPromise, observed in place
 * (api-promise.ts: withResponse/asResponse/parse/_thenUnwrap keep working and
 * the body is never read twice), and for streams the SDK's own Stream
 * (stream.ts: tee, toReadableStream, controller keep working). The request
 * is never changed: in particular `stream_options.include_usage` is not
 * forced on, so a stream without it has no token counts.
 *
 * Compared with @opentelemetry/instrumentation-openai 0.19–0.21 (openai
 * >=4.19 <7): that one subscribes to the APIPromise (contrib#3586) and
 * returns a plain Promise for streams (#3286), reports chat spans with the
 * deprecated gen_ai.system and per-message log events, and has no Responses
 * API span for streams nor cache/reasoning tokens. Hence our own.
 */
import { context, SpanKind, trace, type Attributes, type Span } from '@opentelemetry/api';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, isWrapped } from '@opentelemetry/instrumentation';
import { reportInternalError, warnOnce } from '../../diag.js';
import { ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS } from '../../semconv.js';
import { VERSION } from '../../version.js';
import { captureContent } from '../content.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { embeddingsReply, embeddingsRequestAttributes, endpointAttributes, spanName } from './attributes.js';
import { OpenAICall, type Operation } from './call.js';
import { ChatStreamAccumulator, chatReply, chatRequestAttributes } from './chat-attributes.js';
import { chatInputMessages, responsesInputMessages, responsesSystemInstructions } from './messages.js';
import { ResponsesStreamAccumulator, responsesReply, responsesRequestAttributes } from './responses-attributes.js';

/** Tested: 4.104.0, 5.23.2, 6.49.0 (test/versions/openai-v4…v6) and 7.57.0 (root). 4.19 is the floor contrib's instrumentation supports too. */
export const SUPPORTED_VERSIONS = ['>=4.19.0 <8'];

type Method = (this: Resource, ...args: unknown[]) => unknown;
interface Resource {
  _client?: unknown;
}

interface Target extends Operation {
  /** `Resource` class under the OpenAI class export. */
  path: (OpenAI: Record<string, any>) => unknown;
  /** Warn when missing (Responses exists since openai 4.87.0, so its absence is no news). */
  required?: boolean;
  request(params: unknown): Attributes;
  /** Request content, recorded only with captureContent. */
  input?(span: Span, config: AgentmeterInstrumentationConfig, params: unknown): void;
}

const TARGETS: Target[] = [
  {
    path: OpenAI => OpenAI.Chat?.Completions,
    required: true,
    request: chatRequestAttributes,
    reply: chatReply,
    accumulator: keepContent => new ChatStreamAccumulator(keepContent),
    input: (span, config, params) =>
      captureContent(span, config, ATTR_GEN_AI_INPUT_MESSAGES, () => chatInputMessages((params as { messages?: unknown })?.messages)),
  },
  {
    path: OpenAI => OpenAI.Responses,
    request: responsesRequestAttributes,
    reply: responsesReply,
    accumulator: () => new ResponsesStreamAccumulator(),
    input: (span, config, params) => {
      captureContent(span, config, ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, () => responsesSystemInstructions(params));
      captureContent(span, config, ATTR_GEN_AI_INPUT_MESSAGES, () => responsesInputMessages(params));
    },
  },
  { path: OpenAI => OpenAI.Embeddings, request: embeddingsRequestAttributes, reply: embeddingsReply },
];

export class OpenAIInstrumentation extends InstrumentationBase<AgentmeterInstrumentationConfig> {
  constructor(config: AgentmeterInstrumentationConfig = {}) {
    super('@agentmeter/instrumentation-openai', VERSION, config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        'openai',
        SUPPORTED_VERSIONS,
        moduleExports => this._patch(moduleExports),
        moduleExports => this._unpatch(moduleExports),
      ),
    ];
  }

  private _patch<T>(moduleExports: T): T {
    for (const target of TARGETS) {
      const proto = prototypeOf(moduleExports, target);
      if (!proto) {
        if (target.required) warnOnce('openai-shape', 'openai: OpenAI.Chat.Completions.prototype.create not found; chat completions are not instrumented');
        continue;
      }
      if (isWrapped(proto.create)) this._unwrap(proto, 'create');
      this._wrap(proto, 'create', original => this._create(original, target));
    }
    return moduleExports;
  }

  private _unpatch(moduleExports: unknown): void {
    for (const target of TARGETS) {
      const proto = prototypeOf(moduleExports, target);
      if (proto && isWrapped(proto.create)) this._unwrap(proto, 'create');
    }
  }

  /** create(params, options): one span; the SDK's return value and errors are passed on untouched. */
  private _create(original: Method, target: Target): Method {
    const instrumentation = this;
    return function create(this: Resource, ...args: unknown[]) {
      let span: Span | undefined;
      let call: OpenAICall | undefined;
      let ctx;
      try {
        const params = args[0];
        // Object.assign, not spread: V8 spreads these dotted-key objects ~7× slower (bench/instrumentation.mjs).
        const attributes = Object.assign(target.request(params), endpointAttributes(this?._client));
        span = instrumentation.tracer.startSpan(spanName(attributes), { kind: SpanKind.CLIENT, attributes });
        if (span.isRecording()) {
          const config = instrumentation.getConfig();
          call = new OpenAICall(span, config, target);
          target.input?.(span, config, params);
        }
        ctx = trace.setSpan(context.active(), span);
      } catch (error) {
        reportInternalError('openai.create', error);
        span?.end();
        call = undefined;
      }
      if (!ctx) return original.apply(this, args);
      let result: unknown;
      try {
        result = context.with(ctx, original, this, ...args);
      } catch (error) {
        try {
          call?.thrown(error);
        } catch (internal) {
          reportInternalError('openai.thrown', internal);
        }
        throw error;
      }
      try {
        call?.observe(result);
      } catch (error) {
        reportInternalError('openai.observe', error);
      }
      return result;
    };
  }
}

interface CreatePrototype {
  create: Method;
}

/** `OpenAI.<Resource>.prototype` from the main export (CJS exports or the ESM namespace). */
function prototypeOf(moduleExports: unknown, target: Target): CreatePrototype | undefined {
  const root = moduleExports as Record<string, any> | undefined;
  for (const OpenAI of [root?.OpenAI, root?.default]) {
    if (typeof OpenAI !== 'function') continue;
    const Resource = target.path(OpenAI);
    const proto = typeof Resource === 'function' ? (Resource.prototype as CreatePrototype | undefined) : undefined;
    if (typeof proto?.create === 'function') return proto;
  }
  return undefined;
}
