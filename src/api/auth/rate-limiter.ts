import type { Clock } from '../../core';

/**
 * One token bucket per API token: `perSecond` requests a second with bursts of the same size. Refilled
 * lazily from the injected clock, so nothing runs between requests.
 */
export class TokenRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly defaultPerSecond: number,
  ) {}

  /** True when the request may go ahead. */
  take(tokenId: string, perSecond = this.defaultPerSecond): boolean {
    const now = this.clock.now();
    const bucket = this.buckets.get(tokenId) ?? { tokens: perSecond, at: now };
    bucket.tokens = Math.min(perSecond, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(tokenId, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
