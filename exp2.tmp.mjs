import { streamText, generateText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import fs from 'node:fs';
const baseURL = fs.readFileSync('/tmp/aiexp/url','utf8');
const p = (scenario) => createOpenAI({ baseURL, apiKey: 'sk-test', headers: { 'x-scenario': scenario } });
const log = (...a) => console.log(...a);
async function run(name, scenario, how) {
  const ac = new AbortController();
  const ev = [];
  const s = streamText({ model: p(scenario).chat('gpt-4o-mini'), prompt: 'hi', maxRetries: 0, abortSignal: ac.signal,
    onFinish: () => ev.push('onFinish'), onAbort: () => ev.push('onAbort'), onError: ({error}) => ev.push('onError:' + error?.constructor?.name) });
  let out = '', err;
  try {
    let n = 0;
    for await (const c of s.textStream) { out += c; n++; if (how === 'abort' && n === 3) ac.abort(); if (how === 'break' && n === 3) break; }
  } catch (e) { err = e?.constructor?.name + ':' + e?.name; }
  await new Promise(r => setTimeout(r, 300));
  log(name, JSON.stringify({ out: out.length, err, ev }));
}
await run('ok', 'text');
await run('500', 'status-500');
await run('reset', 'reset');
await run('malformed', 'malformed');
await run('abort', 'slow', 'abort');
await run('break', 'slow', 'break');
for (const sc of ['status-429', 'malformed', 'reset']) {
  try { await generateText({ model: p(sc).chat('gpt-4o-mini'), prompt: 'x', maxRetries: 0 }); } catch (e) { log('gen', sc, e.constructor.name, e.name, e.statusCode, e.cause?.constructor?.name, e.cause?.code); }
}
const ac = new AbortController(); setTimeout(() => ac.abort(), 20);
try { await generateText({ model: p('text').chat('gpt-4o-mini'), prompt: 'x', maxRetries: 0, abortSignal: ac.signal, headers: {'x-delay-ms': '500'} }); } catch (e) { log('gen abort', e.constructor.name, e.name, e.code); }
try { await generateText({ model: p('status-429').chat('gpt-4o-mini'), prompt: 'x', maxRetries: 1 }); } catch (e) { log('gen retry', e.constructor.name, e.name, e.reason, e.lastError?.constructor?.name); }
