/**
 * Vercel AI SDK failure paths: provider 429/500, a body that is not JSON,
 * a connection reset, the app's AbortSignal, a retried call, a stream cut off
 * or aborted mid-way, a throwing tool and an unhandled rejection. Each runs
 * with and without agentmeter: the app must see exactly the same thing, and
 * the spans must say what went wrong (status ERROR, error.type) without the
 * error message.
 */
import { AiSdkOpenAIServer } from '../helpers/ai-sdk-openai-server';
import type { ReceivedSpan } from '../helpers/otlp-receiver';
import { childrenOf, comparableStderr, describeVariant, only, runApp, VARIANTS, type AppRun } from '../fixtures/ai-sdk/harness';

const STATUS_ERROR = 2;
const FAILURES = [
  'gen-429',
  'gen-500',
  'gen-malformed',
  'gen-reset',
  'gen-abort',
  'gen-retry',
  'stream-500',
  'stream-500-callbacks',
  'stream-reset',
  'stream-malformed',
  'stream-abort',
  'tool-error',
  'agent-stream-500',
];

const server = new AiSdkOpenAIServer();
let baseURL = '';
beforeAll(async () => {
  baseURL = await server.start();
});
afterAll(() => server.stop());

for (const variant of VARIANTS) {
  describeVariant(variant, () => {
    let run: AppRun;
    let plain: AppRun;
    beforeAll(async () => {
      [run, plain] = await Promise.all([runApp(variant, FAILURES, { baseURL }), runApp(variant, FAILURES, { baseURL, instrumented: false })]);
    }, 120_000);

    /** The run's invoke_agent span (named after the scenario) and its chat spans. */
    const agentOf = (scenario: string) => {
      const agent = only(run.spans, `invoke_agent ${scenario}`);
      const chats = childrenOf(run.spans, agent).filter(s => s.attributes['gen_ai.operation.name'] === 'chat');
      return { agent, chats };
    };
    const expectError = (span: ReceivedSpan, type: string) => {
      expect(span.status.code).toBe(STATUS_ERROR);
      expect(span.attributes['error.type']).toBe(type);
    };

    it('gives the app exactly the values and errors it gets without agentmeter, and the same stderr', () => {
      expect(run.result.code).toBe(0);
      expect(Object.keys(run.results)).toEqual(FAILURES);
      expect(run.results).toEqual(plain.results);
      expect(comparableStderr(run.result.stderr)).toEqual(comparableStderr(plain.result.stderr));
      // the scenarios failed the way they claim to
      expect(run.results['gen-429'].error).toMatchObject({ name: 'AI_APICallError', statusCode: 429 });
      expect(run.results['gen-abort'].error).toMatchObject({ name: 'AbortError' });
      expect(run.results['stream-reset'].error).toMatchObject({ name: 'AI_APICallError' });
      expect(run.results['stream-abort'].callbacks).toEqual(['onAbort']);
      expect(run.results['stream-500-callbacks'].callbacks).toEqual(['onError:AI_APICallError']);
      // without an onError of the app's, the SDK's default still prints the error
      expect(run.result.stderr).toContain('loopback 500');
    });

    it('provider 429 / 500: the chat and invoke_agent spans fail with the HTTP status as error.type', () => {
      for (const [scenario, status] of [['gen-429', '429'], ['gen-500', '500'], ['stream-500', '500'], ['stream-500-callbacks', '500']]) {
        const { agent, chats } = agentOf(scenario);
        expect(chats).toHaveLength(1);
        expectError(chats[0], status);
        expectError(agent, status);
      }
    });

    it("an agent's stream whose provider fails: the agent span fails and the SDK still prints the error", () => {
      const { agent, chats } = agentOf('agent-stream-500');
      expectError(chats[0], '500');
      expectError(agent, '500');
      expect(run.results['agent-stream-500']).toEqual(plain.results['agent-stream-500']);
    });

    it('a body that is not JSON and a connection reset are typed by their cause', () => {
      const malformed = agentOf('gen-malformed');
      expectError(malformed.chats[0], 'JSONParseError');
      expectError(malformed.agent, 'JSONParseError');
      const reset = agentOf('gen-reset');
      expectError(reset.chats[0], 'SocketError');
      expectError(reset.agent, 'SocketError');
    });

    it("the app's AbortSignal: AbortError on both spans", () => {
      const { agent, chats } = agentOf('gen-abort');
      expectError(chats[0], 'AbortError');
      expectError(agent, 'AbortError');
    });

    it('a retried call: one failed chat span per attempt, the run succeeds', () => {
      const { agent, chats } = agentOf('gen-retry');
      expect(chats).toHaveLength(2);
      expectError(chats[0], '429');
      expect(chats[1].status.code).not.toBe(STATUS_ERROR);
      expect(chats[1].attributes['gen_ai.usage.input_tokens']).toBe(120);
      expect(agent.status.code).not.toBe(STATUS_ERROR);
      expect(agent.attributes['gen_ai.usage.input_tokens']).toBe(120);
    });

    it('a stream cut off mid-way fails both spans and keeps what the stream delivered', () => {
      const { agent, chats } = agentOf('stream-reset');
      expectError(chats[0], 'SocketError');
      expect(chats[0].attributes['gen_ai.response.id']).toBe('chatcmpl-loopback');
      expect(typeof chats[0].attributes['gen_ai.response.time_to_first_chunk']).toBe('number');
      expectError(agent, 'SocketError');
    });

    it('a stream aborted by the app mid-way: AbortError, the partial stream recorded', () => {
      const { agent, chats } = agentOf('stream-abort');
      expectError(chats[0], 'AbortError');
      expect(chats[0].attributes['gen_ai.response.model']).toBe('gpt-4o-mini-2024-07-18');
      expectError(agent, 'AbortError');
      expect(run.results['stream-abort'].text).toBe('w0 w1 w2 ');
    });

    it('a malformed chunk inside a stream that goes on: the error is recorded, usage of the completed stream kept', () => {
      const { agent, chats } = agentOf('stream-malformed');
      expectError(chats[0], 'JSONParseError');
      expect(chats[0].attributes['gen_ai.usage.input_tokens']).toBe(120);
      expectError(agent, 'JSONParseError');
      expect(agent.attributes['gen_ai.usage.input_tokens']).toBe(120);
      expect(run.results['stream-malformed'].text).toBe('Hello from the loopback model.');
    });

    it('a tool that throws: its execute_tool span fails (error.type only), the loop goes on', () => {
      const { agent } = agentOf('fragile-agent');
      const tools = childrenOf(run.spans, agent).filter(s => s.name === 'execute_tool get_weather');
      const london = tools.find(t => t.attributes['gen_ai.tool.call.id'] === 'call_london')!;
      const paris = tools.find(t => t.attributes['gen_ai.tool.call.id'] === 'call_paris')!;
      expectError(london, 'Error');
      expect(paris.status.code).not.toBe(STATUS_ERROR);
      expect(agent.status.code).not.toBe(STATUS_ERROR);
      expect(run.results['tool-error'].toolErrors).toEqual([expect.objectContaining({ message: 'TOOL-SECRET weather service down' })]);
      const everything = JSON.stringify(run.spans, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
      expect(everything).not.toContain('TOOL-SECRET');
      expect(everything).not.toContain('loopback 429');
    });

    it('an unhandled generateText rejection still crashes the app, as without agentmeter', async () => {
      const [withAgentmeter, without] = await Promise.all([
        runApp(variant, ['unhandled'], { baseURL }),
        runApp(variant, ['unhandled'], { baseURL, instrumented: false }),
      ]);
      expect(without.result.code).not.toBe(0);
      expect(withAgentmeter.result.code).toBe(without.result.code);
      expect(withAgentmeter.result.stdout).toBe('');
      expect(comparableStderr(withAgentmeter.result.stderr)).toEqual(comparableStderr(without.result.stderr));
    }, 60_000);
  });
}
