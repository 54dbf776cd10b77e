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

  /** Takes the sample with the shortest round trip of a few: its midpoint is the least uncertain. */
  async measure(fetchServerTime: () => Promise<number>, samples = 3): Promise<number> {
    let best: { roundTrip: number; offset: number } | undefined;
    for (let i = 0; i < samples; i++) {
      const before = this.clock.now();
      const serverTime = await fetchServerTime();
      const after = this.clock.now();
      const sample = { roundTrip: after - before, offset: Math.round(serverTime - (before + after) / 2) };
      if (best === undefined || sample.roundTrip < best.roundTrip) best = sample;
    }
    this.offsetMs = best?.offset ?? 0;
    return this.offsetMs;
  }
}
