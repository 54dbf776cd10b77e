import type { Clock } from '../../../core/clock';

/**
 * A token bucket per token, shared by every connection of the pool: `perSecond` tokens a second and a burst of
 * a tenth of that, so at most 1.1 × perSecond requests fall in any second. OANDA counts per token and answers
 * 429 past 120 per second; pacing (rather than a full second's burst at once) keeps requests from bunching in
 * the pool's queue and arriving at the venue faster than they were let go. After a 429 nothing is sent until its
 * wait is over.
 */
export class RateLimiter {
  private tokens: number;
  private refilledAt: number;
  private pausedUntil = 0;
  private queue: (() => void)[] = [];
  private timerArmed = false;
  private readonly burst: number;

  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock,
  ) {
    this.burst = Math.max(1, Math.floor(perSecond / 10));
    this.tokens = this.burst;
    this.refilledAt = clock.now();
  }

  /**
   * Resolves when a request may be sent, with the milliseconds the limiter held it (0: sent at once, a
   * rate-limit wait otherwise); the send is counted at that moment.
   */
  acquire(): Promise<number> {
    const queuedAt = this.clock.now();
    return new Promise((resolve) => {
      this.queue.push(() => resolve(this.clock.now() - queuedAt));
      this.drain();
    });
  }

  /** A 429 arrived: hold every request until `waitMs` has passed. */
  pause(waitMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + waitMs);
    this.tokens = 0;
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const wait = this.waitMs();
      if (wait > 0) {
        this.arm(wait);
        return;
      }
      this.tokens -= 1;
      this.queue.shift()?.();
    }
  }

  private waitMs(): number {
    const now = this.clock.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    // Token counts are request counts, not money: a float is fine here.
    this.tokens = Math.min(this.burst, this.tokens + ((now - Math.max(this.refilledAt, this.pausedUntil)) * this.perSecond) / 1000);
    this.refilledAt = now;
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * 1000) / this.perSecond);
  }

  private arm(delay: number): void {
    if (this.timerArmed) return;
    this.timerArmed = true;
    this.clock.setTimeout(delay, () => {
      this.timerArmed = false;
      this.drain();
    });
  }
}

/** One limiter per token (by fingerprint), shared by every client in the process that uses the token. */
const LIMITERS = new Map<string, RateLimiter>();

export function limiterForToken(fingerprint: string, perSecond: number, clock: Clock): RateLimiter {
  const key = `${fingerprint}#${perSecond}`;
  let limiter = LIMITERS.get(key);
  if (limiter === undefined) {
    limiter = new RateLimiter(perSecond, clock);
    LIMITERS.set(key, limiter);
  }
  return limiter;
}
