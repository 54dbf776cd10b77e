import type { Clock } from '../../../core/clock';

/**
 * Advanced Trade's per-second REST limits (30 private requests per second per key, 10 public per IP) kept on
 * our side: a request waits for a free slot in the rolling second rather than earning a 429. A 429 the venue
 * sends anyway pauses every request for a second (`backOff`).
 */
export class CoinbaseRateLimiter {
  private readonly sent: number[] = [];
  /** The venue counts a request when it arrives, which may be later than it left here (pool queue, transit). */
  private readonly windowMs = 1000 + 250;
  private pausedUntil = 0;

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
  ) {}

  /** Resolves when a request may leave; returns how long it waited (ms). */
  async acquire(): Promise<number> {
    const started = this.clock.now();
    for (;;) {
      const now = this.clock.now();
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - this.windowMs) this.sent.shift();
      const wait = Math.max(this.pausedUntil - now, this.sent.length >= this.perSecond ? (this.sent[0] as number) + this.windowMs - now : 0);
      if (wait <= 0) {
        this.sent.push(now);
        return now - started;
      }
      await new Promise<void>((resolve) => this.clock.setTimeout(wait, resolve));
    }
  }

  backOff(ms = 1000): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }
}
