/** Milliseconds since the Unix epoch: the one time unit of the engine. Parsers convert at the edge. */
export type Timestamp = number;

export type CancelTimer = () => void;

/** Time is injected: no `Date.now()` in core or engine, so that tests and simulators are deterministic. */
export interface Clock {
  now(): Timestamp;
  /** High-resolution monotonic nanoseconds, for latency measurement only. */
  monotonicNanos(): bigint;
  setTimeout(delayMs: number, callback: () => void): CancelTimer;
}

/** A clock that moves only when told to; timers fire in order of due time, then of creation. */
export class ManualClock implements Clock {
  private current: Timestamp;
  private nanos = 0n;
  private sequence = 0;
  private timers: { due: Timestamp; order: number; callback: () => void }[] = [];

  constructor(start: Timestamp = Date.UTC(2026, 0, 5, 12, 0, 0)) {
    this.current = start;
  }

  now(): Timestamp {
    return this.current;
  }

  monotonicNanos(): bigint {
    return this.nanos;
  }

  setTimeout(delayMs: number, callback: () => void): CancelTimer {
    const timer = { due: this.current + Math.max(0, delayMs), order: this.sequence++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Moves time forward, firing every timer that falls due on the way, each at its own due time. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers
        .filter((t) => t.due <= target)
        .sort((a, b) => a.due - b.due || a.order - b.order)[0];
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.nanos += BigInt(Math.max(0, next.due - this.current)) * 1_000_000n;
      this.current = Math.max(this.current, next.due);
      next.callback();
    }
    this.nanos += BigInt(Math.max(0, target - this.current)) * 1_000_000n;
    this.current = Math.max(this.current, target);
  }

  set(time: Timestamp): void {
    if (time < this.current) throw new RangeError('a manual clock never moves backwards');
    this.advance(time - this.current);
  }

  pendingTimers(): number {
    return this.timers.length;
  }
}
