import type { Step } from '../helpers/agents-openai-server';
import { descendants, only, runApp, SCOPE, VARIANTS, type AppRun } from './openai-agents-harness';

/**
 * An OpenAI Agents SDK agent using an MCP server (MCPServerStdio, which calls
 * tools through @modelcontextprotocol/client 2.x): both the openai-agents and
 * the mcp instrumentations are on, and each tool call still becomes one
 * execute_tool span — the Agents SDK's, with the MCP attributes added (the
 * MCP semconv's rule for an outer GenAI tool span).
 */
const SCRIPTS: Record<string, Step[]> = {
  mcp: [{ call: 'get_weather', args: { city: 'Paris' } }, { call: 'flaky', args: {} }, { text: 'It is 21 °C in Paris.' }],
};
const MCP_SCOPE = '@agentmeter/instrumentation-mcp';

describe.each(VARIANTS)('OpenAI Agents SDK with an MCP server — $name', ({ script, flags }) => {
  let run: AppRun;
  let plain: AppRun;

  beforeAll(async () => {
    [run, plain] = await Promise.all([runApp(script, flags, 'agentsWithMcp', SCRIPTS), runApp(script, undefined, 'agentsWithMcp', SCRIPTS)]);
  }, 120_000);

  const tree = () => {
    const workflow = only(run.spans.filter(s => s.scope === SCOPE), 'invoke_workflow mcp flow');
    return [workflow, ...descendants(run.spans, workflow)];
  };

  it('leaves the app unchanged', () => {
    expect(run.result.code).toBe(0);
    expect(run.out).toEqual({ finalOutput: 'It is 21 °C in Paris.' });
    expect(run.out).toEqual(plain.out);
    expect(run.result.stderr).toBe(plain.result.stderr);
  });

  it('records each MCP tool call once: the agent tool span, with the MCP attributes added', () => {
    const weather = only(tree(), 'execute_tool get_weather');
    expect(weather.scope).toBe(SCOPE);
    expect(weather.parentSpanId).toBe(only(tree(), 'invoke_agent forecaster').spanId);
    expect(weather.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.type': 'extension',
      'mcp.method.name': 'tools/call',
      'agentmeter.mcp.server.name': 'weather-server',
      'network.transport': 'pipe',
    });
    expect(weather.status.code ?? 0).toBe(0);
    expect(run.spans.filter(s => s.scope === MCP_SCOPE)).toHaveLength(0);
  });

  it('fails the tool span with tool_error when the MCP tool returns isError', () => {
    const flaky = only(tree(), 'execute_tool flaky');
    expect(flaky.status.code).toBe(2);
    expect(flaky.attributes['error.type']).toBe('tool_error');
  });

  it("maps the SDK's MCP tool listing to a span under the agent", () => {
    const listing = tree().filter(s => s.attributes['mcp.method.name'] === 'tools/list');
    expect(listing.length).toBeGreaterThanOrEqual(1);
    expect(listing[0].attributes['agentmeter.mcp.server.name']).toBe('weather');
  });
});
