import { streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import fs from 'node:fs';
const baseURL = fs.readFileSync('/tmp/aiexp/url','utf8');
const p = (scenario) => createOpenAI({ baseURL, apiKey: 'sk-test', headers: { 'x-scenario': scenario } });
function wrap(model, ev) {
  return new Proxy(model, { get(t, k) {
    if (k === 'doStream') return async (opts) => {
      const r = await t.doStream(opts);
      const reader = r.stream.getReader();
      const stream = new ReadableStream({
        async pull(c) { try { const x = await reader.read(); if (x.done) { ev.push('m:done'); c.close(); } else { if (x.value.type==='error'||x.value.type==='finish') ev.push('m:'+x.value.type); c.enqueue(x.value);} } catch (e) { ev.push('m:err'); c.error(e); } },
        cancel(reason) { ev.push('m:cancel'); return reader.cancel(reason); },
      });
      return { ...r, stream };
    };
    return Reflect.get(t, k, t);
  }});
}
async function run(name, scenario, how, consume = 'text') {
  const ac = new AbortController();
  const ev = [];
  const s = streamText({ model: wrap(p(scenario).chat('gpt-4o-mini'), ev), prompt: 'hi', maxRetries: 0, abortSignal: ac.signal,
    onFinish: () => ev.push('onFinish'), onAbort: () => ev.push('onAbort'), onError: ({error}) => ev.push('onError:' + error?.constructor?.name) });
  let out = '', err;
  try {
    let n = 0;
    const it = consume === 'full' ? s.fullStream : s.textStream;
    for await (const c of it) { out += c; n++; if (how === 'abort' && n === 3) ac.abort(); if (how === 'break' && n === 3) break; }
  } catch (e) { err = e?.constructor?.name + ':' + e?.name; }
  await new Promise(r => setTimeout(r, 300));
  console.log(name, JSON.stringify({ out: out.length, err, ev }));
}
await run('ok', 'text');
await run('reset', 'reset');
await run('malformed', 'malformed');
await run('abort', 'slow', 'abort');
await run('break', 'slow', 'break');
await run('breakfull', 'slow', 'break', 'full');
// no consumption at all
{ const ev = []; const s = streamText({ model: wrap(p('text').chat('gpt-4o-mini'), ev), prompt: 'hi', onFinish: () => ev.push('onFinish') }); await new Promise(r => setTimeout(r, 500)); console.log('noconsume', JSON.stringify(ev)); }
// text promise only
{ const ev = []; const s = streamText({ model: wrap(p('text').chat('gpt-4o-mini'), ev), prompt: 'hi', onFinish: () => ev.push('onFinish') }); const t = await s.text; console.log('textpromise', t.length, JSON.stringify(ev)); }
