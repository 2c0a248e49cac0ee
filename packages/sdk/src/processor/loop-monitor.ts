import { performance } from 'node:perf_hooks';
import type { Histogram } from '@opentelemetry/api';

/** A stall of the event loop, in epoch milliseconds. */
export interface Stall {
  startMs: number;
  endMs: number;
}

/**
 * Detects event-loop stalls (synchronous work in async code) with an unref'd
 * timer: when a tick arrives later than scheduled by more than the threshold,
 * the loop was blocked for the interval in between. Keeps the most recent
 * stalls in a fixed ring, so traces can be checked against them when analysed.
 */
export class LoopMonitor {
  private readonly _ring: Stall[] = [];
  private _next = 0;
  private _timer: NodeJS.Timeout | undefined;
  private _expected = 0;

  constructor(
    private readonly _thresholdMs: number,
    private readonly _delay: Histogram | undefined,
    private readonly _intervalMs = 20,
    private readonly _capacity = 256,
  ) {}

  start(): void {
    if (this._timer || this._thresholdMs <= 0) return;
    this._expected = performance.now() + this._intervalMs;
    this._timer = setInterval(() => this._tick(), this._intervalMs);
    this._timer.unref();
  }

  stop(): void {
    if (this._timer) clearInterval(this._timer);
    this._timer = undefined;
  }

  /** Stalls overlapping [fromMs, toMs] (epoch ms). */
  stallsBetween(fromMs: number, toMs: number): Stall[] {
    const out: Stall[] = [];
    for (const stall of this._ring) if (stall.endMs > fromMs && stall.startMs < toMs) out.push(stall);
    return out;
  }

  private _tick(): void {
    const now = performance.now();
    const lateMs = now - this._expected;
    this._expected = now + this._intervalMs;
    if (lateMs >= 10) this._delay?.record(lateMs / 1000);
    if (lateMs < this._thresholdMs) return;
    const endMs = performance.timeOrigin + now;
    const stall = { startMs: endMs - lateMs, endMs };
    if (this._ring.length < this._capacity) this._ring.push(stall);
    else this._ring[this._next] = stall;
    this._next = (this._next + 1) % this._capacity;
  }
}
