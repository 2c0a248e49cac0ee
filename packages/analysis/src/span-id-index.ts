import type { SpanRecord } from './span-record.js';

/**
 * Span id → node number for one analysis: open addressing with linear probing over a
 * workspace buffer, which is only cleared, never allocated, per trace. A Map built per
 * trace spent most of its time growing its table and hashing fresh id strings
 * (bench/processor.mjs); here a slot holds node + 1 (0 = empty) and a probe compares the
 * id with the record's own, so the table needs no copy of the ids.
 *
 * The hash reads only the ids' last characters (OTel span ids are random hex; sequential
 * ids differ at the end). Ids built to collide there would make probing quadratic, so
 * past a probe budget the index moves to a Map (V8's seeded string hash) for the rest.
 */
export class SpanIdIndex {
  private readonly _mask: number;
  private _probes = 0;
  private readonly _probeBudget: number;
  private _map: Map<string, number> | undefined;

  /**
   * @param slots scratch of at least `tableSize(count)` entries, owned by the caller
   * @param records the records the node numbers refer to, read for their ids
   */
  constructor(
    private readonly _slots: Int32Array,
    private readonly _records: readonly SpanRecord[],
    count: number,
  ) {
    const size = tableSize(count);
    this._mask = size - 1;
    this._probeBudget = 4 * count + 64;
    _slots.fill(0, 0, size);
  }

  /** Node of `id`, or -1. */
  get(id: string): number {
    if (this._map !== undefined) return this._map.get(id) ?? -1;
    const slots = this._slots;
    const mask = this._mask;
    for (let slot = hashId(id) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot];
      if (entry === 0) return -1;
      if (this._records[entry - 1].spanId === id) return entry - 1;
      if (++this._probes > this._probeBudget) return this._toMap().get(id) ?? -1;
    }
  }

  /** Adds `node` under its record's id, which must not be in the index yet. */
  add(node: number): void {
    if (this._map !== undefined) {
      this._map.set(this._records[node].spanId, node);
      return;
    }
    const slots = this._slots;
    const mask = this._mask;
    let slot = hashId(this._records[node].spanId) & mask;
    while (slots[slot] !== 0) {
      if (++this._probes > this._probeBudget) {
        this._toMap().set(this._records[node].spanId, node);
        return;
      }
      slot = (slot + 1) & mask;
    }
    slots[slot] = node + 1;
  }

  /** Whether the probe budget ran out (tests). */
  get usesMap(): boolean {
    return this._map !== undefined;
  }

  private _toMap(): Map<string, number> {
    const map = new Map<string, number>();
    for (let slot = 0; slot <= this._mask; slot++) {
      const entry = this._slots[slot];
      if (entry !== 0) map.set(this._records[entry - 1].spanId, entry - 1);
    }
    this._map = map;
    return map;
  }
}

/** Slots for `count` ids: a power of two at least twice the count (load ≤ 1/2 keeps probes short). */
export function tableSize(count: number): number {
  let size = 16;
  while (size < 2 * count) size *= 2;
  return size;
}

/**
 * The last 8 characters and the length. A non-string id (bad input) hashes to 0 without
 * being converted (its toString could throw): many of them end up in the Map.
 */
function hashId(id: unknown): number {
  if (typeof id !== 'string') return 0;
  const text = id;
  let hash = text.length;
  for (let i = text.length > 8 ? text.length - 8 : 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  // murmur3's finalizer: every input bit reaches the low bits the mask keeps
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
