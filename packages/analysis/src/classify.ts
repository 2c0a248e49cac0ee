import type { SpanCategory } from './span-record.js';
import {
  ATTR_AGENTMETER_SERIALIZATION_TARGET,
  ATTR_AGENTMETER_STATE_OPERATION,
  ATTR_AGENTMETER_STATE_STORE,
  ATTR_AGENTMETER_WORKFLOW_NAME,
  ATTR_DB_OPERATION,
  ATTR_DB_OPERATION_NAME,
  ATTR_DB_SYSTEM,
  ATTR_DB_SYSTEM_NAME,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
  GEN_AI_OPERATION_CHAT,
  GEN_AI_OPERATION_CREATE_AGENT,
  GEN_AI_OPERATION_EMBEDDINGS,
  GEN_AI_OPERATION_EXECUTE_TOOL,
  GEN_AI_OPERATION_GENERATE_CONTENT,
  GEN_AI_OPERATION_INVOKE_AGENT,
  GEN_AI_OPERATION_INVOKE_WORKFLOW,
  GEN_AI_OPERATION_TEXT_COMPLETION,
} from './semconv.js';

export interface SpanClassification {
  category: SpanCategory;
  /** Low-cardinality operation name: agent, model, tool, `store.operation`, serialization target, or the span name. */
  operation: string;
}

/** A usable attribute value: a non-empty string. Anything else counts as absent. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function firstWord(name: string): string {
  const space = name.indexOf(' ');
  return space < 0 ? name : name.slice(0, space);
}

/**
 * Maps a span's name and attributes to what it is for the analysis.
 *
 * Runs once per span on the host's hot path, so it does plain property reads and a
 * switch: no regular expressions and no allocation beyond the result (and the
 * `store.operation` string for state spans).
 */
export function classifySpan(name: string, attributes: Record<string, unknown>): SpanClassification {
  const genAiOperation = attributes[ATTR_GEN_AI_OPERATION_NAME];
  if (typeof genAiOperation === 'string') {
    switch (genAiOperation) {
      case GEN_AI_OPERATION_INVOKE_AGENT:
      case GEN_AI_OPERATION_CREATE_AGENT:
        return { category: 'agent', operation: text(attributes[ATTR_GEN_AI_AGENT_NAME]) ?? name };
      case GEN_AI_OPERATION_CHAT:
      case GEN_AI_OPERATION_TEXT_COMPLETION:
      case GEN_AI_OPERATION_EMBEDDINGS:
      case GEN_AI_OPERATION_GENERATE_CONTENT:
        return {
          category: 'llm',
          operation:
            text(attributes[ATTR_GEN_AI_REQUEST_MODEL]) ?? text(attributes[ATTR_GEN_AI_RESPONSE_MODEL]) ?? name,
        };
      case GEN_AI_OPERATION_EXECUTE_TOOL:
        return { category: 'tool', operation: text(attributes[ATTR_GEN_AI_TOOL_NAME]) ?? name };
      case GEN_AI_OPERATION_INVOKE_WORKFLOW:
        return { category: 'workflow', operation: workflowName(name, attributes) };
      default:
      // An operation this version does not know (the conventions grow): classify by the other attributes.
    }
  }

  const stateOperation = text(attributes[ATTR_AGENTMETER_STATE_OPERATION]);
  const dbSystem = text(attributes[ATTR_DB_SYSTEM_NAME]) ?? text(attributes[ATTR_DB_SYSTEM]);
  if (stateOperation !== undefined || dbSystem !== undefined) {
    const store = text(attributes[ATTR_AGENTMETER_STATE_STORE]) ?? dbSystem;
    const operation = (
      stateOperation ??
      text(attributes[ATTR_DB_OPERATION_NAME]) ??
      text(attributes[ATTR_DB_OPERATION]) ??
      firstWord(name)
    ).toLowerCase();
    if (store === undefined) return { category: 'state', operation };
    return { category: 'state', operation: operation.length > 0 ? `${store}.${operation}` : store };
  }

  const target = text(attributes[ATTR_AGENTMETER_SERIALIZATION_TARGET]);
  if (target !== undefined) return { category: 'serialization', operation: target };

  // withWorkflow sets agentmeter.workflow.name even where no gen_ai operation applies.
  if (text(attributes[ATTR_AGENTMETER_WORKFLOW_NAME]) !== undefined) {
    return { category: 'workflow', operation: workflowName(name, attributes) };
  }
  return { category: 'other', operation: name };
}

function workflowName(name: string, attributes: Record<string, unknown>): string {
  return text(attributes[ATTR_GEN_AI_WORKFLOW_NAME]) ?? text(attributes[ATTR_AGENTMETER_WORKFLOW_NAME]) ?? name;
}
