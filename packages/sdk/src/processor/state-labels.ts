import type { Attributes } from '@opentelemetry/api';
import { ATTR_AGENTMETER_STATE_OPERATION, ATTR_AGENTMETER_STATE_STORE } from '../semconv.js';

/**
 * Store and operation of a state-I/O span: agentmeter's own attributes
 * (withState, instrumentStore) or the database semconv of an OTel
 * instrumentation (db.system.name / db.system, db.operation.name / db.operation),
 * with the command mapped to read/write/delete where it is a known one.
 */
export function stateLabels(name: string, attributes: Attributes): { store: string; operation: string } {
  const store = String(attributes[ATTR_AGENTMETER_STATE_STORE] ?? attributes['db.system.name'] ?? attributes['db.system'] ?? 'unknown');
  const own = attributes[ATTR_AGENTMETER_STATE_OPERATION];
  if (typeof own === 'string') return { store, operation: own };
  let command = String(attributes['db.operation.name'] ?? attributes['db.operation'] ?? name.split(' ')[0]).toLowerCase();
  // batches: ioredis `PIPELINE set` / `MULTI set`, node-redis `MULTI SET`, or just `MULTI` for mixed ones
  const batch = /^(pipeline|multi)\s+(\S+)/.exec(command);
  if (batch) command = batch[2];
  if (command.endsWith('connect')) return { store, operation: 'connect' };
  return { store, operation: READ_WRITE_DELETE[command] ?? command };
}

const READ_WRITE_DELETE: Record<string, string> = {
  // Redis reads
  get: 'read', mget: 'read', getex: 'read', hget: 'read', hgetall: 'read', hmget: 'read', lrange: 'read',
  llen: 'read', smembers: 'read', scard: 'read', zrange: 'read', zrevrange: 'read', zrangebyscore: 'read',
  zscore: 'read', exists: 'read', ttl: 'read', scan: 'read', keys: 'read', xrange: 'read', xread: 'read',
  'json.get': 'read', json_get: 'read', 'ft.search': 'read',
  // Redis writes
  set: 'write', setnx: 'write', setex: 'write', psetex: 'write', getset: 'write', mset: 'write', hset: 'write',
  hmset: 'write', hincrby: 'write', lpush: 'write', rpush: 'write', lpop: 'write', rpop: 'write', ltrim: 'write',
  sadd: 'write', zadd: 'write', incr: 'write', incrby: 'write', decr: 'write', expire: 'write', xadd: 'write',
  'json.set': 'write',
  // Redis deletes
  del: 'delete', unlink: 'delete', getdel: 'delete', hdel: 'delete', srem: 'delete', zrem: 'delete', 'json.del': 'delete',
  // SQL / document stores
  select: 'read', find: 'read', findone: 'read', insert: 'write', update: 'write', upsert: 'write', delete: 'delete',
};
