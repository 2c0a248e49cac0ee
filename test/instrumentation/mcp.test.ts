import type { ReceivedSpan } from '../helpers/otlp-receiver';
import { only, runApp, samples, type AppRun } from './openai-agents-harness';

/**
 * The real MCP TypeScript SDK clients — @modelcontextprotocol/sdk 1.x over
 * in-memory, Streamable HTTP (loopback) and stdio transports, and
 * @modelcontextprotocol/client 2.x over stdio — calling tools of a real
 * McpServer (test/fixtures/mcp/server.cjs), in child processes with and
 * without agentmeter.
 */
const SCOPE = '@agentmeter/instrumentation-mcp';
const MCP_VARIANTS = [
  { name: 'ESM app with --import @agentmeter/sdk/register', script: 'mcp/app.mjs', flags: ['--import', '@agentmeter/sdk/register'] },
  { name: 'CommonJS app with -r @agentmeter/sdk/register', script: 'mcp/app.cjs', flags: ['-r', '@agentmeter/sdk/register'] },
];

/** What the app saw, without what differs from run to run (the HTTP port and session id). */
const stable = (out: any) => ({ ...out, http: { ...out.http, port: undefined, sessionId: undefined } });

describe.each(MCP_VARIANTS)('MCP client callTool — $name', ({ script, flags }) => {
  let run: AppRun;
  let plain: AppRun;
  let content: AppRun;

  beforeAll(async () => {
    [run, plain, content] = await Promise.all([
      runApp(script, flags, 'all', {}),
      runApp(script, undefined, 'all', {}),
      runApp(script, flags, 'all', {}, { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }),
    ]);
  }, 120_000);

  const tools = (r: AppRun, name: string) => r.spans.filter(s => s.scope === SCOPE && s.name === `execute_tool ${name}`).sort((a, b) => Number(a.startNs - b.startNs));
  const failed = (span: ReceivedSpan, type: string) => {
    expect(span.status.code).toBe(2);
    expect(span.status.message ?? '').toBe('');
    expect(span.attributes['error.type']).toBe(type);
  };

  it('leaves the app unchanged: exit 0, the same results, errors and stderr as without agentmeter', () => {
    expect(run.result.code).toBe(0);
    expect(stable(run.out)).toEqual(stable(plain.out));
    expect(run.result.stderr).toBe(plain.result.stderr);
    expect(run.out.timeout).toMatchObject({ ok: false, class: 'McpError', code: -32001 });
    expect(run.out.closed).toMatchObject({ ok: false, class: 'Error', message: 'Not connected' });
  });

  it('records a tool call as an execute_tool span of an extension tool, inside the span that made the call', () => {
    const [inMemory] = tools(run, 'get_weather');
    expect(inMemory.kind).toBe(1); // INTERNAL
    expect(inMemory.parentSpanId).toBe(only(run.spans, 'handle request').spanId);
    expect(inMemory.status.code ?? 0).toBe(0);
    expect(inMemory.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.type': 'extension',
      'mcp.method.name': 'tools/call',
      'agentmeter.mcp.server.name': 'weather-server',
    });
    expect(Number(inMemory.endNs - inMemory.startNs) / 1e6).toBeGreaterThanOrEqual(14);
  });

  it('fails the span with tool_error for an isError result, and with the JSON-RPC code or class for a thrown error', () => {
    failed(only(run.spans, 'execute_tool flaky', SCOPE), 'tool_error');
    const timeout = only(run.spans, 'execute_tool slow', SCOPE);
    failed(timeout, '-32001');
    expect(timeout.attributes['rpc.response.status_code']).toBe('-32001');
    // the call made after close()
    failed(tools(run, 'get_weather')[1], 'Error');
  });

  it('records the transport: Streamable HTTP with session, protocol version and server address; stdio as a pipe', () => {
    const [, , http, stdio, v2] = tools(run, 'get_weather');
    expect(http.attributes).toMatchObject({
      'network.transport': 'tcp',
      'server.address': '127.0.0.1',
      'server.port': run.out.http.port,
      'mcp.session.id': run.out.http.sessionId,
      'mcp.protocol.version': run.out.http.protocolVersion,
    });
    expect(stdio.attributes).toMatchObject({ 'network.transport': 'pipe', 'agentmeter.mcp.server.name': 'weather-server' });
    expect(v2.attributes).toMatchObject({ 'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.type': 'extension', 'network.transport': 'pipe' });
    expect(v2.status.code ?? 0).toBe(0);
    expect(tools(run, 'get_weather')).toHaveLength(5);
  });

  it('counts the calls in the tool duration metric', () => {
    expect(samples(run.metrics, 'agentmeter_tool_duration_count', { gen_ai_tool_name: 'get_weather' }).reduce((a, s) => a + s.value, 0)).toBe(5);
    expect(samples(run.metrics, 'agentmeter_tool_duration_count', { gen_ai_tool_name: 'flaky', error_type: 'tool_error' })[0].value).toBe(1);
  });

  it('records arguments and results only with content capture', () => {
    const all = JSON.stringify(run.spans.map(s => ({ attributes: s.attributes, events: s.events, status: s.status })));
    expect(all).not.toContain('gen_ai.tool.call.arguments');
    expect(all).not.toContain('Paris');
    expect(all).not.toContain('secret-detail');
    const [withContent] = tools(content, 'get_weather');
    expect(JSON.parse(String(withContent.attributes['gen_ai.tool.call.arguments']))).toEqual({ city: 'Paris' });
    expect(JSON.parse(String(withContent.attributes['gen_ai.tool.call.result']))).toEqual({ city: 'Paris', tempC: 21 });
  });
});
