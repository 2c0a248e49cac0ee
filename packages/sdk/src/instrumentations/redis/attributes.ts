import type { Span } from '@opentelemetry/api';
import { defaultDbStatementSerializer } from '@opentelemetry/redis-common';
import { stateLabels } from '../../processor/state-labels.js';
import { ATTR_AGENTMETER_BYTES } from '../../semconv.js';
import { byteSize } from '../../state/bytes.js';
import type { AgentmeterInstrumentationConfig } from '../types.js';

type CommandArgs = Array<string | Buffer | number | unknown[]>;

/**
 * The `dbStatementSerializer` both Redis instrumentations get: what ends up
 * in `db.query.text`.
 *
 * The contrib default (`@opentelemetry/redis-common`) writes the command with
 * its key arguments (`set user:42:session [1 other arguments]`, `get
 * user:42:session`); keys in agent systems carry user, thread and session
 * ids, so by default agentmeter records no query text at all (`undefined`:
 * both instrumentations then leave the attribute out; the command is still
 * in the span name and `db.operation.name`). With `captureContent` the
 * contrib default is used — keys, never values — truncated to
 * `contentMaxLength`.
 */
export function statementSerializer(config: AgentmeterInstrumentationConfig): (command: string, args: CommandArgs) => string {
  if (!config.captureContent) return () => undefined as unknown as string;
  const max = config.contentMaxLength ?? 8192;
  return (command, args) => {
    const text = defaultDbStatementSerializer(command, args as Array<string | Buffer>);
    return text.length > max ? `${text.slice(0, max)}…[truncated]` : text;
  };
}

/**
 * `responseHook` of both instrumentations (called on success only):
 * `agentmeter.bytes` = the reply's size for reads, the size of the
 * arguments after the key for writes (SET's value, HSET's fields and
 * values), when those are strings or buffers. Sizes, never values.
 */
export function recordPayloadBytes(span: Span, command: string, args: CommandArgs, response: unknown): void {
  const { operation } = stateLabels(command, { 'db.operation.name': command });
  let bytes: number | undefined;
  if (operation === 'read') bytes = byteSize(response);
  else if (operation === 'write') bytes = byteSize(args.slice(1));
  if (bytes !== undefined) span.setAttribute(ATTR_AGENTMETER_BYTES, bytes);
}
