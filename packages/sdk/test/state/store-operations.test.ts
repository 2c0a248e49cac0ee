import { storeOperation } from '../../src/state/store-operations';
import { byteSize } from '../../src/state/bytes';

describe('storeOperation', () => {
  it.each([
    ['get', 'read'], ['has', 'read'], ['set', 'write'], ['delete', 'delete'], ['clear', 'delete'],
    ['getTuple', 'read'], ['get_item', 'read'], ['list', 'read'], ['listThreads', 'read'],
    ['put', 'write'], ['putWrites', 'write'], ['setItem', 'write'], ['deleteThread', 'delete'],
  ])('%s → %s', (method, operation) => {
    expect(storeOperation(method)).toBe(operation);
  });

  it.each(['setup', 'settings', 'getter', 'listen', 'output', 'deleted', 'constructor', 'toString', 'keys', 'hasOwnProperty'])(
    '%s is not state I/O',
    method => expect(storeOperation(method)).toBeUndefined(),
  );

  it('lets overrides win, false excluding a method', () => {
    expect(storeOperation('get', { get: false })).toBeUndefined();
    expect(storeOperation('fetch', { fetch: 'read' })).toBe('read');
    expect(storeOperation('setup', { setup: 'write' })).toBe('write');
  });
});

describe('byteSize', () => {
  it('measures strings as UTF-8, binary by byteLength, arrays of those; leaves the rest unknown', () => {
    expect(byteSize('héllo')).toBe(6);
    expect(byteSize(Buffer.from('abc'))).toBe(3);
    expect(byteSize(new Uint16Array(4))).toBe(8);
    expect(byteSize(new ArrayBuffer(7))).toBe(7);
    expect(byteSize(['ab', null, Buffer.alloc(2)])).toBe(4);
    expect(byteSize(['ab', { x: 1 }])).toBeUndefined();
    expect(byteSize({ a: 'b' })).toBeUndefined();
    expect(byteSize(42)).toBeUndefined();
    expect(byteSize(new Array(1001).fill('a'))).toBeUndefined();
  });
});
