import { withAgent, withLLM, withSerialization, withState, withTool, withWorkflow } from '@agentmeter/sdk';
import { sleep, type Random } from './random.js';
import { SimulatedLLM } from './simulated-llm.js';

/** The shared state the agents read and write (an in-memory store with store-like latency). */
class SharedState {
  private readonly _data = new Map<string, string>();

  constructor(private readonly _random: Random) {}

  async read(key: string): Promise<string | undefined> {
    return withState({ store: 'shared-state', operation: 'read' }, async handle => {
      await sleep(this._random.latency(3, 0.3));
      const value = this._data.get(key);
      handle.setBytes(value?.length ?? 0);
      return value;
    });
  }

  async write(key: string, value: string): Promise<void> {
    return withState({ store: 'shared-state', operation: 'write' }, async handle => {
      await sleep(this._random.latency(4, 0.3));
      this._data.set(key, value);
      handle.setBytes(value.length);
    });
  }
}

/**
 * The demo's multi-agent request, written the way such code usually is:
 * a coordinator delegates to a research agent (plans with an LLM, then runs
 * three web searches one after another although they are independent), a data
 * agent (loads six records one by one — an N+1 — and analyses them with a
 * tool and an LLM) and a writer agent (streams the report). Messages between
 * agents are serialized; results go to shared state.
 */
export class ResearchWorkflow {
  private readonly _llm: SimulatedLLM;
  private readonly _small: SimulatedLLM;
  private readonly _state: SharedState;

  constructor(private readonly _random: Random) {
    this._llm = new SimulatedLLM(_random, 'gpt-4o');
    this._small = new SimulatedLLM(_random, 'gpt-4o-mini', 0.4);
    this._state = new SharedState(_random);
  }

  run(topic: string): Promise<string> {
    return withWorkflow('research-report', async () => {
      await this._coordinate(8);
      const findings = await this._research(topic);
      const handoff = await this._serialize('research→data', findings);
      await this._coordinate(4);
      const analysis = await this._data(handoff);
      await this._coordinate(4);
      const report = await this._write(findings, analysis);
      await this._state.write(`report:${topic}`, report);
      return report;
    });
  }

  private _research(topic: string): Promise<string> {
    return withAgent({ name: 'research', description: 'finds and summarises sources' }, async () => {
      await withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => this._small.chat(1800, 120));
      const results: string[] = [];
      for (const query of [`${topic} market size`, `${topic} competitors`, `${topic} regulation`]) {
        results.push(await withTool({ name: 'web_search', type: 'extension' }, async () => {
          await sleep(this._random.latency(70, 0.4));
          return `results for ${query}`;
        }));
      }
      await withTool('fetch_page', () => sleep(this._random.latency(35)));
      const summary = await withLLM({ provider: 'openai', model: 'gpt-4o' }, () => this._llm.chat(4200, 350));
      await this._state.write(`research:${topic}`, results.join('\n'));
      return summary.choices[0].message.content;
    });
  }

  private _data(input: string): Promise<string> {
    return withAgent({ name: 'data', description: 'loads and analyses figures' }, async () => {
      const rows: Array<string | undefined> = [];
      for (let i = 0; i < 6; i++) rows.push(await this._state.read(`dataset:row:${i}`));
      await withTool('analyze_trends', () => sleep(this._random.latency(45)));
      await withLLM({ provider: 'openai', model: 'gpt-4o-mini' }, () => this._small.chat(2600 + input.length, 200));
      return `${rows.length} rows analysed`;
    });
  }

  private _write(findings: string, analysis: string): Promise<string> {
    return withAgent({ name: 'writer', description: 'drafts the report', sequential: true }, async () => {
      let text = '';
      for await (const chunk of withLLM({ provider: 'openai', model: 'gpt-4o' }, () => this._llm.stream(5200, 450))) {
        text += chunk.choices[0]?.delta.content ?? '';
      }
      await withTool('format_report', () => sleep(this._random.latency(6)));
      return `${findings}\n${analysis}\n${text}`;
    });
  }

  private _serialize(what: string, payload: string): Promise<string> {
    return withSerialization(what, async handle => {
      await sleep(this._random.latency(2, 0.2));
      const json = JSON.stringify({ payload, at: Date.now() });
      handle.setBytes(json.length);
      return json;
    });
  }

  /** The coordinator's own work between delegations (routing, prompt assembly). */
  private async _coordinate(ms: number): Promise<void> {
    await sleep(this._random.latency(ms, 0.3));
  }
}
