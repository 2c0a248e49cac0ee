/**
 * In-process tests of the Vercel AI SDK instrumentation's parts: the pure
 * mappings (provider ids, usage of specification v2/v3/v4, finish reasons,
 * error types), the CommonJS export facade, and the observed model and tool
 * copies — that they leave the app's objects, `this`, return values and
 * errors exactly as they were.
 */
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { AgentRun, type Tracing } from '../../packages/sdk/src/instrumentations/ai-sdk/agent-run';
import {
  finishReasonAttributes,
  operationName,
  providerName,
  readModelUsage,
} from '../../packages/sdk/src/instrumentations/ai-sdk/attributes';
import { aiErrorType } from '../../packages/sdk/src/instrumentations/ai-sdk/errors';
import { wrapModel, originalModel } from '../../packages/sdk/src/instrumentations/ai-sdk/model';
import { replaceExports, restoreExports } from '../../packages/sdk/src/instrumentations/ai-sdk/module-exports';
import { wrapTools } from '../../packages/sdk/src/instrumentations/ai-sdk/tools';
import { setupInMemoryOtel, type InMemoryOtel } from '../../packages/sdk/test/helpers/in-memory-otel';

describe('gen_ai.provider.name and operation from AI SDK provider ids', () => {
  it.each([
    ['openai.chat', 'openai'],
    ['openai.responses', 'openai'],
    ['openai.completion', 'openai'],
    ['azure.chat', 'azure.ai.openai'],
    ['anthropic.messages', 'anthropic'],
    ['google.generative-ai', 'gcp.gemini'],
    ['google.vertex.chat', 'gcp.vertex_ai'],
    ['vertex.anthropic.messages', 'gcp.vertex_ai'],
    ['amazon-bedrock', 'aws.bedrock'],
    ['mistral.chat', 'mistral_ai'],
    ['groq.chat', 'groq'],
    ['xai.chat', 'x_ai'],
    ['deepseek.chat', 'deepseek'],
    ['cohere.chat', 'cohere'],
    ['perplexity', 'perplexity'],
    ['ollama.chat', 'ollama'],
  ])('%s → %s', (providerId, name) => {
    expect(providerName({ providerId })).toBe(name);
  });

  it('takes an AI Gateway model id\'s upstream provider', () => {
    expect(providerName({ providerId: 'gateway', modelId: 'anthropic/claude-sonnet-4' })).toBe('anthropic');
    expect(providerName({ providerId: 'gateway', modelId: 'xai/grok-4' })).toBe('x_ai');
    expect(providerName({})).toBeUndefined();
  });

  it('uses text_completion for completion APIs and generate_content for Gemini', () => {
    expect(operationName({ providerId: 'openai.completion' })).toBe('text_completion');
    expect(operationName({ providerId: 'google.generative-ai' })).toBe('generate_content');
    expect(operationName({ providerId: 'google.vertex.chat' })).toBe('generate_content');
    expect(operationName({ providerId: 'vertex.anthropic.messages' })).toBe('chat');
    expect(operationName({ providerId: 'openai.responses' })).toBe('chat');
  });
});

describe('usage of the provider specifications', () => {
  it('v3/v4 (ai@6, ai@7): totals include cache, reasoning is a subset of output', () => {
    expect(
      readModelUsage({
        inputTokens: { total: 120, noCache: 90, cacheRead: 20, cacheWrite: 10 },
        outputTokens: { total: 30, text: 25, reasoning: 5 },
      }),
    ).toEqual({ inputTokens: 120, outputTokens: 30, cacheReadInputTokens: 20, cacheCreationInputTokens: 10, reasoningOutputTokens: 5 });
    expect(readModelUsage({ inputTokens: { noCache: 90, cacheRead: 20, cacheWrite: undefined }, outputTokens: {} })).toMatchObject({ inputTokens: 110 });
  });

  it('v2 (ai@5): flat counts; Anthropic input excludes cache and is added back', () => {
    expect(readModelUsage({ inputTokens: 120, outputTokens: 30, totalTokens: 150, cachedInputTokens: 20, reasoningTokens: 5 })).toEqual({
      inputTokens: 120,
      outputTokens: 30,
      cacheReadInputTokens: 20,
      cacheCreationInputTokens: undefined,
      reasoningOutputTokens: 5,
    });
    expect(
      readModelUsage({ inputTokens: 100, outputTokens: 10, cachedInputTokens: 400 }, { anthropic: { cacheCreationInputTokens: 50, usage: {} } }),
    ).toMatchObject({ inputTokens: 550, cacheReadInputTokens: 400, cacheCreationInputTokens: 50 });
    expect(readModelUsage({})).toBeUndefined();
    expect(readModelUsage(undefined)).toBeUndefined();
  });

  it('finish reasons: the provider\'s raw value (v3/v4), else the unified one in semconv spelling', () => {
    expect(finishReasonAttributes({ unified: 'tool-calls', raw: 'tool_use' })).toEqual({ 'gen_ai.response.finish_reasons': ['tool_use'] });
    expect(finishReasonAttributes('tool-calls')).toEqual({ 'gen_ai.response.finish_reasons': ['tool_calls'] });
    expect(finishReasonAttributes({ unified: 'stop' })).toEqual({ 'gen_ai.response.finish_reasons': ['stop'] });
    expect(finishReasonAttributes(undefined)).toEqual({});
  });
});

describe('error.type of AI SDK errors', () => {
  class JSONParseError extends Error {}
  class SocketError extends Error {}
  const apiCallError = (statusCode: number | undefined, cause?: unknown) => Object.assign(new Error('x'), { name: 'AI_APICallError', statusCode, cause });

  it('is the HTTP status for provider errors, the cause below HTTP, the last error of exhausted retries', () => {
    expect(aiErrorType(apiCallError(429))).toBe('429');
    expect(aiErrorType(apiCallError(503))).toBe('503');
    expect(aiErrorType(apiCallError(200, new JSONParseError('bad')))).toBe('JSONParseError');
    expect(aiErrorType(apiCallError(undefined, new SocketError('other side closed')))).toBe('SocketError');
    expect(aiErrorType(apiCallError(200, Object.assign(new TypeError('terminated'), { cause: new SocketError('reset') })))).toBe('SocketError');
    expect(aiErrorType(Object.assign(new Error('retries'), { name: 'AI_RetryError', lastError: apiCallError(500) }))).toBe('500');
  });

  it('is AbortError for aborts and the class name otherwise', () => {
    expect(aiErrorType(new DOMException('aborted', 'AbortError'))).toBe('AbortError');
    expect(aiErrorType(new RangeError('x'))).toBe('RangeError');
    expect(aiErrorType('a string')).toBe('_OTHER');
  });
});

describe('module exports', () => {
  /** What esbuild's `__export` produces for a CommonJS build: non-configurable getters. */
  function bundledExports(fns: Record<string, unknown>): Record<string, unknown> {
    const target: Record<string, unknown> = {};
    for (const [name, fn] of Object.entries(fns)) Object.defineProperty(target, name, { get: () => fn, enumerable: true });
    Object.defineProperty(target, '__esModule', { value: true });
    return target;
  }

  it('returns a facade for getter-only exports that forwards everything else, and restores the originals', () => {
    const generateText = () => 'original';
    const other = { marker: true };
    const exports = bundledExports({ generateText, other });
    const patched = replaceExports(exports, new Map([['generateText', (original: () => string) => () => `wrapped ${original()}`]]));
    expect(patched).not.toBe(exports);
    expect((patched.generateText as () => string)()).toBe('wrapped original');
    expect(patched.other).toBe(other);
    expect(patched.__esModule).toBe(true);
    expect(Object.keys(patched).sort()).toEqual(Object.keys(exports).sort());
    expect(exports.generateText).toBe(generateText);

    restoreExports(exports);
    expect(patched.generateText).toBe(generateText);
    // enable() again: the same facade switches back to a wrapper of the same original
    expect(replaceExports(exports, new Map([['generateText', (original: () => string) => () => `again ${original()}`]]))).toBe(patched);
    expect((patched.generateText as () => string)()).toBe('again original');
  });

  it('patches assignable exports (an import-in-the-middle namespace) in place', () => {
    const generateText = () => 'original';
    const exports: Record<string, unknown> = { generateText };
    expect(replaceExports(exports, new Map([['generateText', () => () => 'wrapped']]))).toBe(exports);
    expect((exports.generateText as () => string)()).toBe('wrapped');
    restoreExports(exports);
    expect(exports.generateText).toBe(generateText);
  });
});

describe('observed models and tools', () => {
  let otel: InMemoryOtel;
  let tracing: Tracing;
  beforeEach(() => {
    otel = setupInMemoryOtel();
    tracing = { tracer: trace.getTracer('test'), config: () => ({}) };
  });
  afterEach(() => otel.shutdown());

  /** A provider model the way providers write them: a class with private state and getters. */
  class PrivateModel {
    readonly specificationVersion = 'v3';
    readonly modelId = 'gpt-4o-mini';
    #config = { provider: 'openai.chat', url: ({ path }: { path: string }) => `http://127.0.0.1:9/v1${path}` };
    get provider(): string {
      return this.#config.provider;
    }
    get config() {
      return this.#config;
    }
    async doGenerate(options: { fail?: boolean }) {
      if (options.fail) throw Object.assign(new Error('boom'), { name: 'AI_APICallError', statusCode: 500 });
      return {
        content: [{ type: 'text', text: 'hi' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: { total: 10, noCache: 10 }, outputTokens: { total: 2 } },
        response: { id: 'r1', modelId: 'gpt-4o-mini-2024-07-18' },
      };
    }
    async doStream() {
      const parts = [
        { type: 'stream-start', warnings: [] },
        { type: 'response-metadata', id: 'r2', modelId: 'gpt-4o-mini-2024-07-18' },
        { type: 'text-delta', id: '1', delta: 'hi' },
        { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: { inputTokens: { total: 7 }, outputTokens: { total: 3 } } },
      ];
      return { stream: new ReadableStream({ start: c => (parts.forEach(p => c.enqueue(p)), c.close()) }), request: {} };
    }
  }

  it('a model proxy keeps the model working (private fields, getters) and records a chat span per call', async () => {
    const model = new PrivateModel();
    const wrapped = wrapModel(model, tracing, undefined);
    expect(wrapped).not.toBe(model);
    expect(originalModel(wrapped)).toBe(model);
    expect(wrapped.provider).toBe('openai.chat');
    expect(wrapped.specificationVersion).toBe('v3');
    const result = await wrapped.doGenerate({});
    expect(result.response.id).toBe('r1');
    await expect(wrapped.doGenerate({ fail: true })).rejects.toMatchObject({ message: 'boom' });
    const spans = otel.spans();
    expect(spans.map(s => s.name)).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini']);
    expect(spans[0].attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 10, 'gen_ai.response.id': 'r1', 'server.address': '127.0.0.1', 'server.port': 9 });
    expect(spans[1].status.code).toBe(SpanStatusCode.ERROR);
    expect(spans[1].attributes['error.type']).toBe('500');
  });

  it('a streamed call ends its span once the SDK has read the stream, with the parts it saw', async () => {
    const wrapped = wrapModel(new PrivateModel(), tracing, undefined);
    const { stream } = await wrapped.doStream();
    expect(otel.spans()).toHaveLength(0);
    const reader = (stream as ReadableStream).getReader();
    const types: string[] = [];
    for (let next = await reader.read(); !next.done; next = await reader.read()) types.push(next.value.type);
    expect(types).toEqual(['stream-start', 'response-metadata', 'text-delta', 'finish']);
    const [span] = otel.spans();
    expect(span.attributes).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.response.id': 'r2', 'gen_ai.usage.input_tokens': 7, 'gen_ai.usage.output_tokens': 3 });
  });

  it('a cancelled stream ends its span as failed, and fails its streamText run', async () => {
    const run = new AgentRun(tracing, context.active(), 'writer', {}, true);
    const wrapped = wrapModel(new PrivateModel(), tracing, run);
    const { stream } = await wrapped.doStream();
    await (stream as ReadableStream).cancel();
    const names = otel.spans().map(s => [s.name, s.attributes['error.type']]);
    expect(names).toEqual([
      ['chat gpt-4o-mini', 'cancelled'],
      ['invoke_agent writer', 'cancelled'],
    ]);
  });

  it('a tool set copy: the app\'s tools untouched, execute runs with the original tool as `this`, values and errors pass through', async () => {
    const error = new TypeError('tool failed');
    const tools = {
      echo: {
        description: 'echoes',
        inputSchema: { marker: 1 },
        execute(this: unknown, input: unknown) {
          return Promise.resolve({ self: this, input });
        },
      },
      fail: {
        execute() {
          throw error;
        },
      },
      stream: {
        async *execute() {
          yield 'partial';
          yield 'final';
        },
      },
      clientSide: { description: 'no execute' },
    };
    const originalExecute = tools.echo.execute;
    const wrapped = wrapTools(tools, tracing, undefined);
    expect(tools.echo.execute).toBe(originalExecute);
    expect(wrapped.clientSide).toBe(tools.clientSide);
    expect(wrapped.echo.inputSchema).toBe(tools.echo.inputSchema);
    expect(Object.keys(wrapped)).toEqual(Object.keys(tools));

    const echo = wrapped.echo.execute as (this: unknown, input: unknown, options: unknown) => Promise<{ self: unknown; input: unknown }>;
    const value = await echo.call(wrapped.echo, 'in', { toolCallId: 'c1' });
    expect(value.self).toBe(tools.echo);
    expect(value.input).toBe('in');
    expect(() => (wrapped.fail.execute as (a: unknown, b: unknown) => unknown)('x', { toolCallId: 'c2' })).toThrow(error);
    const chunks: unknown[] = [];
    for await (const chunk of (wrapped.stream.execute as (a: unknown, b: unknown) => AsyncIterable<unknown>)('x', { toolCallId: 'c3' })) chunks.push(chunk);
    expect(chunks).toEqual(['partial', 'final']);

    const spans = otel.spans();
    expect(spans.map(s => [s.name, s.attributes['gen_ai.tool.call.id'], s.status.code])).toEqual([
      ['execute_tool echo', 'c1', SpanStatusCode.UNSET],
      ['execute_tool fail', 'c2', SpanStatusCode.ERROR],
      ['execute_tool stream', 'c3', SpanStatusCode.UNSET],
    ]);
    expect(spans[0].attributes['gen_ai.tool.description']).toBe('echoes');
    expect(spans[1].attributes['error.type']).toBe('TypeError');
  });
});
