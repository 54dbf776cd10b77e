import type { CancelTimer, Clock, Timestamp } from '../../core/clock';

/** Wall time plus an offset tests push forward (`advance`) to reach a GTD expiry without waiting. */
export class IbSimulatorClock implements Clock {
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
