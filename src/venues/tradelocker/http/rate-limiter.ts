import type { RouteName } from '../enums';

/** One entry of GET /trade/config `rateLimits`. */
export interface RouteRateLimit {
  readonly rateLimitType: RouteName;
  readonly measure: 'SECONDS' | 'MINUTES';
  readonly intervalNum: number;
  readonly limit: number;
}

/**
 * The limits TradeLocker publishes per route name, kept on the client side: a request waits until its route's
 * window has room, so the venue never has to answer 429. A 429 all the same (another client on the login)
 * pauses the route for a window. Windows are wall time: they are about request rates, not venue time.
 */
export class RouteRateLimiter {
  private readonly limits = new Map<RouteName, { readonly limit: number; readonly spanMs: number }>();
  private readonly sent = new Map<RouteName, number[]>();
  private readonly pausedUntil = new Map<RouteName, number>();

  configure(limits: readonly RouteRateLimit[]): void {
    this.limits.clear();
    for (const entry of limits) {
      const spanMs = entry.intervalNum * (entry.measure === 'MINUTES' ? 60_000 : 1_000);
      if (entry.limit > 0 && spanMs > 0) this.limits.set(entry.rateLimitType, { limit: entry.limit, spanMs });
    }
  }

  /**
   * The window the adapter keeps is a little longer than the venue's: requests sent a window apart can arrive
   * closer together (network jitter), and the venue counts arrivals.
   */
  private windowOf(route: RouteName): { readonly limit: number; readonly spanMs: number } | undefined {
    const rule = this.limits.get(route);
    return rule === undefined ? undefined : { limit: rule.limit, spanMs: rule.spanMs + Math.max(25, rule.spanMs * 0.05) };
  }

  limitOf(route: RouteName): { readonly limit: number; readonly spanMs: number } | undefined {
    return this.limits.get(route);
  }

  /** Resolves when a request on `route` may go; returns how long it waited (ms). */
  async acquire(route: RouteName): Promise<number> {
    const started = performance.now();
    for (;;) {
      const now = performance.now();
      const paused = this.pausedUntil.get(route) ?? 0;
      if (paused > now) {
        await sleep(paused - now);
        continue;
      }
      const rule = this.windowOf(route);
      if (rule === undefined) return now - started;
      const times = (this.sent.get(route) ?? []).filter((t) => t > now - rule.spanMs);
      if (times.length < rule.limit) {
        times.push(now);
        this.sent.set(route, times);
        return now - started;
      }
      this.sent.set(route, times);
      await sleep((times[0] ?? now) + rule.spanMs - now + 1);
    }
  }

  pause(route: RouteName, ms: number): void {
    this.pausedUntil.set(route, performance.now() + ms);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(1, ms)));
