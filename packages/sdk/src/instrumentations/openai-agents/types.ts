/*
 * The shapes of the @openai/agents objects this instrumentation reads, written
 * structurally so that @agentmeter/sdk needs no dependency on the SDK (its
 * types would leak into ours). They follow @openai/agents-core 0.20
 * `dist/tracing/{spans,traces,processor}.d.ts`; every field is read
 * defensively because older and newer versions differ in what they set.
 */

/** `Trace` of @openai/agents-core: one `withTrace()` scope or one Runner.run without one. */
export interface AgentsTrace {
  traceId: string;
  name: string;
  groupId?: string | null;
}

/** `SpanError` of @openai/agents-core: a message and SDK-chosen data, never the error object itself. */
export interface AgentsSpanError {
  message: string;
  data?: Record<string, unknown>;
}

/**
 * `Span` of @openai/agents-core. `spanData.type` is one of agent, task, turn,
 * response, generation, function, handoff, guardrail, custom, mcp_tools,
 * transcription, speech, speech_group (0.20); the data fields are filled in
 * while the span runs, so most are only complete at its end.
 */
export interface AgentsSpan {
  spanId: string;
  traceId: string;
  parentId: string | null;
  spanData: { type: string; [key: string]: unknown };
  error: AgentsSpanError | null;
}

/** `TracingProcessor` of @openai/agents-core: the SDK calls these without awaiting or catching. */
export interface AgentsTracingProcessor {
  onTraceStart(trace: AgentsTrace): Promise<void>;
  onTraceEnd(trace: AgentsTrace): Promise<void>;
  onSpanStart(span: AgentsSpan): Promise<void>;
  onSpanEnd(span: AgentsSpan): Promise<void>;
  shutdown(timeout?: number): Promise<void>;
  forceFlush(): Promise<void>;
}

/** `TraceProvider` of @openai/agents-core (a process-wide singleton under `Symbol.for('openai.agents.core.traceProvider')`). */
export interface AgentsTraceProvider {
  registerProcessor(processor: AgentsTracingProcessor): void;
  setProcessors(processors: AgentsTracingProcessor[]): void;
}

/** What the instrumentation uses from the `@openai/agents-core` (or `@openai/agents`) exports. */
export interface AgentsCoreExports {
  getGlobalTraceProvider?: () => AgentsTraceProvider;
  getCurrentSpan?: () => AgentsSpan | null;
  Runner?: { prototype: { run?: (...args: unknown[]) => unknown } };
}

/** The Model interface of @openai/agents-core, as implemented by OpenAIResponsesModel and OpenAIChatCompletionsModel. */
export interface AgentsModelPrototype {
  getResponse?: (...args: unknown[]) => unknown;
  getStreamedResponse?: (...args: unknown[]) => unknown;
}

/** The `@openai/agents-openai` exports whose model classes get wrapped. */
export interface AgentsOpenAIExports {
  OpenAIResponsesModel?: { prototype: AgentsModelPrototype };
  OpenAIChatCompletionsModel?: { prototype: AgentsModelPrototype };
}
