import { withAgent, withLLM, withTool } from '../src/index';

describe('the manual API without register()', () => {
  it('runs the function once and returns its value untouched when no OpenTelemetry SDK is installed', async () => {
    const value = {};
    let calls = 0;
    expect(withAgent('bare', () => (calls++, value))).toBe(value);
    await expect(withTool('bare', async () => 'ok')).resolves.toBe('ok');
    const reply = { usage: { prompt_tokens: 1 } };
    expect(withLLM({ provider: 'openai', model: 'm' }, () => reply)).toBe(reply);
    expect(calls).toBe(1);
  });

  it('passes errors through unchanged', () => {
    const error = new Error('x');
    expect(() => withTool('bare', () => { throw error; })).toThrow(error);
  });
});
