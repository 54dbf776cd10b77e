import type { CancelTimer, Clock, Timestamp } from '../core/clock';

/** The wall clock, for production wiring only; core and engine receive a Clock and never read time themselves. */
export class SystemClock implements Clock {
  now(): Timestamp {
    return Date.now();
  }

  monotonicNanos(): bigint {
    return process.hrtime.bigint();
  }

  setTimeout(delayMs: number, callback: () => void): CancelTimer {
    const handle = setTimeout(callback, delayMs);
    handle.unref?.();
    return () => clearTimeout(handle);
  }
}
