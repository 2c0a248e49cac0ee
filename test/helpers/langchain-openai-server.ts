import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server speaking the OpenAI Chat Completions API (JSON and SSE)
 * for @langchain/openai's ChatOpenAI, scripted by markers in the request:
 *
 * - a system message `ROLE supervisor ROUTE a,b` → replies with the name of
 *   the first worker whose `DONE <name>` is not in the conversation yet, else
 *   `FINISH`;
 * - a system message `ROLE worker NAME <name>` (with tools) → a call of the
 *   first tool, or `DONE <name>: …` once the last message is a tool result;
 * - any other request with tools and no tool result yet → a call of the first tool;
 * - a user message containing `FAIL 500` → HTTP 500 with an OpenAI error body;
 *   `SLOW` → the reply is delayed by 2 s (for AbortSignal tests);
 * - anything else → `Hello from the loopback model`.
 *
 * Every reply reports realistic usage: 1000 prompt tokens (400 cached), 100
 * completion tokens; streamed replies send it in a final chunk when
 * `stream_options.include_usage` is set. Response ids count up per server, so
 * two runs of the same app get the same ids.
 */
export interface ChatRequest {
  body: any;
  headers: IncomingMessage['headers'];
}

export interface LangchainOpenAIServer {
  /** Base URL for ChatOpenAI's `configuration.baseURL` (ends in /v1). */
  url: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

const MODEL = 'gpt-4o-mini-2024-07-18';
export const USAGE = {
  prompt_tokens: 1000,
  completion_tokens: 100,
  total_tokens: 1100,
  prompt_tokens_details: { cached_tokens: 400, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

interface Reply {
  content: string | null;
  toolCall?: { name: string; arguments: string };
}

const text = (content: unknown): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map(p => (typeof p === 'string' ? p : p?.text ?? '')).join('') : '';

function script(body: any): Reply {
  const messages: any[] = body.messages ?? [];
  const system = text(messages.find(m => m.role === 'system' || m.role === 'developer')?.content);
  const conversation = messages.map(m => text(m.content)).join('\n');
  const toolName = body.tools?.[0]?.function?.name as string | undefined;
  const last = messages[messages.length - 1];
  const supervisor = /ROLE supervisor ROUTE (\S+)/.exec(system);
  if (supervisor) {
    const next = supervisor[1].split(',').find(worker => !conversation.includes(`DONE ${worker}`));
    return { content: next ?? 'FINISH' };
  }
  const worker = /ROLE worker NAME (\S+)/.exec(system);
  if (worker && last?.role === 'tool') return { content: `DONE ${worker[1]}: ${text(last.content)}` };
  if (toolName && last?.role !== 'tool') return { content: null, toolCall: { name: toolName, arguments: JSON.stringify({ query: worker?.[1] ?? 'weather' }) } };
  return { content: 'Hello from the loopback model' };
}

export async function startLangchainOpenAIServer(options: { delayMs?: number } = {}): Promise<LangchainOpenAIServer> {
  const delayMs = options.delayMs ?? 20;
  const requests: ChatRequest[] = [];
  let counter = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end();
        return;
      }
      requests.push({ body, headers: req.headers });
      const n = ++counter;
      const userText = (body.messages ?? []).filter((m: any) => m.role === 'user').map((m: any) => text(m.content)).join('\n');
      const wait = userText.includes('SLOW') ? 2000 : delayMs;
      setTimeout(() => {
        if (res.destroyed) return;
        if (userText.includes('FAIL 500')) {
          res.writeHead(500, { 'content-type': 'application/json', 'x-request-id': `req_${n}` });
          res.end(JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } }));
          return;
        }
        const reply = script(body);
        if (body.stream) stream(res, n, reply, body.stream_options?.include_usage === true);
        else json(res, n, reply);
      }, wait);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}

function toolCalls(n: number, reply: Reply) {
  return reply.toolCall ? [{ id: `call_${n}`, type: 'function', function: reply.toolCall }] : undefined;
}

function json(res: ServerResponse, n: number, reply: Reply): void {
  const message = { role: 'assistant', content: reply.content, refusal: null, tool_calls: toolCalls(n, reply) };
  res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${n}` });
  res.end(
    JSON.stringify({
      id: `chatcmpl-${n}`,
      object: 'chat.completion',
      created: 1_750_000_000,
      model: MODEL,
      choices: [{ index: 0, message, logprobs: null, finish_reason: reply.toolCall ? 'tool_calls' : 'stop' }],
      usage: USAGE,
      system_fingerprint: 'fp_loopback',
    }),
  );
}

function stream(res: ServerResponse, n: number, reply: Reply, includeUsage: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': `req_${n}` });
  const base = { id: `chatcmpl-${n}`, object: 'chat.completion.chunk', created: 1_750_000_000, model: MODEL, system_fingerprint: 'fp_loopback' };
  const send = (chunk: object) => res.write(`data: ${JSON.stringify({ ...base, ...chunk })}\n\n`);
  send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  if (reply.toolCall) {
    const [call] = toolCalls(n, reply)!;
    send({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, ...call, function: { name: call.function.name, arguments: '' } }] }, finish_reason: null }] });
    send({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: call.function.arguments } }] }, finish_reason: null }] });
  } else {
    // Split in words so the stream has several content chunks.
    for (const piece of (reply.content ?? '').split(/(?= )/)) send({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
  }
  send({ choices: [{ index: 0, delta: {}, finish_reason: reply.toolCall ? 'tool_calls' : 'stop' }] });
  if (includeUsage) send({ choices: [], usage: USAGE });
  res.end('data: [DONE]\n\n');
}
