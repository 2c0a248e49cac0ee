/*
 * Redis clients as state I/O, through the OpenTelemetry contrib
 * instrumentations (reused, not rewritten):
 * - ioredis: @opentelemetry/instrumentation-ioredis 0.71.0 hooks `ioredis`
 *   >=2.0.0 <7 (Redis.prototype.sendCommand / connect); spans are named after
 *   the command (`get`, `set`), kind CLIENT.
 *   https://github.com/open-telemetry/opentelemetry-js-contrib/tree/main/packages/instrumentation-ioredis
 * - node-redis: @opentelemetry/instrumentation-redis 0.71.0 hooks `redis`
 *   >=2.6.0 <4 and `@redis/client` ^1 / ^5 / ^6 (the client behind `redis`
 *   4.1+, 5 and 6); spans are named `redis-{COMMAND}` (`redis-GET`).
 *   https://github.com/open-telemetry/opentelemetry-js-contrib/tree/main/packages/instrumentation-redis
 *
 * Both set `db.system.name=redis` and `db.operation.name` (the command), so
 * the span processor classifies them as state I/O and maps the command to
 * read/write/delete (processor/state-labels.ts). agentmeter only configures
 * them: no key or value in `db.query.text` unless captureContent (see
 * attributes.ts), payload sizes in `agentmeter.bytes`, and spans only inside
 * a trace (`requireParentSpan: true`).
 */
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { RedisInstrumentation } from '@opentelemetry/instrumentation-redis';
import type { AgentmeterInstrumentationConfig } from '../types.js';
import { recordPayloadBytes, statementSerializer } from './attributes.js';

/**
 * `requireParentSpan: true` for both clients (the contrib default for ioredis;
 * node-redis defaults to false): a command outside any traced operation —
 * ioredis' ready-check INFO, node-redis' HELLO / CLIENT SETINFO, health
 * pings — cannot be attributed to an agent or a request, and would each
 * export a one-span trace. As of instrumentation-redis 0.71.0 node-redis'
 * `connect()` still opens a `redis-connect` span without a parent.
 */
const REQUIRE_PARENT_SPAN = true;

export function createIORedisInstrumentation(config: AgentmeterInstrumentationConfig): IORedisInstrumentation {
  return new IORedisInstrumentation({
    requireParentSpan: REQUIRE_PARENT_SPAN,
    dbStatementSerializer: statementSerializer(config),
    responseHook: recordPayloadBytes,
  });
}

export function createRedisInstrumentation(config: AgentmeterInstrumentationConfig): RedisInstrumentation {
  return new RedisInstrumentation({
    requireParentSpan: REQUIRE_PARENT_SPAN,
    dbStatementSerializer: statementSerializer(config),
    responseHook: recordPayloadBytes,
  });
}
