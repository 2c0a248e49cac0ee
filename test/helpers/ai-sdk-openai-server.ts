import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server speaking the two OpenAI HTTP APIs the Vercel AI SDK's
 * `@ai-sdk/openai` provider uses: Chat Completions (`openai.chat(id)`) and
 * Responses (`openai(id)` / `openai.responses(id)`), JSON and SSE, with the
 * usage fields the real API returns (cached and reasoning token details).
 *
 * What a request gets is chosen by its `x-scenario` header (set by the
 * fixture through `createOpenAI({ headers })`), so fixtures running at the
 * same time do not interfere:
 * - `text`: one text reply. `object`: a JSON object as text (generateObject).
 * - `tools`: a tool loop decided by how many tool results the request holds:
 *   0 → two parallel get_weather calls, 2 → one summarize call, 3 → the final text.
 * - `status-429` / `status-500`: an OpenAI error body with that status.
 * - `malformed`: 200 with a body (or an SSE chunk) that is not JSON.
 * - `reset`: the socket is destroyed (for a stream: after two chunks).
 * - `slow`: a stream of 40 chunks 50 ms apart (for aborts mid-way).
 * - `flaky:<id>`: the first request for `<id>` gets 429, later ones `text`.
 * `x-delay-ms` delays the reply (LLM time that the breakdown should show).
 *
 * Docs: https://platform.openai.com/docs/api-reference/chat/create ,
 * https://platform.openai.com/docs/api-reference/responses/create ,
 * https://platform.openai.com/docs/api-reference/responses-streaming
 */
export interface ReplyUsage {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
}

interface Reply {
  text?: string;
  toolCalls?: Array<{ id: string; name: string; arguments: string }>;
  usage: ReplyUsage;
}

export const RESPONSE_MODEL = 'gpt-4o-mini-2024-07-18';
export const TEXT_REPLY = 'Hello from the loopback model.';
export const OBJECT_REPLY = '{"city":"Paris","temperature":21}';

/** Usage of each reply, so tests can assert exact sums. */
export const USAGE = {
  text: { input: 120, cached: 20, output: 30, reasoning: 5 },
  toolStep1: { input: 100, cached: 0, output: 20, reasoning: 0 },
  toolStep2: { input: 150, cached: 50, output: 15, reasoning: 0 },
  toolStep3: { input: 200, cached: 100, output: 40, reasoning: 10 },
} satisfies Record<string, ReplyUsage>;

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: any;
}

export class AiSdkOpenAIServer {
  readonly requests: RecordedRequest[] = [];
  private readonly _flaky = new Set<string>();
  private _server: Server | undefined;

  /** @returns the base URL to give `createOpenAI({ baseURL })`. */
  async start(): Promise<string> {
    this._server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => {
        let body: any;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = undefined;
        }
        this.requests.push({ path: req.url ?? '', headers: req.headers, body });
        const delay = Number(req.headers['x-delay-ms'] ?? 0);
        // unref'd: a reply the client gave up on (aborted) must not keep the test process alive
        setTimeout(() => this._handle(req, res, body), delay).unref();
      });
    });
    await new Promise<void>(resolve => this._server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this._server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this._server?.closeAllConnections();
    await new Promise<void>(resolve => (this._server ? this._server.close(() => resolve()) : resolve()));
  }

  private _handle(req: IncomingMessage, res: ServerResponse, body: any): void {
    const api = req.url?.endsWith('/responses') ? 'responses' : req.url?.endsWith('/chat/completions') ? 'chat' : undefined;
    if (!api || !body) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
      return;
    }
    let scenario = String(req.headers['x-scenario'] ?? 'text');
    if (scenario.startsWith('flaky:')) {
      const id = scenario.slice('flaky:'.length);
      if (!this._flaky.has(id)) {
        this._flaky.add(id);
        scenario = 'status-429';
      } else {
        scenario = 'text';
      }
    }
    const stream = body.stream === true;
    if (scenario.startsWith('status-')) return sendError(res, Number(scenario.slice('status-'.length)));
    if (scenario === 'reset' && !stream) return void req.socket.destroy();
    if (scenario === 'malformed' && !stream) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "chatcmpl-1", "choices": [');
      return;
    }
    const reply = replyFor(scenario, api, body);
    if (!stream) {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'req_loopback' });
      res.end(JSON.stringify(api === 'chat' ? chatJson(reply) : responsesJson(reply)));
      return;
    }
    const events = api === 'chat' ? chatEvents(reply) : responsesEvents(reply);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const gapMs = scenario === 'slow' ? 50 : 2;
    let index = 0;
    const next = () => {
      if (res.destroyed) return;
      if (scenario === 'reset' && index === 2) return void req.socket.destroy();
      if (scenario === 'malformed' && index === 2) res.write('data: {"id": "chatcmpl-1", "choices": [{\n\n');
      if (index >= events.length) {
        if (api === 'chat') res.write('data: [DONE]\n\n');
        res.end();
        return;
      }
      const event = events[index++];
      res.write(api === 'chat' ? `data: ${JSON.stringify(event)}\n\n` : `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
      setTimeout(next, gapMs).unref();
    };
    next();
  }
}

function sendError(res: ServerResponse, status: number): void {
  const type = status === 429 ? 'rate_limit_exceeded' : 'server_error';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (status === 429) headers['retry-after-ms'] = '10';
  res.writeHead(status, headers).end(JSON.stringify({ error: { message: `loopback ${status}`, type, param: null, code: type } }));
}

function countToolResults(api: 'chat' | 'responses', body: any): number {
  if (api === 'chat') return (body.messages ?? []).filter((m: any) => m.role === 'tool').length;
  return (Array.isArray(body.input) ? body.input : []).filter((i: any) => i.type === 'function_call_output').length;
}

function replyFor(scenario: string, api: 'chat' | 'responses', body: any): Reply {
  if (scenario === 'object') return { text: OBJECT_REPLY, usage: USAGE.text };
  if (scenario === 'slow') return { text: Array.from({ length: 40 }, (_, i) => `w${i} `).join(''), usage: USAGE.text };
  if (scenario === 'tools') {
    const results = countToolResults(api, body);
    if (results === 0) {
      return {
        toolCalls: [
          { id: 'call_paris', name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'call_london', name: 'get_weather', arguments: '{"city":"London"}' },
        ],
        usage: USAGE.toolStep1,
      };
    }
    if (results === 2) return { toolCalls: [{ id: 'call_summary', name: 'summarize', arguments: '{"topic":"weather"}' }], usage: USAGE.toolStep2 };
    return { text: 'Paris is warmer than London today.', usage: USAGE.toolStep3 };
  }
  return { text: TEXT_REPLY, usage: USAGE.text };
}

const CREATED = 1_760_000_000;

function chatUsage(u: ReplyUsage) {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function chatJson(reply: Reply) {
  const toolCalls = reply.toolCalls?.map(c => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
  return {
    id: 'chatcmpl-loopback',
    object: 'chat.completion',
    created: CREATED,
    model: RESPONSE_MODEL,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: reply.text ?? null, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
      },
    ],
    usage: chatUsage(reply.usage),
    system_fingerprint: 'fp_loopback',
  };
}

function chatEvents(reply: Reply): any[] {
  const base = { id: 'chatcmpl-loopback', object: 'chat.completion.chunk', created: CREATED, model: RESPONSE_MODEL, system_fingerprint: 'fp_loopback' };
  const events: any[] = [{ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] }];
  for (const word of (reply.text ?? '').split(/(?<= )/).filter(Boolean)) {
    events.push({ ...base, choices: [{ index: 0, delta: { content: word }, logprobs: null, finish_reason: null }] });
  }
  reply.toolCalls?.forEach((call, index) => {
    events.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }, logprobs: null, finish_reason: null }] });
    events.push({ ...base, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: call.arguments } }] }, logprobs: null, finish_reason: null }] });
  });
  events.push({ ...base, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: reply.toolCalls ? 'tool_calls' : 'stop' }] });
  events.push({ ...base, choices: [], usage: chatUsage(reply.usage) });
  return events;
}

function responsesUsage(u: ReplyUsage) {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
}

function responsesOutput(reply: Reply): any[] {
  const output: any[] = [];
  if (reply.text !== undefined) {
    output.push({
      type: 'message',
      id: 'msg_loopback',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: reply.text, annotations: [], logprobs: [] }],
    });
  }
  for (const call of reply.toolCalls ?? []) {
    output.push({ type: 'function_call', id: `fc_${call.id}`, call_id: call.id, name: call.name, arguments: call.arguments, status: 'completed' });
  }
  return output;
}

function responsesJson(reply: Reply, status = 'completed') {
  return {
    id: 'resp_loopback',
    object: 'response',
    created_at: CREATED,
    status,
    error: null,
    incomplete_details: null,
    model: RESPONSE_MODEL,
    output: status === 'completed' ? responsesOutput(reply) : [],
    parallel_tool_calls: true,
    service_tier: 'default',
    usage: status === 'completed' ? responsesUsage(reply.usage) : null,
  };
}

function responsesEvents(reply: Reply): any[] {
  let seq = 0;
  const events: any[] = [
    { type: 'response.created', sequence_number: seq++, response: responsesJson(reply, 'in_progress') },
    { type: 'response.in_progress', sequence_number: seq++, response: responsesJson(reply, 'in_progress') },
  ];
  responsesOutput(reply).forEach((item, outputIndex) => {
    if (item.type === 'message') {
      events.push({ type: 'response.output_item.added', sequence_number: seq++, output_index: outputIndex, item: { ...item, status: 'in_progress', content: [] } });
      events.push({ type: 'response.content_part.added', sequence_number: seq++, item_id: item.id, output_index: outputIndex, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      for (const word of String(reply.text).split(/(?<= )/).filter(Boolean)) {
        events.push({ type: 'response.output_text.delta', sequence_number: seq++, item_id: item.id, output_index: outputIndex, content_index: 0, delta: word, logprobs: [] });
      }
      events.push({ type: 'response.output_text.done', sequence_number: seq++, item_id: item.id, output_index: outputIndex, content_index: 0, text: reply.text, logprobs: [] });
      events.push({ type: 'response.output_item.done', sequence_number: seq++, output_index: outputIndex, item });
    } else {
      events.push({ type: 'response.output_item.added', sequence_number: seq++, output_index: outputIndex, item: { ...item, arguments: '', status: 'in_progress' } });
      events.push({ type: 'response.function_call_arguments.delta', sequence_number: seq++, item_id: item.id, output_index: outputIndex, delta: item.arguments });
      events.push({ type: 'response.function_call_arguments.done', sequence_number: seq++, item_id: item.id, output_index: outputIndex, arguments: item.arguments });
      events.push({ type: 'response.output_item.done', sequence_number: seq++, output_index: outputIndex, item });
    }
  });
  events.push({ type: 'response.completed', sequence_number: seq++, response: responsesJson(reply) });
  return events;
}
