import type { Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
} from '../../semconv.js';
import { captureContent } from '../content.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import type { Role } from './attributes.js';
import { chatInput, chatOutput, parseArguments, responsesInput, responsesOutput } from './messages.js';

/**
 * Prompts, completions, tool arguments and results, only with captureContent.
 * The SDK keeps them in span data only when the run traces sensitive data
 * (RunConfig.traceIncludeSensitiveData, default true); otherwise there is
 * nothing to record.
 */
export function recordContent(
  span: Span,
  config: AgentmeterInstrumentationConfig,
  role: Role,
  data: { type: string; [key: string]: unknown },
): void {
  if (!config.captureContent) return;
  if (role === 'llm' && data.type === 'response') {
    captureContent(span, config, ATTR_GEN_AI_INPUT_MESSAGES, () => emptyToUndefined(responsesInput(data._input)));
    captureContent(span, config, ATTR_GEN_AI_OUTPUT_MESSAGES, () => emptyToUndefined(responsesOutput(data._response)));
  } else if (role === 'llm') {
    captureContent(span, config, ATTR_GEN_AI_INPUT_MESSAGES, () => emptyToUndefined(chatInput(data.input)));
    captureContent(span, config, ATTR_GEN_AI_OUTPUT_MESSAGES, () => emptyToUndefined(chatOutput(data.output)));
  } else if (role === 'tool') {
    captureContent(span, config, ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, () => parseArguments(data.input));
    captureContent(span, config, ATTR_GEN_AI_TOOL_CALL_RESULT, () => data.output);
  }
}

const emptyToUndefined = <T>(items: T[]): T[] | undefined => (items.length > 0 ? items : undefined);
