/** Misses waiting for their `set` that are remembered at once (oldest forgotten first). */
const MAX_PENDING = 1000;
/** A `set` later than this after its miss is not taken as that miss's path (the value came from elsewhere). */
const MAX_MISS_PATH_MS = 5 * 60_000;

/**
 * Estimates the time a cache hit saves: the average duration of the miss
 * path observed so far, minus the hit's own lookup.
 *
 * The miss path is what the app does when the cache has no value: the
 * failed lookup, computing or loading the value, and storing it. It is
 * observed as either
 * - from a `get` that missed to the next `set`/`put` of the same key (the
 *   cache-aside pattern: `v = cache.get(k) ?? cache.set(k, await load(k))`), or
 * - the duration of a `wrap(key, loader)` call whose loader ran.
 * The average is the mean over every miss path seen by this cache; until one
 * was seen, hits save 0 (unknown, not guessed). A hit saves
 * max(0, mean − its lookup duration). Bounded: at most 1000 misses wait for
 * their `set`; a `set` more than 5 min after its miss is not a sample.
 */
export class MissPath {
  private _count = 0;
  private _sumMs = 0;
  private readonly _pending = new Map<unknown, number>();

  /** A lookup of `key` that started at `startMs` missed. */
  missed(key: unknown, startMs: number): void {
    this._pending.delete(key);
    if (this._pending.size >= MAX_PENDING) {
      const oldest = this._pending.keys().next();
      if (!oldest.done) this._pending.delete(oldest.value);
    }
    this._pending.set(key, startMs);
  }

  /** `key` was stored at `endMs`: closes its miss path, if one is waiting. */
  stored(key: unknown, endMs: number): void {
    const startMs = this._pending.get(key);
    if (startMs === undefined) return;
    this._pending.delete(key);
    const ms = endMs - startMs;
    if (ms <= MAX_MISS_PATH_MS) this.sample(ms);
  }

  /** A whole miss path of `ms` milliseconds (a `wrap` whose loader ran). */
  sample(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) return;
    this._count += 1;
    this._sumMs += ms;
  }

  /** Seconds saved by a hit whose lookup took `hitMs`. */
  savedSeconds(hitMs: number): number {
    if (this._count === 0) return 0;
    return Math.max(0, this._sumMs / this._count - hitMs) / 1000;
  }

  /** Misses still waiting for their `set` (tests, self-checks). */
  get pending(): number {
    return this._pending.size;
  }
}
