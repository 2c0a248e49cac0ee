/**
 * The pure parts of the openai instrumentation, in process: endpoint and
 * request mapping, stream accumulation, Responses status mapping, semconv
 * messages, and the unread-reply sweeper. The child-process tests cover the
 * patching; these pin down the cases the loopback server does not play.
 */
import { endpointAttributes, embeddingsReply } from '../../packages/sdk/src/instrumentations/openai/attributes';
import { ChatStreamAccumulator, chatRequestAttributes } from '../../packages/sdk/src/instrumentations/openai/chat-attributes';
import { chatInputMessages } from '../../packages/sdk/src/instrumentations/openai/messages';
import { ResponsesStreamAccumulator, responsesReply, responsesRequestAttributes } from '../../packages/sdk/src/instrumentations/openai/responses-attributes';
import { UnreadReplies } from '../../packages/sdk/src/instrumentations/openai/unread-replies';

describe('endpointAttributes', () => {
  it('reads server.address/port from the baseURL, with the scheme default port', () => {
    expect(endpointAttributes({ baseURL: 'https://api.openai.com/v1' })).toEqual({
      'gen_ai.provider.name': 'openai',
      'server.address': 'api.openai.com',
      'server.port': 443,
    });
    expect(endpointAttributes({ baseURL: 'http://localhost:8080/v1' })).toMatchObject({ 'server.address': 'localhost', 'server.port': 8080 });
  });

  it('reports Azure OpenAI by host or by the AzureOpenAI client class', () => {
    expect(endpointAttributes({ baseURL: 'https://acme.openai.azure.com/openai/deployments/gpt' })['gen_ai.provider.name']).toBe('azure.ai.openai');
    class AzureOpenAI {
      baseURL = 'https://gateway.example.com/v1';
    }
    expect(endpointAttributes(new AzureOpenAI())['gen_ai.provider.name']).toBe('azure.ai.openai');
    expect(endpointAttributes({ baseURL: 'https://gateway.example.com/v1' })['gen_ai.provider.name']).toBe('openai');
  });

  it('leaves server.* out when there is no usable baseURL', () => {
    expect(endpointAttributes(undefined)).toEqual({ 'gen_ai.provider.name': 'openai' });
    expect(endpointAttributes({ baseURL: 'not a url' })).toEqual({ 'gen_ai.provider.name': 'openai' });
  });
});

describe('request attributes', () => {
  it('chat: legacy max_tokens, a single stop string, n=1 and text format', () => {
    expect(chatRequestAttributes({ model: 'gpt-4o', max_tokens: 50, stop: 'END', n: 1, response_format: { type: 'text' } })).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.output.type': 'text',
    });
    expect(chatRequestAttributes(undefined)).toEqual({ 'gen_ai.operation.name': 'chat' });
  });

  it('responses: text.format json_schema and a { id } conversation', () => {
    expect(responsesRequestAttributes({ model: 'gpt-4.1', text: { format: { type: 'json_schema' } }, conversation: { id: 'conv_1' }, service_tier: 'flex' })).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.output.type': 'json',
      'gen_ai.conversation.id': 'conv_1',
      'openai.request.service_tier': 'flex',
    });
  });
});

describe('ChatStreamAccumulator', () => {
  const chunk = (delta: object, finish: string | null = null, index = 0) => ({ id: 'c1', model: 'm', choices: [{ index, delta, finish_reason: finish }] });

  it('assembles parallel tool calls from interleaved deltas; arguments only when content is kept', () => {
    const feed = (acc: ChatStreamAccumulator) => {
      acc.add(chunk({ role: 'assistant' }));
      acc.add(chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'search', arguments: '' } }] }));
      acc.add(chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'fetch', arguments: '{"u' } }] }));
      acc.add(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":1}' } }, { index: 1, function: { arguments: '":2}' } }] }));
      acc.add(chunk({}, 'tool_calls'));
      acc.add({ id: 'c1', model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 3 } });
      return acc;
    };
    const plain = feed(new ChatStreamAccumulator(false));
    expect(plain.finished).toBe(true);
    expect(plain.summary()).toMatchObject({
      id: 'c1',
      finishReasons: ['tool_calls'],
      usage: { prompt_tokens: 5, completion_tokens: 3 },
      toolCalls: [
        { id: 'call_a', name: 'search', type: 'function' },
        { id: 'call_b', name: 'fetch', type: 'function' },
      ],
    });
    expect(plain.summary().toolCalls.map(c => c.arguments)).toEqual([undefined, undefined]);
    expect(feed(new ChatStreamAccumulator(true)).summary().toolCalls.map(c => c.arguments)).toEqual(['{"q":1}', '{"u":2}']);
  });

  it('is not finished while no choice has a finish_reason, and ignores malformed chunks', () => {
    const acc = new ChatStreamAccumulator(true);
    acc.add(null);
    acc.add('data');
    acc.add({ choices: 'nope' });
    acc.add(chunk({ content: 'Hel' }));
    acc.add(chunk({ content: 'lo' }, null, 1));
    expect(acc.finished).toBe(false);
    expect(acc.summary().output!()).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Hel' }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'lo' }] },
    ]);
  });
});

describe('Responses replies', () => {
  it('maps status to a finish reason and a failed response to an error.type', () => {
    expect(responsesReply({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } })!.finishReasons).toEqual(['length']);
    expect(responsesReply({ status: 'incomplete', incomplete_details: { reason: 'content_filter' } })!.finishReasons).toEqual(['content_filter']);
    const failed = responsesReply({ status: 'failed', error: { code: 'server_error', message: 'secret detail' } })!;
    expect(failed).toMatchObject({ finishReasons: ['error'], errorType: 'server_error' });
    expect(JSON.stringify(failed)).not.toContain('secret detail');
  });

  it('reports function, custom and MCP tool calls with their types', () => {
    const reply = responsesReply({
      status: 'completed',
      output: [
        { type: 'function_call', call_id: 'call_1', name: 'lookup', arguments: '{}' },
        { type: 'custom_tool_call', call_id: 'call_2', name: 'grammar', input: 'x' },
        { type: 'mcp_call', id: 'mcp_1', name: 'search_docs', arguments: '{}' },
        { type: 'web_search_call', id: 'ws_1' },
      ],
    })!;
    expect(reply.finishReasons).toEqual(['tool_calls']);
    expect(reply.toolCalls.map(c => [c.id, c.name, c.type])).toEqual([
      ['call_1', 'lookup', 'function'],
      ['call_2', 'grammar', 'function'],
      ['mcp_1', 'search_docs', 'extension'],
    ]);
  });

  it('a stream cut before response.completed keeps id, model and finished tool calls', () => {
    const acc = new ResponsesStreamAccumulator();
    acc.add({ type: 'response.created', response: { id: 'resp_1', model: 'gpt-4.1-2025', usage: null } });
    acc.add({ type: 'response.output_item.done', item: { type: 'function_call', call_id: 'call_9', name: 'lookup', arguments: '{}' } });
    expect(acc.finished).toBe(false);
    expect(acc.summary()).toMatchObject({ id: 'resp_1', model: 'gpt-4.1-2025', toolCalls: [{ id: 'call_9', name: 'lookup' }] });
  });
});

describe('messages and embeddings', () => {
  it('chat input: developer as system, assistant tool calls, tool results', () => {
    expect(
      chatInputMessages([
        { role: 'developer', content: [{ type: 'text', text: 'Be brief.' }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":1}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '42' },
      ]),
    ).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'lookup', arguments: { q: 1 } }] },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '42' }] },
    ]);
  });

  it('embeddings: the dimension count of a decoded Float32Array, none for a base64 string', () => {
    expect(embeddingsReply({ model: 'e', data: [{ embedding: new Float32Array(3) }], usage: { prompt_tokens: 2 } })!.attributes).toEqual({ 'gen_ai.embeddings.dimension.count': 3 });
    expect(embeddingsReply({ model: 'e', data: [{ embedding: 'AAAA' }] })!.attributes).toEqual({});
  });
});

describe('UnreadReplies', () => {
  it('gives up on a reply nobody read after the timeout, not on one that was read', async () => {
    const unread = new UnreadReplies(50);
    const forgotten = { giveUp: jest.fn() };
    const read = { giveUp: jest.fn() };
    unread.wait(forgotten);
    unread.wait(read);
    unread.done(read);
    await new Promise(resolve => setTimeout(resolve, 1500));
    expect(forgotten.giveUp).toHaveBeenCalledTimes(1);
    expect(read.giveUp).not.toHaveBeenCalled();
  });

  it('is bounded: past 10 000 waiting calls the oldest gives up first', () => {
    const unread = new UnreadReplies(60_000);
    const waiters = Array.from({ length: 10_001 }, () => ({ giveUp: jest.fn() }));
    for (const waiter of waiters) unread.wait(waiter);
    expect(waiters[0].giveUp).toHaveBeenCalledTimes(1);
    expect(waiters[1].giveUp).not.toHaveBeenCalled();
    for (const waiter of waiters) unread.done(waiter);
  });
});
