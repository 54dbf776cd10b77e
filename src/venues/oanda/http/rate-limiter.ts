import type { Clock } from '../../../core/clock';

/**
 * At most `perSecond` sends in any sliding second, per token, across every connection of the pool: OANDA
 * counts per token and answers 429 past 120 per second. After a 429 nothing is sent until its wait is over.
 */
export class RateLimiter {
  private readonly sent: number[] = [];
  private pausedUntil = 0;
  private queue: (() => void)[] = [];
  private timerArmed = false;

  constructor(
    private readonly perSecond: number,
    private readonly clock: Clock,
  ) {}

  /** Resolves when a request may be sent; the send is counted at that moment. */
  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve);
      this.drain();
    });
  }

  /** A 429 arrived: hold every request until `waitMs` has passed. */
  pause(waitMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + waitMs);
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const wait = this.waitMs();
      if (wait > 0) {
        this.arm(wait);
        return;
      }
      this.sent.push(this.clock.now());
      this.queue.shift()?.();
    }
  }

  private waitMs(): number {
    const now = this.clock.now();
    if (now < this.pausedUntil) return this.pausedUntil - now;
    while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - 1000) this.sent.shift();
    if (this.sent.length < this.perSecond) return 0;
    return (this.sent[0] ?? now) + 1000 - now + 1;
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
