import type { CancelTimer, Clock, Timestamp } from '../core/clock';

/**
 * Wall time plus an offset that tests push forward (`advance`), so that a GTD expiry an hour away or a daily
 * financing can be reached without waiting, while sockets, streams and timers keep running in real time.
 * The venue simulators run on it.
 */
export class OffsetClock implements Clock {
  private offset = 0;

  now(): Timestamp {
    return Date.now() + this.offset;
  }

  monotonicNanos(): bigint {
    return process.hrtime.bigint() + BigInt(this.offset) * 1_000_000n;
  }

  setTimeout(delayMs: number, callback: () => void): CancelTimer {
    const handle = setTimeout(callback, delayMs);
    handle.unref();
    return () => clearTimeout(handle);
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('the simulator clock never moves backwards');
    this.offset += ms;
  }
}
