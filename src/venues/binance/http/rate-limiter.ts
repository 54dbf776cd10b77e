import type { Clock, Timestamp } from '../../../core/clock';
import { TmtError } from '../../../core/errors/tmt-error';
import type { SharedRateBudget } from '../../../core/ports/rate-budget';
import type { RateLimitInfo } from '../parse/exchange-info';

const INTERVAL_MS: Readonly<Record<string, number>> = { SECOND: 1_000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };
const INTERVAL_LETTER: Readonly<Record<string, string>> = { SECOND: 's', MINUTE: 'm', HOUR: 'h', DAY: 'd' };
/**
 * Waits a little past a window boundary, so that an error in the measured server-time offset (up to half a
 * round trip on a loaded host) never lands a request in the old window.
 */
const BOUNDARY_MARGIN_MS = 100;

interface Window {
  readonly kind: 'REQUEST_WEIGHT' | 'ORDERS' | 'RAW_REQUESTS';
  readonly intervalMs: number;
  readonly limit: number;
  /** Lower-case response header that carries the server's count for this window. */
  readonly header: string;
  start: Timestamp;
  used: number;
}

/**
 * Binance's limits (exchangeInfo.rateLimits) tracked on fixed windows aligned to server time, as Binance
 * counts them; every response's X-MBX-USED-WEIGHT-* / X-MBX-ORDER-COUNT-* header pulls the count up to the
 * server's figure. A 429 blocks every request until Retry-After has passed; a 418 refuses every request
 * until the ban expires. Nothing is sent inside either window.
 */
export class BinanceRateLimiter {
  private windows: Window[] = [];
  private retryUntil: Timestamp = 0;
  private bannedUntil: Timestamp = 0;
  /** Headers of the last response, so that limits configured later start from the server's counts. */
  private lastHeaders: Readonly<Record<string, string | string[] | undefined>> = {};

  constructor(
    private readonly clock: Clock,
    /** Server time: the local clock plus the measured offset. */
    private readonly serverNow: () => Timestamp,
    /**
     * A budget shared with other processes using the same key (Redis): a request leaves only when its cost
     * fits there too, so that together they stay within Binance's limits.
     */
    private readonly shared?: { readonly budget: SharedRateBudget; readonly key: string },
  ) {}

  configure(limits: readonly RateLimitInfo[]): void {
    const windows: Window[] = [];
    for (const limit of limits) {
      const unit = INTERVAL_MS[limit.interval];
      const letter = INTERVAL_LETTER[limit.interval];
      if (unit === undefined || letter === undefined) continue;
      if (limit.rateLimitType !== 'REQUEST_WEIGHT' && limit.rateLimitType !== 'ORDERS' && limit.rateLimitType !== 'RAW_REQUESTS') continue;
      const prefix = limit.rateLimitType === 'ORDERS' ? 'x-mbx-order-count-' : 'x-mbx-used-weight-';
      windows.push({
        kind: limit.rateLimitType,
        intervalMs: unit * limit.intervalNum,
        limit: limit.limit,
        header: limit.rateLimitType === 'RAW_REQUESTS' ? '' : `${prefix}${limit.intervalNum}${letter}`,
        start: 0,
        used: 0,
      });
    }
    this.windows = windows;
    // Requests sent before the limits were known (server time, exchangeInfo) already count at the server.
    this.observe(200, this.lastHeaders);
  }

  /** Weight and orders sent but not yet answered: they may still land in the next window at the server. */
  private inflight = { weight: 0, orders: 0, requests: 0 };

  /** Marks a request acquired earlier as answered (or failed). */
  release(weight: number, orders: number): void {
    this.inflight.weight -= weight;
    this.inflight.orders -= orders;
    this.inflight.requests -= 1;
  }

  /**
   * Waits until `weight` (and `orders` new orders) fit every window, then reserves them; call `release` after
   * the answer. Resolves with the milliseconds it held the caller (0: sent at once).
   */
  async acquire(weight: number, orders: number): Promise<number> {
    let waitedMs = 0;
    for (;;) {
      const now = this.serverNow();
      if (now < this.bannedUntil) {
        throw new TmtError('VENUE_BANNED', `binance banned this client (HTTP 418) until ${new Date(this.bannedUntil).toISOString()}`, {
          details: { bannedUntil: String(this.bannedUntil) },
        });
      }
      let waitUntil = this.retryUntil;
      for (const window of this.windows) {
        this.roll(window, now);
        const cost = window.kind === 'ORDERS' ? orders : window.kind === 'RAW_REQUESTS' ? 1 : weight;
        if (cost > 0 && window.used + cost > window.limit) waitUntil = Math.max(waitUntil, window.start + window.intervalMs + BOUNDARY_MARGIN_MS);
      }
      if (waitUntil <= now && this.shared !== undefined) {
        const decision = await this.shared.budget.reserve(this.shared.key, this.windows.map((window) => ({
          intervalMs: window.intervalMs,
          limit: window.limit,
          cost: window.kind === 'ORDERS' ? orders : window.kind === 'RAW_REQUESTS' ? 1 : weight,
          guardMs: BOUNDARY_MARGIN_MS,
        })), now);
        if (!decision.granted) waitUntil = decision.retryAt;
      }
      if (waitUntil <= now) break;
      waitedMs += waitUntil - now;
      await this.sleep(waitUntil - now);
    }
    for (const window of this.windows) {
      window.used += window.kind === 'ORDERS' ? orders : window.kind === 'RAW_REQUESTS' ? 1 : weight;
    }
    this.inflight.weight += weight;
    this.inflight.orders += orders;
    this.inflight.requests += 1;
    return waitedMs;
  }

  /** Brings the counts in step with the server's headers and honours 429/418. */
  observe(status: number, headers: Readonly<Record<string, string | string[] | undefined>>): void {
    const now = this.serverNow();
    this.lastHeaders = headers;
    for (const window of this.windows) {
      if (window.header === '') continue;
      const value = headers[window.header];
      if (typeof value !== 'string') continue;
      const count = Number.parseInt(value, 10);
      this.roll(window, now);
      if (Number.isSafeInteger(count) && count > window.used) window.used = count;
    }
    this.shareCounts(now);
    if (status === 429 || status === 418) {
      const retryAfter = headers['retry-after'];
      const seconds = typeof retryAfter === 'string' ? Number.parseInt(retryAfter, 10) : Number.NaN;
      // Without a usable Retry-After, wait out the longest weight window (the documented worst case for a 429).
      const waitMs = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 60_000;
      if (status === 429) this.retryUntil = Math.max(this.retryUntil, now + waitMs);
      else this.bannedUntil = Math.max(this.bannedUntil, now + waitMs);
    }
  }

  /**
   * Counts the WebSocket API reports in its `rateLimits` array (web-socket-api.md): the same IP limits as
   * REST, so requests there count here too.
   */
  observeCounts(limits: readonly { rateLimitType: string; interval: string; intervalNum: number; count: number }[]): void {
    const now = this.serverNow();
    for (const limit of limits) {
      const intervalMs = (INTERVAL_MS[limit.interval] ?? 0) * limit.intervalNum;
      const window = this.windows.find((w) => w.kind === limit.rateLimitType && w.intervalMs === intervalMs);
      if (window === undefined) continue;
      this.roll(window, now);
      if (limit.count > window.used) window.used = limit.count;
    }
    this.shareCounts(now);
  }

  /** The server's counts go to the shared budget too; a failure there only costs precision, never a request. */
  private shareCounts(now: Timestamp): void {
    if (this.shared === undefined || this.windows.length === 0) return;
    this.shared.budget
      .observe(this.shared.key, this.windows.map((window) => ({ intervalMs: window.intervalMs, used: window.used })), now)
      .catch(() => undefined);
  }

  /** Current counts per window, for metrics and tests. */
  usage(): readonly { kind: string; intervalMs: number; used: number; limit: number }[] {
    const now = this.serverNow();
    return this.windows.map((window) => {
      this.roll(window, now);
      return { kind: window.kind, intervalMs: window.intervalMs, used: window.used, limit: window.limit };
    });
  }

  blockedUntil(): { retryUntil: Timestamp; bannedUntil: Timestamp } {
    return { retryUntil: this.retryUntil, bannedUntil: this.bannedUntil };
  }

  private roll(window: Window, now: Timestamp): void {
    const start = Math.floor(now / window.intervalMs) * window.intervalMs;
    if (start !== window.start) {
      window.start = start;
      // Requests still in flight may arrive after the boundary: count them in the new window too.
      window.used = window.kind === 'ORDERS' ? this.inflight.orders : window.kind === 'RAW_REQUESTS' ? this.inflight.requests : this.inflight.weight;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.clock.setTimeout(ms, resolve));
  }
}
