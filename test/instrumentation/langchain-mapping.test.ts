import { context, ROOT_CONTEXT, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { CallbackManager } from '@langchain/core/callbacks/manager';
import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { FakeListChatModel, FakeLLM } from '@langchain/core/utils/testing';
import { InMemoryCache } from '@langchain/core/caches';
import { MemorySaver } from '@langchain/langgraph-checkpoint';
import { setupInMemoryOtel, type InMemoryOtel } from '../../packages/sdk/test/helpers/in-memory-otel';
import { readRunUsage, responseAttributes, usageAttributes } from '../../packages/sdk/src/instrumentations/langchain/attributes';
import { providerName, requestModel } from '../../packages/sdk/src/instrumentations/langchain/provider';
import { createCallbackHandler, HANDLER_NAME } from '../../packages/sdk/src/instrumentations/langchain/callback-handler';
import { checkpointerMethod, methodOwner } from '../../packages/sdk/src/instrumentations/langchain/checkpointer';
import { inputMessages, outputMessages } from '../../packages/sdk/src/instrumentations/langchain/messages';
import { baseHandlerClass, callbackManagerOf } from '../../packages/sdk/src/instrumentations/langchain/module-shapes';
import { attachHandler, type Method } from '../../packages/sdk/src/instrumentations/langchain/patches';
import { isBubbleUp } from '../../packages/sdk/src/instrumentations/langchain/run-errors';
import { classifyChain } from '../../packages/sdk/src/instrumentations/langchain/run-kinds';
import { emptySlot, FRAMEWORK_LLM_SLOT, withRunSlot, type RunSlot } from '../../packages/sdk/src/instrumentations/langchain/run-slot';

/** The span in the chat-model slot of a context: what other code reading the slot's key sees. */
const frameworkLlmSpan = (ctx: Context) => (ctx.getValue(FRAMEWORK_LLM_SLOT) as RunSlot | undefined)?.span;
import { RunTracer } from '../../packages/sdk/src/instrumentations/langchain/run-tracer';
import { bindAsyncGenerator } from '../../packages/sdk/src/instrumentations/langchain/stream';

let otel: InMemoryOtel;
beforeAll(() => {
  otel = setupInMemoryOtel();
});
beforeEach(() => otel.exporter.reset());
afterAll(() => otel.shutdown());

const tracer = () => trace.getTracer('test');

describe('model and provider of a chat model run', () => {
  it('maps the model class to the semconv provider, then LangChain ls_provider, then the class name', () => {
    expect(providerName({ id: ['langchain', 'chat_models', 'openai', 'ChatOpenAI'] }, {})).toBe('openai');
    expect(providerName({ id: ['langchain', 'chat_models', 'anthropic', 'ChatAnthropic'] }, {})).toBe('anthropic');
    expect(providerName({ id: ['langchain', 'chat_models', 'azure_openai', 'AzureChatOpenAI'] }, {})).toBe('azure.ai.openai');
    expect(providerName({ id: ['x', 'ChatSomethingNew'] }, { ls_provider: 'google_vertexai' })).toBe('gcp.vertex_ai');
    expect(providerName({ id: ['x', 'ChatSomethingNew'] }, {})).toBe('somethingnew');
  });

  it('takes the requested model from ls_model_name, else the invocation params', () => {
    expect(requestModel({ invocation_params: { model: 'gpt-4o' } }, { ls_model_name: 'gpt-4o-mini' })).toBe('gpt-4o-mini');
    expect(requestModel({ invocation_params: { model: 'claude-sonnet-4-5' } }, {})).toBe('claude-sonnet-4-5');
    expect(requestModel({ invocation_params: { modelId: 'anthropic.claude-3' } }, undefined)).toBe('anthropic.claude-3');
    expect(requestModel(undefined, undefined)).toBeUndefined();
  });
});

describe('usage and response of a finished run', () => {
  const result = (message: object, extra: object = {}) => ({ generations: [[{ text: '', message, generationInfo: { finish_reason: 'stop' } }]], ...extra });

  it('reads usage_metadata with cache read/creation and reasoning details (input already includes cached tokens)', () => {
    const usage = readRunUsage(
      result({
        usage_metadata: {
          input_tokens: 1500,
          output_tokens: 80,
          input_token_details: { cache_read: 400, cache_creation: 100 },
          output_token_details: { reasoning: 30 },
        },
      }),
    );
    expect(usageAttributes(usage)).toEqual({
      'gen_ai.usage.input_tokens': 1500,
      'gen_ai.usage.output_tokens': 80,
      'gen_ai.usage.cache_read.input_tokens': 400,
      'gen_ai.usage.cache_creation.input_tokens': 100,
      'gen_ai.usage.reasoning.output_tokens': 30,
    });
  });

  it('falls back to the raw provider usage (Anthropic input excludes cache: added back), then llmOutput.tokenUsage', () => {
    const anthropic = readRunUsage(result({ response_metadata: { usage: { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 90 } } }));
    expect(anthropic).toMatchObject({ inputTokens: 100, outputTokens: 5, cacheReadInputTokens: 90 });
    const legacy = readRunUsage(result({}, { llmOutput: { tokenUsage: { promptTokens: 7, completionTokens: 3 } } }));
    expect(legacy).toEqual({ inputTokens: 7, outputTokens: 3 });
    expect(readRunUsage({ generations: [] })).toBeUndefined();
  });

  it('takes response model, id and finish reasons; a `run-…` id is LangChain’s, not the provider’s', () => {
    expect(responseAttributes(result({ id: 'chatcmpl-9', response_metadata: { model_name: 'gpt-4o-mini-2024-07-18' } }))).toEqual({
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'chatcmpl-9',
      'gen_ai.response.finish_reasons': ['stop'],
    });
    expect(responseAttributes(result({ id: 'run-0199', response_metadata: {} }))['gen_ai.response.id']).toBeUndefined();
  });
});

describe('which chain runs become spans', () => {
  const base = { tags: [], metadata: {}, runName: undefined, hasParentRun: true, parentIsGraph: false, parentIsNode: false, hasActiveSpan: true };
  const graphId = { id: ['langgraph', 'pregel', 'CompiledStateGraph'] };
  const sequence = { id: ['langchain_core', 'runnables', 'RunnableSequence'] };

  it('a LangGraph graph is a workflow, its nodes (also subgraph nodes) are agents', () => {
    expect(classifyChain({ ...base, serialized: graphId, runName: 'team', hasParentRun: false })).toEqual({ kind: 'workflow', name: 'team', graph: true, node: false });
    expect(classifyChain({ ...base, serialized: sequence, runName: 'worker', metadata: { langgraph_node: 'worker' }, parentIsGraph: true })).toEqual({ kind: 'agent', name: 'worker', graph: false, node: true });
    expect(classifyChain({ ...base, serialized: graphId, runName: 'worker', metadata: { langgraph_node: 'worker' }, parentIsGraph: true })).toEqual({ kind: 'agent', name: 'worker', graph: true, node: true });
  });

  it('a subgraph run inside a node gets no span of its own (the node is the agent)', () => {
    expect(classifyChain({ ...base, serialized: graphId, runName: 'worker', metadata: { langgraph_node: 'worker' }, parentIsNode: true })).toEqual({ kind: 'none', name: 'worker', graph: true, node: false });
  });

  it('hidden runs, `__start__`, and runs inside a node that share its metadata are not spans', () => {
    expect(classifyChain({ ...base, serialized: sequence, runName: '__start__', metadata: { langgraph_node: '__start__' }, parentIsGraph: true }).kind).toBe('none');
    expect(classifyChain({ ...base, serialized: sequence, runName: 'ChannelWrite', tags: ['langsmith:hidden'] }).kind).toBe('none');
    expect(classifyChain({ ...base, serialized: sequence, runName: 'worker', metadata: { langgraph_node: 'worker' }, parentIsGraph: false }).kind).toBe('none');
  });

  it('an AgentExecutor is an agent; a root chain with nothing around it is the workflow, otherwise a plain chain is no span', () => {
    expect(classifyChain({ ...base, serialized: { id: ['langchain', 'agents', 'AgentExecutor'] } }).kind).toBe('agent');
    expect(classifyChain({ ...base, serialized: sequence, hasParentRun: false, hasActiveSpan: false })).toMatchObject({ kind: 'workflow', name: 'RunnableSequence' });
    expect(classifyChain({ ...base, serialized: sequence, hasParentRun: false, hasActiveSpan: true }).kind).toBe('none');
    expect(classifyChain({ ...base, serialized: sequence }).kind).toBe('none');
  });

  it('LangGraph control flow (interrupts, parent commands) is not a failure', () => {
    class GraphBubbleUp extends Error {
      get is_bubble_up() {
        return true;
      }
    }
    expect(isBubbleUp(new GraphBubbleUp('interrupt'))).toBe(true);
    expect(isBubbleUp(new Error('boom'))).toBe(false);
  });
});

describe('content in the semconv message format', () => {
  it('maps system, user, assistant tool calls and tool results', () => {
    const messages = [
      [
        new SystemMessage('Be brief.'),
        new HumanMessage('Weather?'),
        new AIMessage({ content: '', tool_calls: [{ id: 'c1', name: 'weather', args: { city: 'Oslo' } }] }),
        new ToolMessage({ content: 'rain', tool_call_id: 'c1' }),
      ],
    ];
    expect(inputMessages(messages)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'weather', arguments: { city: 'Oslo' } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', response: 'rain' }] },
    ]);
    expect(outputMessages({ generations: [[{ text: 'Rain.', message: new AIMessage('Rain.'), generationInfo: { finish_reason: 'stop' } }]] })).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Rain.' }], finish_reason: 'stop' },
    ]);
  });
});

describe('attaching the handler in CallbackManager._configureSync', () => {
  const handler = createCallbackHandler(baseHandlerClass(CallbackManager), new RunTracer(tracer), () => ({}));
  const configure = attachHandler(CallbackManager._configureSync as unknown as Method, handler, CallbackManager as unknown as new () => object);
  const call = (...args: unknown[]) => configure.apply(CallbackManager, args) as CallbackManager;

  it('builds the handler on the BaseCallbackHandler of the same @langchain/core copy', () => {
    const { BaseCallbackHandler } = require('@langchain/core/callbacks/base');
    expect(handler).toBeInstanceOf(BaseCallbackHandler);
    expect(handler).toMatchObject({ name: HANDLER_NAME, awaitHandlers: true, raiseError: false });
    expect('lc_prefer_streaming' in handler).toBe(false);
  });

  it('with no callbacks: a manager holding the handler, with the run’s tags and metadata', () => {
    const manager = call(undefined, undefined, ['inheritable'], ['local'], { thread_id: 't1' });
    expect(manager.handlers).toEqual([handler]);
    expect(manager.inheritableHandlers).toEqual([handler]);
    expect(manager.tags).toEqual(['inheritable', 'local']);
    expect(manager.metadata).toEqual({ thread_id: 't1' });
  });

  it("never modifies the app's callbacks array or manager, and adds the handler once", () => {
    const own = { handleLLMStart() {} };
    const list = [own];
    const manager = call(list);
    expect(list).toEqual([own]);
    expect(manager.handlers).toHaveLength(2);
    expect(manager.handlers).toContain(handler);

    const appManager = new CallbackManager();
    const copy = call(appManager);
    expect(copy).not.toBe(appManager);
    expect(appManager.handlers).toEqual([]);
    expect(call(copy).handlers.filter(h => h === handler)).toHaveLength(1);
  });

  it('finds CallbackManager through @langchain/core/runnables (mergeConfigs) for ES-module apps', () => {
    expect(callbackManagerOf(require('@langchain/core/runnables'))).toBe(CallbackManager);
    expect(callbackManagerOf({})).toBeUndefined();
  });
});

describe('run slots', () => {
  it('make the span that fills them the active span of the context they were opened in, and of contexts derived from it', () => {
    const parent = tracer().startSpan('parent');
    const ctx = withRunSlot(trace.setSpan(ROOT_CONTEXT, parent), 'llm');
    expect(trace.getSpan(ctx)).toBe(parent);
    expect(frameworkLlmSpan(ctx)).toBeUndefined();
    const run = tracer().startSpan('chat');
    emptySlot(ctx, 'llm')!.span = run;
    expect(trace.getSpan(ctx)).toBe(run);
    expect(frameworkLlmSpan(ctx)).toBe(run);
    expect(emptySlot(ctx, 'llm')).toBeUndefined();
    const derived = ctx.setValue(Symbol('other'), 1);
    expect(trace.getSpan(derived)).toBe(run);
    const child = tracer().startSpan('http');
    const inner = trace.setSpan(derived, child);
    expect(trace.getSpan(inner)).toBe(child);
    expect(frameworkLlmSpan(inner)).toBe(run);
    expect(trace.getSpan(ctx.deleteValue(Symbol.for('OpenTelemetry Context Key SPAN')))).toBeUndefined();
  });

  it('bind every step of a generator to a context: next, return, throw and yield*', async () => {
    const key = Symbol('k');
    async function* source() {
      yield context.active().getValue(key);
      yield context.active().getValue(key);
    }
    const bound = bindAsyncGenerator(source(), ROOT_CONTEXT.setValue(key, 'bound'));
    async function* outer() {
      yield* bound;
    }
    const seen = [];
    for await (const value of outer()) seen.push(value);
    expect(seen).toEqual(['bound', 'bound']);
    expect(Object.prototype.toString.call(bound)).toBe('[object AsyncGenerator]');
    const early = bindAsyncGenerator(source(), ROOT_CONTEXT);
    await early.next();
    expect(await early.return(undefined)).toEqual({ done: true, value: undefined });
    const failing = bindAsyncGenerator(source(), ROOT_CONTEXT);
    await failing.next();
    const error = new Error('stop');
    await expect(failing.throw(error)).rejects.toBe(error);
  });
});

describe('checkpointer methods as state I/O spans', () => {
  const wrap = (saver: object, method: string) => {
    const owner = methodOwner(saver, method)!;
    return checkpointerMethod(owner[method] as Method, method, tracer);
  };

  it('record `{method} {store}` with store, operation and thread, returning the saver’s own promise', async () => {
    const saver = new MemorySaver();
    const getTuple = wrap(saver, 'getTuple');
    const config = { configurable: { thread_id: 'thread-9', checkpoint_ns: '' } };
    const promise = getTuple.call(saver, config);
    expect(promise).toBeInstanceOf(Promise);
    expect(await promise).toBeUndefined();
    const span = otel.span('getTuple MemorySaver');
    expect(span.attributes).toEqual({
      'agentmeter.state.store': 'MemorySaver',
      'agentmeter.state.operation': 'read',
      'agentmeter.state.method': 'getTuple',
      'gen_ai.conversation.id': 'thread-9',
    });
  });

  it('a subclass calling super is one span; a failure rethrows the same error and marks ERROR', async () => {
    const failure = new TypeError('disk full');
    class Base {
      async put(..._args: unknown[]): Promise<unknown> {
        throw failure;
      }
    }
    class Store extends Base {
      override async put(...args: unknown[]) {
        return super.put(...args);
      }
    }
    const basePut = checkpointerMethod(Base.prototype.put as Method, 'put', tracer);
    (Base.prototype as { put: unknown }).put = basePut;
    const put = checkpointerMethod(Store.prototype.put as Method, 'put', tracer);
    await expect(put.call(new Store(), {})).rejects.toBe(failure);
    const spans = otel.spans();
    expect(spans.map(s => s.name)).toEqual(['put Store']);
    expect(spans[0].status.code).toBe(SpanStatusCode.ERROR);
    expect(spans[0].attributes['error.type']).toBe('TypeError');
  });
});

describe('the handler on LangChain runs (passed as callbacks, in process)', () => {
  const handler = () => createCallbackHandler(baseHandlerClass(CallbackManager), new RunTracer(tracer), () => ({}));

  it('a chain invoked with nothing around it is the workflow holding its model calls; text LLMs are text_completion', async () => {
    const llm = new FakeLLM({ response: 'ok' });
    const chain = RunnableLambda.from(async (input: string, config) => llm.invoke(input, config)).withConfig({ runName: 'summarise' });
    expect(await chain.invoke('hi', { callbacks: [handler()] })).toBe('ok');
    const workflow = otel.span('invoke_workflow summarise');
    const completion = otel.spans().find(s => s.attributes['gen_ai.operation.name'] === 'text_completion')!;
    expect(completion.parentSpanContext?.spanId).toBe(workflow.spanContext().spanId);
    expect(completion.attributes['gen_ai.provider.name']).toBe('fakellm');
  });

  it('inside an app span the chain adds no span of its own: the model call hangs under the app span', async () => {
    const model = new FakeListChatModel({ responses: ['hello'] });
    const chain = RunnableLambda.from(async (input: string, config) => model.invoke(input, config));
    await tracer().startActiveSpan('app', async app => {
      await chain.invoke('hi', { callbacks: [handler()] });
      app.end();
    });
    const chat = otel.spans().find(s => s.attributes['gen_ai.operation.name'] === 'chat')!;
    expect(chat.parentSpanContext?.spanId).toBe(otel.span('app').spanContext().spanId);
    expect(otel.spans().map(s => s.name).sort()).toEqual(['app', 'chat']);
  });

  it("a reply from LangChain's model cache is marked as a cache hit and carries no tokens", async () => {
    const reply = new AIMessage({ content: 'cached', usage_metadata: { input_tokens: 10, output_tokens: 2, total_tokens: 12 } });
    const model = new FakeListChatModel({ responses: ['fresh'], cache: new InMemoryCache() });
    const realGenerate = model._generate.bind(model);
    model._generate = async (...args: Parameters<typeof realGenerate>) => {
      const result = await realGenerate(...args);
      result.generations[0].message = reply;
      return result;
    };
    const callbacks = [handler()];
    await model.invoke('same prompt', { callbacks });
    await model.invoke('same prompt', { callbacks });
    const [first, second] = otel.spans().filter(s => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(first.attributes['gen_ai.usage.input_tokens']).toBe(10);
    expect(first.attributes['agentmeter.cache.result']).toBeUndefined();
    expect(second.attributes['agentmeter.cache.result']).toBe('hit');
    expect(second.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
  });
});
