/*
 * @anthropic-ai/sdk >= 0.134.0 traces itself: when a global tracer provider
 * exists — which register() installs — each messages.create / messages.stream
 * call opens its own CLIENT span `anthropic.messages.create` with
 * gen_ai.operation.name=chat and usage attributes (resources/messages/messages.js,
 * internal/tracing.js; off with `openTelemetry: false` on the client or
 * ANTHROPIC_OPEN_TELEMETRY=false).
 * https://platform.claude.com/docs/en/manage-claude/opentelemetry/sdk
 *
 * Nested under agentmeter's `chat {model}` span it would be a second LLM span
 * for the same call, and the span processor would count its tokens and cost
 * twice. So for the calls agentmeter wraps, the client's tracer is hidden
 * while the SDK method runs its synchronous part: as of 1.14.0 every read of
 * `client._tracer` for one call (create → startApiCallSpan → client.request;
 * stream → startMessagesStreamSpan → create) happens before the method
 * returns. Without the call span the SDK sends the request exactly as it
 * does without any tracer provider, i.e. as it does without agentmeter.
 *
 * A client given its own `openTelemetry.tracerProvider` asked for the SDK's
 * spans explicitly, so they are left alone.
 */

interface TracedClient {
  _tracer?: unknown;
  openTelemetry?: { tracerProvider?: unknown };
}

/** Runs `fn` (an SDK method call) with the client's own call span disabled, restoring it afterwards. */
export function withoutNativeSpan<T>(client: unknown, fn: () => T): T {
  const c = client as TracedClient | undefined;
  let descriptor: PropertyDescriptor | undefined;
  try {
    if (c && typeof c === 'object' && c._tracer !== undefined && c.openTelemetry?.tracerProvider === undefined) {
      descriptor = Object.getOwnPropertyDescriptor(c, '_tracer');
      if (descriptor && 'value' in descriptor && descriptor.writable) c._tracer = undefined;
      else descriptor = undefined;
    }
  } catch {
    descriptor = undefined;
  }
  try {
    return fn();
  } finally {
    if (descriptor) c!._tracer = descriptor.value;
  }
}
