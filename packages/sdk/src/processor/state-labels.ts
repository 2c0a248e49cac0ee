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
  const command = String(attributes['db.operation.name'] ?? attributes['db.operation'] ?? name.split(' ')[0]).toLowerCase();
  return { store, operation: READ_WRITE_DELETE[command] ?? command };
}

const READ_WRITE_DELETE: Record<string, string> = {
  get: 'read', mget: 'read', hget: 'read', hgetall: 'read', hmget: 'read', lrange: 'read', smembers: 'read',
  zrange: 'read', exists: 'read', json_get: 'read', 'json.get': 'read', find: 'read', findone: 'read', select: 'read',
  set: 'write', mset: 'write', hset: 'write', hmset: 'write', lpush: 'write', rpush: 'write', sadd: 'write',
  zadd: 'write', setex: 'write', incr: 'write', expire: 'write', 'json.set': 'write', insert: 'write', update: 'write',
  del: 'delete', unlink: 'delete', hdel: 'delete', srem: 'delete', zrem: 'delete', delete: 'delete',
};
