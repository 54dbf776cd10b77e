import type { Clock } from '../../../core/clock';

/** The venue clock as local time plus a measured offset (re-measured after a 50102). */
export class TimeSync {
  private offsetMs = 0;

  constructor(private readonly clock: Clock) {}

  now(): number {
    return this.clock.now() + this.offsetMs;
  }

  offset(): number {
    return this.offsetMs;
  }

  /** Measures the offset from one round trip, assuming the server read its clock halfway through. */
  async measure(serverTime: () => Promise<number>): Promise<number> {
    const sent = this.clock.now();
    const server = await serverTime();
    const received = this.clock.now();
    this.offsetMs = server - Math.round((sent + received) / 2);
    return this.offsetMs;
  }
}
