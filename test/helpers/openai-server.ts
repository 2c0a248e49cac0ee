/**
 * A loopback HTTP server speaking the OpenAI API, for the openai
 * instrumentation tests and bench/instrumentation.mjs: the real `openai`
 * client points its baseURL at it. Imports only node builtins (the bench
 * transpiles this file and runs it in a child process).
 *
 * - POST /v1/chat/completions: JSON, or SSE chunks when `stream: true`
 *   (a final usage chunk only when `stream_options.include_usage` is set,
 *   as the real API does); tool calls when the request offers `tools`.
 * - POST /v1/responses: a Response object, or the `response.*` SSE events.
 * - POST /v1/embeddings: float or base64 vectors (`encoding_format`).
 *
 * Usage is realistic and fixed per model (USAGE below), with
 * prompt_tokens_details.cached_tokens and completion_tokens_details.reasoning_tokens.
 *
 * Scripted behaviour through request headers (set with the client's
 * per-request `headers` option):
 * - `x-scenario`: rate-limit (429) | server-error (500) | malformed (200 with
 *   truncated JSON) | reset (socket destroyed before any response) |
 *   stream-cut (SSE: every chunk incl. usage, then the connection is cut
 *   before `[DONE]`) | stream-cut-early (SSE: two chunks, then cut) |
 *   slow (answer after `x-delay-ms`, default 2000) | slow-stream (first
 *   chunk at once, the rest every `x-delay-ms`, default 300).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

export interface UsageFixture {
  prompt: number;
  cached: number;
  completion: number;
  reasoning: number;
}

/** Usage answered per requested model (anything else gets `default`). */
export const USAGE: Record<string, UsageFixture> = {
  'gpt-4o-mini': { prompt: 1000, cached: 400, completion: 100, reasoning: 0 },
  'o3-mini': { prompt: 120, cached: 0, completion: 300, reasoning: 256 },
  default: { prompt: 50, cached: 0, completion: 20, reasoning: 0 },
};

/** The dated model the server reports for a requested alias. */
export const RESPONSE_MODELS: Record<string, string> = {
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'o3-mini': 'o3-mini-2025-01-31',
  'text-embedding-3-small': 'text-embedding-3-small',
};

export const REPLY_TEXT = 'The answer is forty-two.';
export const TOOL_ARGUMENTS = '{"city":"Paris"}';
/** The reply to a request with a json_object / json_schema response_format. */
export const JSON_REPLY = '{"answer":42}';
const CREATED = 1732400000;

export class OpenAIServer {
  readonly requests: RecordedRequest[] = [];
  private _server: Server | undefined;
  private _count = 0;

  /** @returns the baseURL to give the client, e.g. `http://127.0.0.1:40123/v1`. */
  async start(port = 0): Promise<string> {
    this._server = createServer((req, res) => this._handle(req, res));
    this._server.keepAliveTimeout = 30_000;
    await new Promise<void>(resolve => this._server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this._server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    const server = this._server;
    if (!server) return;
    server.closeAllConnections?.();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }

  private _handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      let body: any = {};
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        return sendJson(res, 400, apiError('We could not parse the JSON body of your request.', 'invalid_request_error', null));
      }
      const path = (req.url ?? '').split('?')[0];
      this.requests.push({ path, body, headers: req.headers });
      const n = ++this._count;
      const scenario = String(req.headers['x-scenario'] ?? '');
      const delayMs = Number(req.headers['x-delay-ms'] ?? NaN);
      res.setHeader('x-request-id', `req_${n}`);
      res.setHeader('openai-processing-ms', '1');
      if (scenario === 'reset') return void req.socket.destroy();
      if (scenario === 'rate-limit') {
        res.setHeader('retry-after', '20');
        const message = `Rate limit reached for ${body.model} in organization org-test on requests per min (RPM): Limit 3, Used 3, Requested 1.`;
        return sendJson(res, 429, apiError(message, 'requests', 'rate_limit_exceeded'));
      }
      if (scenario === 'server-error') {
        return sendJson(res, 500, apiError('The server had an error while processing your request. Sorry about that!', 'server_error', null));
      }
      if (scenario === 'malformed') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"id":"chatcmpl-broken","object":"chat.completion","choices":[{"index":0,');
      }
      const answer = () => this._answer(path, body, n, scenario, res, Number.isFinite(delayMs) ? delayMs : undefined);
      if (scenario === 'slow') {
        const timer = setTimeout(answer, Number.isFinite(delayMs) ? delayMs : 2000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      answer();
    });
  }

  private _answer(path: string, body: any, n: number, scenario: string, res: ServerResponse, delayMs: number | undefined): void {
    const pacing = { scenario, delayMs: scenario === 'slow-stream' ? (delayMs ?? 300) : 0 };
    if (path === '/v1/chat/completions') {
      if (body.stream) return void sendEvents(res, chatChunks(body, n), pacing);
      return sendJson(res, 200, chatCompletion(body, n));
    }
    if (path === '/v1/responses') {
      if (body.stream) return void sendEvents(res, responseEvents(body, n), pacing);
      return sendJson(res, 200, responseObject(body, n, 'completed'));
    }
    if (path === '/v1/embeddings') return sendJson(res, 200, embeddings(body));
    sendJson(res, 404, apiError(`Invalid URL (POST ${path})`, 'invalid_request_error', null));
  }
}

function apiError(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

type SseEvent = { event?: string; data: unknown };

/** Writes SSE events; `stream-cut*` scenarios destroy the socket instead of finishing. */
async function sendEvents(res: ServerResponse, events: SseEvent[], pacing: { scenario: string; delayMs: number }): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  let closed = false;
  res.on('close', () => (closed = true));
  const cutAfter = pacing.scenario === 'stream-cut' ? events.length - 1 : pacing.scenario === 'stream-cut-early' ? 2 : Infinity;
  for (let i = 0; i < events.length; i++) {
    if (closed) return;
    if (i >= cutAfter) {
      // Let the written chunks reach the client, then cut the connection mid-stream.
      await new Promise(resolve => setTimeout(resolve, 20));
      res.socket?.destroy();
      return;
    }
    if (i > 0 && pacing.delayMs > 0) await new Promise(resolve => setTimeout(resolve, pacing.delayMs));
    const { event, data } = events[i];
    res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  }
  res.end();
}

function usageOf(model: string): UsageFixture {
  return USAGE[model] ?? USAGE.default;
}

function responseModel(model: string): string {
  return RESPONSE_MODELS[model] ?? model;
}

function toolName(body: any): string | undefined {
  const tool = Array.isArray(body.tools) ? body.tools[0] : undefined;
  const lastRole = Array.isArray(body.messages) ? body.messages[body.messages.length - 1]?.role : undefined;
  if (!tool || lastRole === 'tool') return undefined;
  return tool.function?.name ?? tool.name;
}

function wantsJson(body: any): boolean {
  const type = body.response_format?.type;
  return type === 'json_object' || type === 'json_schema';
}

function chatUsage(model: string) {
  const u = usageOf(model);
  return {
    prompt_tokens: u.prompt,
    completion_tokens: u.completion,
    total_tokens: u.prompt + u.completion,
    prompt_tokens_details: { cached_tokens: u.cached, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function chatCompletion(body: any, n: number) {
  const tool = toolName(body);
  const choices = Array.from({ length: Math.max(1, Number(body.n) || 1) }, (_, index) => ({
    index,
    message: tool
      ? { role: 'assistant', content: null, refusal: null, annotations: [], tool_calls: [{ id: `call_${n}_${index}`, type: 'function', function: { name: tool, arguments: TOOL_ARGUMENTS } }] }
      : { role: 'assistant', content: wantsJson(body) ? JSON_REPLY : REPLY_TEXT, refusal: null, annotations: [] },
    logprobs: null,
    finish_reason: tool ? 'tool_calls' : 'stop',
  }));
  return {
    id: `chatcmpl-${n}`,
    object: 'chat.completion',
    created: CREATED,
    model: responseModel(body.model),
    choices,
    usage: chatUsage(body.model),
    service_tier: 'default',
    system_fingerprint: 'fp_0ba0d124f1',
  };
}

function chatChunks(body: any, n: number): SseEvent[] {
  const includeUsage = body.stream_options?.include_usage === true;
  const tool = toolName(body);
  const base = { id: `chatcmpl-${n}`, object: 'chat.completion.chunk', created: CREATED, model: responseModel(body.model), service_tier: 'default', system_fingerprint: 'fp_0ba0d124f1' };
  const chunk = (delta: unknown, finish: string | null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const chunks: unknown[] = [chunk({ role: 'assistant', content: tool ? null : '', refusal: null }, null)];
  if (tool) {
    const id = `call_${n}_0`;
    chunks.push(chunk({ tool_calls: [{ index: 0, id, type: 'function', function: { name: tool, arguments: '' } }] }, null));
    for (const part of ['{"city":', '"Paris"}']) chunks.push(chunk({ tool_calls: [{ index: 0, function: { arguments: part } }] }, null));
  } else {
    for (const word of REPLY_TEXT.split(/(?<= )/)) chunks.push(chunk({ content: word }, null));
  }
  chunks.push(chunk({}, tool ? 'tool_calls' : 'stop'));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: chatUsage(body.model) });
  return [...chunks.map(data => ({ data })), { data: '[DONE]' }];
}

function responseUsage(model: string) {
  const u = usageOf(model);
  return {
    input_tokens: u.prompt,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.completion,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.prompt + u.completion,
  };
}

function responseOutput(body: any, n: number) {
  const tool = Array.isArray(body.tools) && body.tools[0]?.type === 'function' ? body.tools[0].name : undefined;
  if (tool) return [{ type: 'function_call', id: `fc_${n}`, call_id: `call_${n}_0`, name: tool, arguments: TOOL_ARGUMENTS, status: 'completed' }];
  return [{ type: 'message', id: `msg_${n}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: REPLY_TEXT, annotations: [], logprobs: [] }] }];
}

function responseObject(body: any, n: number, status: 'in_progress' | 'completed') {
  const done = status === 'completed';
  return {
    id: `resp_${n}`,
    object: 'response',
    created_at: CREATED,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model: responseModel(body.model),
    output: done ? responseOutput(body, n) : [],
    parallel_tool_calls: true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: body.temperature ?? 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage: done ? responseUsage(body.model) : null,
    user: null,
    metadata: {},
  };
}

function responseEvents(body: any, n: number): SseEvent[] {
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: responseObject(body, n, 'in_progress') },
    { type: 'response.in_progress', response: responseObject(body, n, 'in_progress') },
  ];
  const [item] = responseOutput(body, n) as any[];
  if (item.type === 'function_call') {
    events.push({ type: 'response.output_item.added', output_index: 0, item: { ...item, arguments: '', status: 'in_progress' } });
    events.push({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: 0, delta: TOOL_ARGUMENTS });
    events.push({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: 0, arguments: TOOL_ARGUMENTS });
  } else {
    events.push({ type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } });
    events.push({ type: 'response.content_part.added', item_id: item.id, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    for (const word of REPLY_TEXT.split(/(?<= )/)) {
      events.push({ type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta: word, logprobs: [] });
    }
    events.push({ type: 'response.output_text.done', item_id: item.id, output_index: 0, content_index: 0, text: REPLY_TEXT, logprobs: [] });
  }
  events.push({ type: 'response.output_item.done', output_index: 0, item });
  events.push({ type: 'response.completed', response: responseObject(body, n, 'completed') });
  return events.map((data, i) => ({ event: data.type as string, data: { ...data, sequence_number: i } }));
}

function embeddings(body: any) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const dims = Number(body.dimensions) || 8;
  const data = inputs.map((_: unknown, index: number) => {
    const vector = Float32Array.from({ length: dims }, (_v, i) => (index + 1) / (i + 2));
    const embedding = body.encoding_format === 'base64' ? Buffer.from(vector.buffer).toString('base64') : Array.from(vector);
    return { object: 'embedding', index, embedding };
  });
  const tokens = 8 * inputs.length;
  return { object: 'list', data, model: responseModel(body.model), usage: { prompt_tokens: tokens, total_tokens: tokens } };
}
