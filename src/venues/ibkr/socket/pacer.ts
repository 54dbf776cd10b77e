/**
 * IB's pacing: at most N messages in any rolling second, enforced before sending (never by reacting to
 * error 100). Messages wait in order; `now` and `schedule` are injected so tests and benches control time.
 */
export class Pacer {
  private readonly sentAt: number[] = [];
  private readonly queue: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  private readonly spacingMs: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.spacingMs = 1000 / perSecond;
  }

  /** Runs `send` now if the window allows, otherwise as soon as it does (in submission order). */
  submit(send: () => void): void {
    this.queue.push(send);
    this.pump();
  }

  get pending(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue.length = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    if (this.timer !== undefined) return;
    while (this.queue.length > 0) {
      const now = this.now();
      while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= now - 1000) this.sentAt.shift();
      // Evenly spaced (one per 1000/N ms) as well as at most N per rolling second: a burst that reaches TWS
      // late and bunched up (network, a busy host) then still counts under the limit at its end.
      const spacingWait = this.sentAt.length === 0 ? 0 : (this.sentAt[this.sentAt.length - 1] ?? now) + this.spacingMs - now;
      if (this.sentAt.length >= this.perSecond || spacingWait > 0) {
        const windowWait = this.sentAt.length >= this.perSecond ? (this.sentAt[0] ?? now) + 1000 - now + 5 : 0;
        const wait = Math.max(windowWait, spacingWait);
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.sentAt.push(now);
      this.queue.shift()?.();
    }
  }
}
