import type { Clock } from '../../../core/clock';

export type DxRequestKind = 'login' | 'data' | 'trading';

/**
 * DXtrade's three request limits (login per IP, 'get data' and trading per session), each a rolling second:
 * at most `perSecond` sends in any 1,000 ms, plus a margin (150 ms) so that the venue's window, which starts when
 * it reads the request, never sees one too many. After a 429 the kind is held for a second.
 */
export class DxRateLimiter {
  private readonly sent = new Map<DxRequestKind, number[]>();
  private readonly pausedUntil = new Map<DxRequestKind, number>();
  private readonly queues = new Map<DxRequestKind, (() => void)[]>();
  private readonly armed = new Set<DxRequestKind>();
  private static readonly MARGIN_MS = 150;

  constructor(private readonly limits: Readonly<Record<DxRequestKind, number>>, private readonly clock: Clock) {}

  /** Resolves when a request of `kind` may go, with the milliseconds it was held. */
  acquire(kind: DxRequestKind): Promise<number> {
    const queuedAt = this.clock.now();
    return new Promise((resolve) => {
      const queue = this.queues.get(kind) ?? [];
      this.queues.set(kind, queue);
      queue.push(() => resolve(this.clock.now() - queuedAt));
      this.drain(kind);
    });
  }

  /** The venue answered 429: nothing of this kind goes for its window. */
  pause(kind: DxRequestKind, ms = 1000): void {
    this.pausedUntil.set(kind, Math.max(this.pausedUntil.get(kind) ?? 0, this.clock.now() + ms));
  }

  private drain(kind: DxRequestKind): void {
    const queue = this.queues.get(kind) ?? [];
    while (queue.length > 0) {
      const wait = this.waitMs(kind);
      if (wait > 0) {
        this.arm(kind, wait);
        return;
      }
      this.sent.get(kind)?.push(this.clock.now());
      queue.shift()?.();
    }
  }

  private waitMs(kind: DxRequestKind): number {
    const now = this.clock.now();
    const paused = (this.pausedUntil.get(kind) ?? 0) - now;
    if (paused > 0) return paused;
    const window = 1000 + DxRateLimiter.MARGIN_MS;
    const recent = (this.sent.get(kind) ?? []).filter((t) => now - t < window);
    this.sent.set(kind, recent);
    const limit = Math.max(1, Math.floor(this.limits[kind]));
    if (recent.length < limit) return 0;
    return window - (now - (recent[0] ?? now));
  }

  private arm(kind: DxRequestKind, delay: number): void {
    if (this.armed.has(kind)) return;
    this.armed.add(kind);
    this.clock.setTimeout(delay, () => {
      this.armed.delete(kind);
      this.drain(kind);
    });
  }
}
