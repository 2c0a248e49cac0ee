import type { Context, Span } from '@opentelemetry/api';
import type { Bridge } from './wrappers.js';

/*
 * For other instrumentations (the MCP client): the OpenAI Agents SDK tool
 * call running right now, when agentmeter records it. The Agents SDK calls
 * an MCP server's tools from a function tool of the same name (agents-core
 * 0.20 `mcpToFunctionTool`); the MCP semconv says an MCP instrumentation
 * that can tell an outer GenAI instrumentation already traces the tool
 * execution adds its attributes to that span instead of making a second one.
 */

let active: Bridge | undefined;

/** Set by the openai-agents instrumentation when it patches the SDK. */
export function setActiveBridge(bridge: Bridge | undefined): void {
  active = bridge;
}

export interface CurrentTool {
  span: Span;
  /** Context with that span active. */
  ctx: Context;
  /** The error.type the tool span gets if the SDK reports it failed. */
  setErrorType(type: string): void;
}

/** The Agents SDK function-tool span named `toolName` that the current code runs in, if agentmeter records it. */
export function currentAgentsTool(toolName: string): CurrentTool | undefined {
  const bridge = active;
  const processor = bridge?.processor;
  if (!processor?.enabled || !bridge?.currentSpan) return undefined;
  const current = bridge.currentSpan();
  if (!current || current.spanData?.type !== 'function' || current.spanData.name !== toolName) return undefined;
  const found = processor.spanOf(current);
  return found ? { ...found, setErrorType: type => processor.recordErrorType(current, type) } : undefined;
}
