import type { CancelTimer, Clock, Timestamp } from '../../core/clock';

/** Wall time plus an offset that tests push forward (GTD expiries, the trading-day end) while sockets run in real time. */
export class FxcmSimulatorClock implements Clock {
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
