import { context, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { reportInternalError } from '../../diag.js';
import { ATTR_ERROR_TYPE, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, ATTR_GEN_AI_TOOL_CALL_RESULT } from '../../semconv.js';
import { captureContent } from '../content.js';
import { currentAgentsTool, type CurrentTool } from '../openai-agents/current-tool.js';
import { observeResult } from '../openai-agents/observe-result.js';
import { ATTR_RPC_RESPONSE_STATUS_CODE } from '../openai-agents/staged-semconv.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { mcpAttributes, resultContent, resultErrorType, thrownError, toolCallAttributes } from './attributes.js';

type Fn = (this: unknown, ...args: unknown[]) => unknown;

export interface CallToolDeps {
  tracer: () => Tracer;
  config: () => AgentmeterInstrumentationConfig;
}

/**
 * Client.prototype.callTool(params, …) → an `execute_tool {name}` span
 * around the call (INTERNAL, as every tool in the agentmeter span model; the
 * call runs with it active, so transport spans nest under it). When the call
 * is made by an OpenAI Agents SDK tool of the same name that agentmeter
 * already records, the MCP attributes go on that span instead (semconv: an
 * MCP instrumentation that can tell an outer GenAI span traces the tool
 * execution does not create a second one).
 *
 * The result is returned as the SDK returns it (observe-result.ts); an
 * `isError` result fails the span with `tool_error`, a thrown error with its
 * JSON-RPC code or class; messages are never recorded.
 */
export function wrapCallTool(original: Fn, deps: CallToolDeps): Fn {
  return function callTool(this: unknown, ...args: unknown[]) {
    let span: Span;
    let ctx: Context;
    let outer: CurrentTool | undefined;
    const params = args[0] as { name?: unknown; arguments?: unknown } | undefined;
    try {
      const name = typeof params?.name === 'string' ? params.name : undefined;
      outer = name ? currentAgentsTool(name) : undefined;
      if (outer) {
        span = outer.span;
        span.setAttributes(mcpAttributes(this));
        ctx = outer.ctx;
      } else {
        const parent = context.active();
        span = deps.tracer().startSpan(name ? `execute_tool ${name}` : 'execute_tool', { kind: SpanKind.INTERNAL, attributes: toolCallAttributes(this, name) }, parent);
        ctx = trace.setSpan(parent, span);
      }
      captureContent(span, deps.config(), ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, () => params?.arguments);
    } catch (error) {
      reportInternalError('mcp.callTool.start', error);
      return original.apply(this, args);
    }
    const own = outer === undefined;
    const finish = (failed: boolean, valueOrError: unknown) => {
      if (failed) {
        const { type, statusCode } = thrownError(valueOrError);
        if (statusCode) span.setAttribute(ATTR_RPC_RESPONSE_STATUS_CODE, statusCode);
        // an Agents tool span is failed by the SDK itself, which sees the same error
        if (own) fail(span, type);
        else outer?.setErrorType(type);
      } else {
        const type = resultErrorType(valueOrError);
        if (type) fail(span, type);
        captureContent(span, deps.config(), ATTR_GEN_AI_TOOL_CALL_RESULT, () => resultContent(valueOrError));
      }
      if (own) span.end();
    };
    let result: unknown;
    try {
      result = context.with(ctx, original, this, ...args);
    } catch (error) {
      finish(true, error);
      throw error;
    }
    return observeResult(result, 'mcp.callTool', finish);
  };
}

function fail(span: Span, type: string): void {
  span.setAttribute(ATTR_ERROR_TYPE, type);
  span.setStatus({ code: SpanStatusCode.ERROR });
}
