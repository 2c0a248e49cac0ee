import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

/**
 * A loopback server speaking the Anthropic Messages API (POST /v1/messages,
 * also as /v1/messages?beta=true; JSON and server-sent events), for the real @anthropic-ai/sdk client in
 * fixture processes. The first path segment picks the scenario, so a client
 * built with `baseURL: `${url}/rate-limit`` gets a 429:
 *
 * - `ok`: a tool-use reply, or — once the request carries a tool_result —
 *   the final answer; SSE when `stream: true`. Usage has cache reads/writes.
 * - `rate-limit` 429, `server-error` 500, `overloaded` 529: Anthropic's error
 *   JSON (`{type:'error', error:{type,message}}`) with a request-id header.
 * - `flaky`: 529 on the first request of the server's life, then `ok`.
 * - `malformed`: 200 application/json with a truncated body.
 * - `reset`: the socket is destroyed before any response.
 * - `hang`: no response for 30 s (for the app's AbortSignal).
 * - `stream-cut`: SSE that stops after the first text delta by destroying the socket.
 * - `stream-incomplete`: SSE that ends cleanly after the first text delta, without message_stop.
 * - `slow-stream`: SSE that sends the first text delta, then only pings until the client leaves.
 * - `sse-error`: SSE with an `error` event (overloaded_error) after the first delta.
 * - `malformed-sse`: SSE whose second event's data is not JSON.
 *
 * Shapes follow https://docs.anthropic.com/en/api/messages and
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming (sanitized: no real ids or keys).
 */
export const MODEL = 'claude-sonnet-4-5-20250929';

export const TOOL_USE_REPLY = {
  id: 'msg_01ToolUse',
  type: 'message',
  role: 'assistant',
  model: MODEL,
  content: [
    { type: 'text', text: 'Let me check the weather.' },
    { type: 'tool_use', id: 'toolu_01Weather', name: 'get_weather', input: { city: 'Paris' } },
  ],
  stop_reason: 'tool_use',
  stop_sequence: null,
  usage: { input_tokens: 120, cache_creation_input_tokens: 300, cache_read_input_tokens: 2000, output_tokens: 45 },
};

export const FINAL_REPLY = {
  id: 'msg_01Final',
  type: 'message',
  role: 'assistant',
  model: MODEL,
  content: [{ type: 'text', text: 'It is 18 degrees in Paris.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 180, cache_creation_input_tokens: 0, cache_read_input_tokens: 2300, output_tokens: 12 },
};

export interface ReceivedRequest {
  scenario: string;
  path: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

type Reply = typeof TOOL_USE_REPLY;
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** The SSE events of a reply, in the API's order (with a ping, as the API sends one). */
export function sseEvents(reply: Reply): Array<[string, unknown]> {
  const { content, usage, stop_reason, stop_sequence, ...rest } = reply;
  const events: Array<[string, unknown]> = [
    ['message_start', { type: 'message_start', message: { ...rest, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } }],
    ['ping', { type: 'ping' }],
  ];
  content.forEach((block, index) => {
    if (block.type === 'text') {
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } }]);
      const text = (block as { text: string }).text;
      const half = Math.ceil(text.length / 2);
      for (const piece of [text.slice(0, half), text.slice(half)]) {
        events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }]);
      }
    } else {
      const tool = block as { id: string; name: string; input: unknown };
      events.push(['content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: tool.id, name: tool.name, input: {} } }]);
      const json = JSON.stringify(tool.input);
      for (const piece of [json.slice(0, 5), json.slice(5)]) {
        events.push(['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } }]);
      }
    }
    events.push(['content_block_stop', { type: 'content_block_stop', index }]);
  });
  events.push(['message_delta', { type: 'message_delta', delta: { stop_reason, stop_sequence }, usage: { output_tokens: usage.output_tokens } }]);
  events.push(['message_stop', { type: 'message_stop' }]);
  return events;
}

const ERRORS: Record<string, [number, string, string]> = {
  'rate-limit': [429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit'],
  'server-error': [500, 'api_error', 'Internal server error'],
  overloaded: [529, 'overloaded_error', 'Overloaded'],
};

export class AnthropicServer {
  readonly requests: ReceivedRequest[] = [];
  private _server: Server | undefined;
  private readonly _sockets = new Set<Socket>();
  private _flakyServed = false;

  async start(): Promise<string> {
    this._server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => void this._handle(req, res, Buffer.concat(chunks).toString('utf8')).catch(() => res.destroy()));
    });
    this._server.on('connection', socket => {
      this._sockets.add(socket);
      socket.on('close', () => this._sockets.delete(socket));
    });
    await new Promise<void>(resolve => this._server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this._server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const socket of this._sockets) socket.destroy();
    await new Promise<void>(resolve => (this._server ? this._server.close(() => resolve()) : resolve()));
  }

  private async _handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const [pathname, query = ''] = (req.url ?? '').split('?');
    const [, scenario = '', ...rest] = pathname.split('/');
    const path = `/${rest.join('/')}`;
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    this.requests.push({ scenario, path, query, headers: req.headers, body });
    if (req.method !== 'POST' || path !== '/v1/messages') return this._error(res, 404, 'not_found_error', `no route ${path}`);
    const error = ERRORS[scenario] ?? (scenario === 'flaky' && !this._flakyServed ? ERRORS.overloaded : undefined);
    if (scenario === 'flaky') this._flakyServed = true;
    if (error) return this._error(res, ...error);
    const reply = hasToolResult(body) ? FINAL_REPLY : TOOL_USE_REPLY;
    switch (scenario) {
      case 'ok':
      case 'flaky':
        return body?.stream ? this._sse(res, sseEvents(reply)) : this._json(res, 200, reply);
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_malformed' });
        return void res.end('{"id":"msg_01Broken","type":"message","content":[{"type":"te');
      case 'reset':
        return void req.socket.destroy();
      case 'hang':
        await new Promise<void>(resolve => {
          const timer = setTimeout(resolve, 30_000).unref();
          res.on('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        return res.destroyed ? undefined : this._json(res, 200, reply);
      default:
        return this._streamFailure(scenario, req, res, sseEvents(reply));
    }
  }

  /** The SSE scenarios that go wrong after the first text delta. */
  private async _streamFailure(scenario: string, req: IncomingMessage, res: ServerResponse, events: Array<[string, unknown]>): Promise<void> {
    const firstDelta = events.findIndex(([name]) => name === 'content_block_delta');
    const head = events.slice(0, firstDelta + 1);
    if (scenario === 'malformed-sse') {
      return this._sse(res, [...head.slice(0, 1), ['content_block_start', '{"type":"content_block_start","index":0,'], ...head.slice(1)]);
    }
    await this._sse(res, head, false);
    switch (scenario) {
      case 'stream-cut':
        return void req.socket.destroy();
      case 'stream-incomplete':
        return void res.end();
      case 'sse-error':
        res.write(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`);
        return void res.end();
      case 'slow-stream':
        for (let i = 0; i < 300 && !res.destroyed && !res.writableEnded; i++) {
          res.write(`event: ping\ndata: {"type": "ping"}\n\n`);
          await sleep(50);
        }
        return void res.end();
      default:
        return this._error(res, 404, 'not_found_error', `no scenario ${scenario}`);
    }
  }

  private async _sse(res: ServerResponse, events: Array<[string, unknown]>, end = true): Promise<void> {
    if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_stream' });
    for (const [name, data] of events) {
      res.write(`event: ${name}\ndata: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
      await sleep(1);
    }
    if (end) res.end();
  }

  private _json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${status}` }).end(JSON.stringify(body));
  }

  private _error(res: ServerResponse, status: number, type: string, message: string): void {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${type}`, 'retry-after-ms': '10', 'x-should-retry': 'true' });
    res.end(JSON.stringify({ type: 'error', error: { type, message }, request_id: `req_${type}` }));
  }
}

function hasToolResult(body: any): boolean {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const last = messages[messages.length - 1];
  return Array.isArray(last?.content) && last.content.some((block: any) => block?.type === 'tool_result');
}
