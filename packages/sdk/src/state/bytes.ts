/** Largest number of array elements summed before giving up: sizes must stay cheap. */
const MAX_ELEMENTS = 1000;

/**
 * Size in bytes of a value read or written, when it is cheap to know:
 * binary data (Buffer, typed array, ArrayBuffer) by its byteLength, strings
 * by their UTF-8 length, and arrays of those (one level, up to 1000
 * elements, e.g. a Redis MGET reply). Anything else — objects, numbers,
 * long arrays — is `undefined`: agentmeter never serializes a value just to
 * measure it.
 */
export function byteSize(value: unknown): number | undefined {
  const single = scalarSize(value);
  if (single !== undefined || !Array.isArray(value) || value.length > MAX_ELEMENTS) return single;
  let total = 0;
  for (const element of value) {
    if (element === null || element === undefined) continue;
    const size = scalarSize(element);
    if (size === undefined) return undefined;
    total += size;
  }
  return total;
}

function scalarSize(value: unknown): number | undefined {
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof ArrayBuffer) return value.byteLength;
  return undefined;
}
