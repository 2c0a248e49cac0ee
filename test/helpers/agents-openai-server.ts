import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server speaking the two OpenAI APIs the OpenAI Agents SDK's
 * models call — Responses (`POST /v1/responses`, JSON or SSE) and Chat
 * Completions (`POST /v1/chat/completions`, JSON or SSE) — answering from
 * scripts: each test registers a named list of steps, the client names its
 * script in the `x-agentmeter-script` header (`defaultHeaders` of the OpenAI
 * client), and each request consumes the script's next step. Shapes follow
 * https://platform.openai.com/docs/api-reference/responses and
 * https://platform.openai.com/docs/api-reference/chat, with realistic usage.
 */

export interface Usage {
  input: number;
  cached: number;
  output: number;
}

export type Step =
  | { text: string; delayMs?: number; usage?: Usage }
  | { call: string; args?: Record<string, unknown>; callId?: string; delayMs?: number; usage?: Usage }
  | { status: number; delayMs?: number };

export interface ReceivedRequest {
  script: string;
  path: string;
  body: Record<string, any>;
  headers: IncomingMessage['headers'];
}

export const RESPONSE_MODEL = 'gpt-4o-mini-2024-07-18';
const DEFAULT_USAGE: Usage = { input: 1000, cached: 400, output: 100 };

export class AgentsOpenAIServer {
  readonly requests: ReceivedRequest[] = [];
  private readonly _scripts = new Map<string, Step[]>();
  private _server: Server | undefined;
  private _ids = 0;

  /** Registers (or replaces) a script; `url` is the baseURL clients use. */
  script(name: string, steps: Step[]): void {
    this._scripts.set(name, [...steps]);
  }

  /** Steps of a script not consumed yet. */
  remaining(name: string): number {
    return this._scripts.get(name)?.length ?? 0;
  }

  async start(): Promise<string> {
    this._server = createServer((req, res) => this._handle(req, res));
    await new Promise<void>(resolve => this._server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this._server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    this._server?.closeAllConnections();
    await new Promise<void>(resolve => (this._server ? this._server.close(() => resolve()) : resolve()));
  }

  private _handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', async () => {
      const script = String(req.headers['x-agentmeter-script'] ?? '');
      let body: Record<string, any> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        // recorded as empty
      }
      const path = (req.url ?? '').replace(/\?.*$/, '');
      this.requests.push({ script, path, body, headers: req.headers });
      const step = this._scripts.get(script)?.shift();
      if (!step) return sendJson(res, 500, { error: { message: `script "${script}" has no step left`, type: 'server_error' } });
      if (step.delayMs) await new Promise(resolve => setTimeout(resolve, step.delayMs));
      if ('status' in step) {
        return sendJson(res, step.status, { error: { message: 'The server had an error processing your request.', type: 'server_error', code: null } });
      }
      const id = ++this._ids;
      if (path.endsWith('/responses')) return this._responses(res, body, step, id);
      if (path.endsWith('/chat/completions')) return this._chat(res, body, step, id);
      sendJson(res, 404, { error: { message: `no route ${path}`, type: 'invalid_request_error' } });
    });
  }

  private _responses(res: ServerResponse, body: Record<string, any>, step: Exclude<Step, { status: number }>, id: number): void {
    const usage = step.usage ?? DEFAULT_USAGE;
    const item =
      'call' in step
        ? { type: 'function_call', id: `fc_${id}`, call_id: step.callId ?? `call_${id}`, name: step.call, arguments: JSON.stringify(step.args ?? {}), status: 'completed' }
        : { type: 'message', id: `msg_${id}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: step.text, annotations: [] }] };
    const response = {
      id: `resp_${id}`,
      object: 'response',
      created_at: Math.floor(Date.now() / 1000),
      status: 'completed',
      model: RESPONSE_MODEL,
      output: [item],
      parallel_tool_calls: true,
      tool_choice: 'auto',
      tools: [],
      usage: {
        input_tokens: usage.input,
        input_tokens_details: { cached_tokens: usage.cached },
        output_tokens: usage.output,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: usage.input + usage.output,
      },
    };
    if (!body.stream) return sendJson(res, 200, response);
    const events: Array<Record<string, unknown>> = [
      { type: 'response.created', response: { ...response, status: 'in_progress', output: [], usage: null } },
      { type: 'response.in_progress', response: { ...response, status: 'in_progress', output: [], usage: null } },
      { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress' } },
    ];
    if ('text' in step) {
      for (const delta of step.text.match(/.{1,8}/gs) ?? []) {
        events.push({ type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta });
      }
      events.push({ type: 'response.output_text.done', item_id: item.id, output_index: 0, content_index: 0, text: step.text });
    } else {
      events.push({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: 0, arguments: (item as { arguments: string }).arguments });
    }
    events.push({ type: 'response.output_item.done', output_index: 0, item }, { type: 'response.completed', response });
    sendSse(res, events.map((event, i) => ({ event: String(event.type), data: { ...event, sequence_number: i } })));
  }

  private _chat(res: ServerResponse, body: Record<string, any>, step: Exclude<Step, { status: number }>, id: number): void {
    const usage = step.usage ?? DEFAULT_USAGE;
    const toolCall = 'call' in step ? { id: step.callId ?? `call_${id}`, type: 'function', function: { name: step.call, arguments: JSON.stringify(step.args ?? {}) } } : undefined;
    const finishReason = toolCall ? 'tool_calls' : 'stop';
    const chatUsage = {
      prompt_tokens: usage.input,
      completion_tokens: usage.output,
      total_tokens: usage.input + usage.output,
      prompt_tokens_details: { cached_tokens: usage.cached },
    };
    const base = { id: `chatcmpl-${id}`, created: Math.floor(Date.now() / 1000), model: RESPONSE_MODEL };
    if (!body.stream) {
      const message = { role: 'assistant', content: 'text' in step ? step.text : null, ...(toolCall ? { tool_calls: [toolCall] } : {}), refusal: null };
      return sendJson(res, 200, { ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }], usage: chatUsage });
    }
    const chunk = (delta: object, finish: string | null) => ({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] });
    const chunks: object[] = [chunk({ role: 'assistant', content: '' }, null)];
    if (toolCall) chunks.push(chunk({ tool_calls: [{ index: 0, ...toolCall }] }, null));
    else for (const piece of (step as { text: string }).text.match(/.{1,8}/gs) ?? []) chunks.push(chunk({ content: piece }, null));
    chunks.push(chunk({}, finishReason));
    if (body.stream_options?.include_usage) chunks.push({ ...base, object: 'chat.completion.chunk', choices: [], usage: chatUsage });
    sendSse(res, chunks.map(data => ({ data })), true);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${Date.now()}` }).end(JSON.stringify(body));
}

function sendSse(res: ServerResponse, events: Array<{ event?: string; data: unknown }>, done = false): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const { event, data } of events) res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  if (done) res.write('data: [DONE]\n\n');
  res.end();
}
