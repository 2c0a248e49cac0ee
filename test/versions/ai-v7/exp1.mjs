import { generateText, streamText, generateObject, tool, stepCountIs } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { z } from 'zod';
import fs from 'node:fs';
const baseURL = fs.readFileSync('/tmp/aiexp/url','utf8');
const p = (scenario) => createOpenAI({ baseURL, apiKey: 'sk-test', headers: { 'x-scenario': scenario } });
const r1 = await generateText({ model: p('text').chat('gpt-4o-mini'), prompt: 'hi' });
console.log('chat', r1.text, JSON.stringify(r1.usage), r1.response.modelId);
const r2 = await generateText({ model: p('text')('gpt-4o-mini'), prompt: 'hi' });
console.log('resp', r2.text, JSON.stringify(r2.usage), r2.response.modelId, p('text')('gpt-4o-mini').provider, p('text')('gpt-4o-mini').specificationVersion);
const tools = {
  get_weather: tool({ description: 'w', inputSchema: z.object({ city: z.string() }), execute: async ({ city }) => ({ city, t: 20 }) }),
  summarize: tool({ description: 's', inputSchema: z.object({ topic: z.string() }), execute: async ({ topic }) => `summary of ${topic}` }),
};
for (const m of ['chat', 'responses']) {
  const r3 = await generateText({ model: m === 'chat' ? p('tools').chat('gpt-4o-mini') : p('tools').responses('gpt-4o-mini'), tools, stopWhen: stepCountIs(5), prompt: 'weather' });
  console.log('tools', m, r3.text, r3.steps.length, JSON.stringify(r3.totalUsage));
}
const s = streamText({ model: p('text').chat('gpt-4o-mini'), prompt: 'hi', onFinish: e => console.log('onFinish', JSON.stringify(e.totalUsage)) });
let t = ''; for await (const c of s.textStream) t += c; console.log('stream', t);
const s2 = streamText({ model: p('tools').responses('gpt-4o-mini'), tools, stopWhen: stepCountIs(5), prompt: 'hi' });
t = ''; for await (const c of s2.textStream) t += c; console.log('stream tools', t, JSON.stringify(await s2.totalUsage));
const o = await generateObject({ model: p('object').chat('gpt-4o-mini'), schema: z.object({ city: z.string(), temperature: z.number() }), prompt: 'x' });
console.log('object', JSON.stringify(o.object), JSON.stringify(o.usage));
