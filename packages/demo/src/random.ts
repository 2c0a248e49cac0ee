/** A small seeded PRNG (mulberry32), so every demo run has the same shape. */
export class Random {
  private _state: number;

  constructor(seed: number) {
    this._state = seed >>> 0;
  }

  next(): number {
    let t = (this._state = (this._state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Log-normal-ish latency around `median` ms with a long tail. */
  latency(median: number, spread = 0.35): number {
    const u = Math.max(1e-9, this.next());
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(1, median * Math.exp(spread * normal));
  }
}

export const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));
