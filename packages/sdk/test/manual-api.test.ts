import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { agent, tool, withAgent, withLLM, withSerialization, withState, withTool, withWorkflow, workflow } from '../src/index';
import { setupInMemoryOtel, type InMemoryOtel } from './helpers/in-memory-otel';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

let otel: InMemoryOtel;
beforeAll(() => {
  otel = setupInMemoryOtel();
});
beforeEach(() => otel.exporter.reset());
afterAll(() => otel.shutdown());

describe('wrappers around sync functions', () => {
  it('return the very value the function returned, synchronously, and end the span', () => {
    const value = { answer: 42 };
    const result = withTool('lookup', () => value);
    expect(result).toBe(value);
    const span = otel.span('execute_tool lookup');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup',
      'gen_ai.tool.type': 'function',
    });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('rethrow the same error object, mark the span ERROR with error.type and keep the message off the span', () => {
    class QuotaError extends Error {}
    const original = new QuotaError('secret prompt text');
    let caught: unknown;
    try {
      withAgent('planner', () => {
        throw original;
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(original);
    const span = otel.span('invoke_agent planner');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR });
    expect(span.attributes['error.type']).toBe('QuotaError');
    expect(JSON.stringify(span.attributes)).not.toContain('secret');
  });

  it('use the error code for plain Errors that carry one (ECONNRESET) and _OTHER for non-errors', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(() => withTool('net', () => { throw reset; })).toThrow(reset);
    expect(() => withTool('str', () => { throw 'just a string'; })).toThrow('just a string');
    expect(otel.span('execute_tool net').attributes['error.type']).toBe('ECONNRESET');
    expect(otel.span('execute_tool str').attributes['error.type']).toBe('_OTHER');
  });
});

describe('wrappers around async functions', () => {
  it('return the same promise object and end the span when it settles', async () => {
    class TaggedPromise<T> extends Promise<T> {
      tag = 'custom';
    }
    const promise = new TaggedPromise<string>(resolve => setTimeout(() => resolve('done'), 5));
    const returned = withAgent('writer', () => promise);
    expect(returned).toBe(promise);
    expect((returned as TaggedPromise<string>).tag).toBe('custom');
    expect(otel.spans()).toHaveLength(0);
    await expect(returned).resolves.toBe('done');
    await sleep(0);
    expect(otel.span('invoke_agent writer').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('resolve a plain promise to the same value object, after the span has ended', async () => {
    const value = { rows: 3 };
    const returned = withTool('query', async () => value);
    await expect(returned).resolves.toBe(value);
    expect(otel.span('execute_tool query').ended).toBe(true);
  });

  it('pass a rejection through unchanged and record it on the span', async () => {
    const original = new TypeError('bad');
    const returned = withTool('broken', async () => {
      await sleep(1);
      throw original;
    });
    await expect(returned).rejects.toBe(original);
    const span = otel.span('execute_tool broken');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('TypeError');
  });

  it('nest spans by async context, so parallel Promise.all branches get the right parents', async () => {
    await withWorkflow('fanout', async () => {
      await Promise.all(
        ['a', 'b', 'c'].map(name =>
          withAgent(name, async () => {
            await sleep(Math.random() * 5);
            await withTool(`tool-${name}`, async () => sleep(Math.random() * 5));
          }),
        ),
      );
    });
    const root = otel.span('invoke_workflow fanout');
    expect(root.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.workflow.name': 'fanout' });
    for (const name of ['a', 'b', 'c']) {
      const agentSpan = otel.span(`invoke_agent ${name}`);
      expect(agentSpan.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      expect(otel.span(`execute_tool tool-${name}`).parentSpanContext?.spanId).toBe(agentSpan.spanContext().spanId);
    }
  });
});

describe('wrappers around functions returning async iterables (streamed replies)', () => {
  async function* reply() {
    yield { model: 'gpt-4o-mini-2024-07-18', choices: [{ delta: { content: 'a' } }] };
    await sleep(3);
    yield { model: 'gpt-4o-mini-2024-07-18', choices: [], usage: { prompt_tokens: 7, completion_tokens: 3 } };
  }

  it('keep the span open until the stream is fully consumed, then read usage and model from the chunks', async () => {
    const stream = withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => reply());
    expect(otel.spans()).toHaveLength(0);
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks).toHaveLength(2);
    await sleep(0);
    const span = otel.span('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 7,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
    });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toEqual(expect.any(Number));
    const durationMs = span.duration[0] * 1e3 + span.duration[1] / 1e6;
    expect(durationMs).toBeGreaterThanOrEqual(2);
  });

  it('end the span when the consumer breaks off, without marking an error', async () => {
    const stream = withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => reply());
    for await (const _chunk of stream) break;
    await sleep(0);
    const span = otel.span('chat gpt-4o-mini');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('mark the span failed when the stream throws, keeping partial usage, and let the error reach the consumer', async () => {
    const boom = new RangeError('stream cut');
    async function* failing() {
      yield { type: 'message_start', message: { model: 'claude-sonnet-4-5', usage: { input_tokens: 10, cache_read_input_tokens: 90, output_tokens: 1 } } };
      throw boom;
    }
    const stream = withLLM({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, async () => failing());
    let caught: unknown;
    try {
      for await (const _chunk of await stream) {
        // consume
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(boom);
    await sleep(0);
    const span = otel.span('chat claude-sonnet-4-5');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('RangeError');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(100);
    expect(span.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(90);
  });

  it('observe a custom async iterable without replacing it', async () => {
    const iterable = {
      items: [1, 2, 3],
      async *[Symbol.asyncIterator]() {
        yield* this.items;
      },
    };
    const returned = withTool('paginate', () => iterable);
    expect(returned).toBe(iterable);
    const seen = [];
    for await (const item of returned) seen.push(item);
    expect(seen).toEqual([1, 2, 3]);
    await sleep(0);
    expect(otel.span('execute_tool paginate').ended).toBe(true);
  });
});

describe('withLLM usage', () => {
  it('reads OpenAI chat usage (cached and reasoning tokens) from the reply', () => {
    withLLM({ provider: 'openai', model: 'o3' }, () => ({
      model: 'o3-2025-04-16',
      usage: { prompt_tokens: 100, completion_tokens: 50, prompt_tokens_details: { cached_tokens: 20 }, completion_tokens_details: { reasoning_tokens: 30 } },
    }));
    expect(otel.span('chat o3').attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'o3',
      'gen_ai.response.model': 'o3-2025-04-16',
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 50,
      'gen_ai.usage.cache_read.input_tokens': 20,
      'gen_ai.usage.reasoning.output_tokens': 30,
    });
  });

  it('adds Anthropic cache reads and writes to the input total (semconv counts all input tokens)', () => {
    withLLM({ provider: 'anthropic', model: 'claude-sonnet-4-5' }, () => ({
      usage: { input_tokens: 10, cache_read_input_tokens: 200, cache_creation_input_tokens: 50, output_tokens: 5 },
    }));
    expect(otel.span('chat claude-sonnet-4-5').attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 260,
      'gen_ai.usage.cache_read.input_tokens': 200,
      'gen_ai.usage.cache_creation.input_tokens': 50,
      'gen_ai.usage.output_tokens': 5,
    });
  });

  it('lets recordUsage win over the reply and supports custom operations', () => {
    const reply = { usage: { prompt_tokens: 1, completion_tokens: 1 } };
    const result = withLLM({ provider: 'openai', model: 'text-embedding-3-small', operation: 'embeddings' }, handle => {
      handle.recordUsage({ inputTokens: 12 }).setResponseModel('text-embedding-3-small');
      return reply;
    });
    expect(result).toBe(reply);
    const span = otel.span('embeddings text-embedding-3-small');
    expect(span.attributes['gen_ai.operation.name']).toBe('embeddings');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(12);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeUndefined();
  });
});

describe('state, serialization and specs', () => {
  it('names state spans {operation} {store} and records bytes from the handle', async () => {
    await withState({ store: 'session', operation: 'read', key: 'user:1' }, async handle => handle.setBytes(512));
    expect(otel.span('read session').attributes).toEqual({
      'agentmeter.state.store': 'session',
      'agentmeter.state.operation': 'read',
      'agentmeter.state.key': 'user:1',
      'agentmeter.bytes': 512,
    });
    withSerialization('handoff-message', handle => handle.setBytes(64));
    expect(otel.span('serialize handoff-message').attributes).toEqual({
      'agentmeter.serialization.target': 'handoff-message',
      'agentmeter.bytes': 64,
    });
  });

  it('records agent id/description, tool call id/type and the sequential marker', () => {
    withAgent({ name: 'research', id: 'a-1', description: 'finds sources', sequential: true }, () => 1);
    withTool({ name: 'mcp_search', callId: 'call_9', type: 'extension' }, () => 1);
    expect(otel.span('invoke_agent research').attributes).toMatchObject({
      'gen_ai.agent.id': 'a-1',
      'gen_ai.agent.description': 'finds sources',
      'agentmeter.sequential': true,
    });
    expect(otel.span('execute_tool mcp_search').attributes).toMatchObject({ 'gen_ai.tool.call.id': 'call_9', 'gen_ai.tool.type': 'extension' });
  });
});

describe('decorators', () => {
  it('wrap methods with the standard (TC39) decorator form, keeping this, arguments and return value', async () => {
    class ResearchAgent {
      prefix = 'found';
      @agent()
      async run(topic: string) {
        return this.lookup(topic);
      }
      @tool('web_search')
      lookup(topic: string) {
        return `${this.prefix}: ${topic}`;
      }
    }
    class Pipeline {
      @workflow()
      report() {
        return new ResearchAgent().run('ev');
      }
    }
    await expect(new Pipeline().report()).resolves.toBe('found: ev');
    const root = otel.span('invoke_workflow report');
    const agentSpan = otel.span('invoke_agent ResearchAgent');
    expect(agentSpan.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
    expect(otel.span('execute_tool web_search').parentSpanContext?.spanId).toBe(agentSpan.spanContext().spanId);
  });

  it('wrap methods with the legacy experimentalDecorators form (target, key, descriptor)', () => {
    class Legacy {
      compute(x: number) {
        return x * 2;
      }
    }
    const descriptor = Object.getOwnPropertyDescriptor(Legacy.prototype, 'compute')!;
    const decorated = (tool() as any)(Legacy.prototype, 'compute', descriptor);
    Object.defineProperty(Legacy.prototype, 'compute', decorated);
    expect(new Legacy().compute(21)).toBe(42);
    expect(otel.span('execute_tool compute')).toBeDefined();
  });
});
