/**
 * Calls waiting for the app to read their reply (parse the body, or start
 * iterating a stream). Almost every call leaves this set again within the
 * same tick, so one shared, unref'd sweep timer replaces a timer per call
 * (a Timeout per call cost more than the rest of a streamed call's
 * bookkeeping in bench/instrumentation.mjs). The timer stops itself once
 * nothing is waiting. Bounded: past MAX_WAITING the oldest gives up first.
 */
export interface Waiter {
  /** Nobody read the reply in time (or the set is full): end the span without it. */
  giveUp(): void;
}

const MAX_WAITING = 10_000;
const SWEEP_MS = 1000;

export class UnreadReplies {
  /** Waiter → deadline (performance.now() ms); insertion order is deadline order. */
  private readonly _waiting = new Map<Waiter, number>();
  private _timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly _timeoutMs: number) {}

  wait(waiter: Waiter): void {
    if (this._waiting.size >= MAX_WAITING) {
      const oldest = this._waiting.keys().next().value;
      if (oldest) this._giveUp(oldest);
    }
    this._waiting.delete(waiter);
    this._waiting.set(waiter, performance.now() + this._timeoutMs);
    if (!this._timer) {
      this._timer = setInterval(() => this._sweep(), SWEEP_MS);
      this._timer.unref?.();
    }
  }

  done(waiter: Waiter): void {
    this._waiting.delete(waiter);
  }

  private _sweep(): void {
    const now = performance.now();
    for (const [waiter, deadline] of this._waiting) {
      if (deadline > now) break;
      this._giveUp(waiter);
    }
    if (this._waiting.size === 0 && this._timer) {
      clearInterval(this._timer);
      this._timer = undefined;
    }
  }

  private _giveUp(waiter: Waiter): void {
    this._waiting.delete(waiter);
    try {
      waiter.giveUp();
    } catch {
      // giveUp only ends a span; it must not stop the sweep
    }
  }
}
