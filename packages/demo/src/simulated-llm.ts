import { sleep, type Random } from './random.js';

/** An OpenAI-shaped chat reply, as the real client returns it. */
export interface ChatReply {
  id: string;
  model: string;
  choices: Array<{ message: { role: 'assistant'; content: string }; finish_reason: string }>;
  usage: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details: { cached_tokens: number } };
}

/** An OpenAI-shaped stream chunk. */
export interface ChatChunk {
  model: string;
  choices: Array<{ delta: { content?: string } }>;
  usage?: ChatReply['usage'];
}

/**
 * A stand-in for an LLM provider: latency that grows with the output length,
 * realistic token counts (a shared system prompt is served from the prompt
 * cache), and replies in the OpenAI wire shape, so agentmeter reads usage the
 * way it does from the real client.
 */
export class SimulatedLLM {
  constructor(
    private readonly _random: Random,
    private readonly _model: string,
    private readonly _msPerOutputToken = 0.9,
  ) {}

  async chat(promptTokens: number, maxOutputTokens: number): Promise<ChatReply> {
    const output = this._random.int(Math.floor(maxOutputTokens / 3), maxOutputTokens);
    await sleep(this._random.latency(40) + output * this._msPerOutputToken);
    return {
      id: `chatcmpl-${this._random.int(1e6, 9e6)}`,
      model: `${this._model}-2024-07-18`,
      choices: [{ message: { role: 'assistant', content: '…' }, finish_reason: 'stop' }],
      usage: this._usage(promptTokens, output),
    };
  }

  async *stream(promptTokens: number, maxOutputTokens: number): AsyncGenerator<ChatChunk> {
    const output = this._random.int(Math.floor(maxOutputTokens / 2), maxOutputTokens);
    await sleep(this._random.latency(35));
    const chunks = 8;
    for (let i = 0; i < chunks; i++) {
      await sleep((output * this._msPerOutputToken) / chunks);
      yield { model: `${this._model}-2024-07-18`, choices: [{ delta: { content: '…' } }] };
    }
    yield { model: `${this._model}-2024-07-18`, choices: [], usage: this._usage(promptTokens, output) };
  }

  private _usage(prompt: number, output: number): ChatReply['usage'] {
    const cached = prompt > 1024 ? Math.floor((prompt * 0.6) / 128) * 128 : 0;
    return { prompt_tokens: prompt, completion_tokens: output, prompt_tokens_details: { cached_tokens: cached } };
  }
}
