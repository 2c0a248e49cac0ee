import { requestAttributes, requestedToolCalls, responseAttributes, spanName } from '../../packages/sdk/src/instrumentations/anthropic/attributes';
import { inputMessages, outputMessages, systemInstructions } from '../../packages/sdk/src/instrumentations/anthropic/messages';
import { StreamRecorder } from '../../packages/sdk/src/instrumentations/anthropic/stream';
import { sseEvents, TOOL_USE_REPLY } from '../helpers/anthropic-server';

/* The pure mapping behind the anthropic instrumentation, on exact values. */
describe('anthropic attributes', () => {
  it('names the span chat {model} and maps request params, leaving out what is absent or mistyped', () => {
    expect(spanName({ model: 'claude-haiku-4-5' })).toBe('chat claude-haiku-4-5');
    expect(spanName({})).toBe('chat');
    expect(requestAttributes({ model: 'm', max_tokens: 10, temperature: '0.5', stop_sequences: ['a', 1] }, 'https://api.anthropic.com/v1?x=1', false)).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'm',
      'gen_ai.request.max_tokens': 10,
      'server.address': 'api.anthropic.com',
      'server.port': 443,
    });
    expect(requestAttributes(undefined, 'not a url', true)).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.stream': true,
    });
  });

  it('adds cache reads and writes to the semconv input total', () => {
    expect(responseAttributes(TOOL_USE_REPLY)).toEqual({
      'gen_ai.response.id': 'msg_01ToolUse',
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'gen_ai.response.finish_reasons': ['tool_use'],
      'gen_ai.usage.input_tokens': 2420,
      'gen_ai.usage.output_tokens': 45,
      'gen_ai.usage.cache_read.input_tokens': 2000,
      'gen_ai.usage.cache_creation.input_tokens': 300,
    });
    expect(responseAttributes({ usage: { input_tokens: 7, output_tokens: 3 } })).toEqual({ 'gen_ai.usage.input_tokens': 7, 'gen_ai.usage.output_tokens': 3 });
  });

  it('lists the tool_use blocks the model asked for', () => {
    expect(requestedToolCalls(TOOL_USE_REPLY.content)).toEqual([{ id: 'toolu_01Weather', name: 'get_weather', input: { city: 'Paris' } }]);
    expect(requestedToolCalls([{ type: 'server_tool_use', name: 'web_search' }, { type: 'tool_use' }])).toEqual([]);
  });
});

describe('anthropic messages (content capture)', () => {
  it('maps every block kind without copying binary data', () => {
    const params = {
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'base64', data: 'AAAA' } }, { type: 'text', text: 'What is this?' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 's' }, { type: 'tool_use', id: 't1', name: 'look', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'a cat' }] }] },
      ],
    };
    expect(systemInstructions(params)).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(JSON.stringify(inputMessages(params))).not.toContain('AAAA');
    expect(inputMessages(params)).toEqual([
      { role: 'user', parts: [{ type: 'image' }, { type: 'text', content: 'What is this?' }] },
      { role: 'assistant', parts: [{ type: 'reasoning', content: 'hmm' }, { type: 'tool_call', id: 't1', name: 'look', arguments: {} }] },
      { role: 'user', parts: [{ type: 'tool_call_response', id: 't1', response: [{ type: 'text', text: 'a cat' }] }] },
    ]);
    expect(outputMessages([{ type: 'text', text: 'x' }], 'max_tokens')).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'x' }], finish_reason: 'length' }]);
    expect(outputMessages([], 'some_new_reason')[0].finish_reason).toBe('some_new_reason');
  });
});

describe('StreamRecorder', () => {
  const events = sseEvents(TOOL_USE_REPLY).map(([, data]) => data);

  it('rebuilds the reply from a whole stream, like the non-streamed Message', () => {
    const recorder = new StreamRecorder(true);
    events.forEach(e => recorder.add(e));
    expect(recorder.complete).toBe(true);
    expect(recorder.message()).toEqual({
      id: TOOL_USE_REPLY.id,
      model: TOOL_USE_REPLY.model,
      stop_reason: 'tool_use',
      usage: TOOL_USE_REPLY.usage,
      content: [
        { type: 'text', text: 'Let me check the weather.' },
        { type: 'tool_use', id: 'toolu_01Weather', name: 'get_weather', input: { city: 'Paris' } },
      ],
    });
  });

  it('keeps no text without content capture, and no placeholder output count before message_delta', () => {
    const recorder = new StreamRecorder(false);
    events.slice(0, 8).forEach(e => recorder.add(e));
    expect(recorder.complete).toBe(false);
    expect(recorder.message()).toEqual({
      id: TOOL_USE_REPLY.id,
      model: TOOL_USE_REPLY.model,
      usage: { input_tokens: 120, cache_creation_input_tokens: 300, cache_read_input_tokens: 2000 },
      content: [{ type: 'text' }, { type: 'tool_use', id: 'toolu_01Weather', name: 'get_weather' }],
    });
  });

  it('takes final input and cache totals from message_delta when the API sends them there, and ignores unknown events', () => {
    const recorder = new StreamRecorder(false);
    recorder.add({ type: 'message_start', message: { id: 'm', model: 'x', usage: { input_tokens: 5, cache_read_input_tokens: 0, output_tokens: 1 } } });
    recorder.add({ type: 'some_future_event', usage: { input_tokens: 999 } });
    recorder.add({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 9, input_tokens: 6, cache_read_input_tokens: null } });
    expect(recorder.message()?.usage).toEqual({ input_tokens: 6, cache_read_input_tokens: 0, output_tokens: 9 });
  });

  it('keeps a tool input cut mid-JSON as its partial text', () => {
    const recorder = new StreamRecorder(true);
    recorder.add({ type: 'message_start', message: { id: 'm', usage: {} } });
    recorder.add({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 't', name: 'n', input: {} } });
    recorder.add({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"ci' } });
    expect(recorder.message()?.content).toEqual([{ type: 'tool_use', id: 't', name: 'n', input: '{"ci' }]);
  });
});
