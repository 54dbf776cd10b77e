import type { Clock } from '../../core';

/**
 * A token bucket on the injected clock: `ratePerSecond` tokens refill per second up to a burst of the same
 * size. Integer milli-tokens, so no float drift however long it runs.
 */
export class TokenBucket {
  private milliTokens: number;
  private lastRefill: number;

  constructor(
    private readonly clock: Clock,
    private ratePerSecond: number,
  ) {
    this.milliTokens = ratePerSecond * 1000;
    this.lastRefill = clock.now();
  }

  /** Takes one token; false (and nothing taken) when the bucket is empty. */
  tryTake(): boolean {
    this.refill();
    if (this.milliTokens < 1000) return false;
    this.milliTokens -= 1000;
    return true;
  }

  available(): number {
    this.refill();
    return Math.floor(this.milliTokens / 1000);
  }

  get rate(): number {
    return this.ratePerSecond;
  }

  /** A new rate keeps the tokens held, capped at the new burst. */
  setRate(ratePerSecond: number): void {
    this.refill();
    this.ratePerSecond = ratePerSecond;
    this.milliTokens = Math.min(this.milliTokens, ratePerSecond * 1000);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = now - this.lastRefill;
    if (elapsed <= 0) return;
    this.lastRefill = now;
    // rate tokens per second is rate milli-tokens per millisecond.
    this.milliTokens = Math.min(this.ratePerSecond * 1000, this.milliTokens + elapsed * this.ratePerSecond);
  }
}
