import type { Instrumentation, InstrumentationConfig } from '@opentelemetry/instrumentation';

/** Configuration every agentmeter instrumentation takes (built by register() from its options and env). */
export interface AgentmeterInstrumentationConfig extends InstrumentationConfig {
  /**
   * Record prompts, completions, tool arguments and results (semconv JSON
   * message format, truncated to contentMaxLength). Default false, or
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`.
   */
  captureContent?: boolean;
  /** Longest captured value in characters. Default 8192. */
  contentMaxLength?: number;
}
