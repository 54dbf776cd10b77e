import type { Clock, Timestamp } from '../../../core/clock';

/**
 * Server time as local time plus an offset, measured from GET /api/v3/time at start and again after a -1021
 * (the midpoint of the round trip is taken as the moment the server read its clock).
 */
export class TimeSync {
  private offsetMs = 0;

  constructor(private readonly clock: Clock) {}

  now(): Timestamp {
    return this.clock.now() + this.offsetMs;
  }

  offset(): number {
    return this.offsetMs;
  }

  async measure(fetchServerTime: () => Promise<number>): Promise<number> {
    const before = this.clock.now();
    const serverTime = await fetchServerTime();
    const after = this.clock.now();
    this.offsetMs = Math.round(serverTime - (before + after) / 2);
    return this.offsetMs;
  }
}
