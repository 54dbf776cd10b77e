import type { Clock } from '../../../core/clock';

export interface LimitRule {
  readonly limit: number;
  readonly windowMs: number;
  /** OKX counts order placement, amend and cancel per instrument as well as per user. */
  readonly perInstrument: boolean;
}

/** docs-v5 rate limits of the endpoints the adapter calls (per user; "N requests per 2 seconds"). */
export const OKX_LIMITS: Readonly<Record<string, LimitRule>> = {
  '/api/v5/public/time': { limit: 10, windowMs: 2_000, perInstrument: false },
  '/api/v5/public/instruments': { limit: 20, windowMs: 2_000, perInstrument: false },
  '/api/v5/market/books': { limit: 40, windowMs: 2_000, perInstrument: false },
  '/api/v5/account/balance': { limit: 10, windowMs: 2_000, perInstrument: false },
  '/api/v5/account/config': { limit: 5, windowMs: 2_000, perInstrument: false },
  '/api/v5/trade/order': { limit: 60, windowMs: 2_000, perInstrument: true },
  '/api/v5/trade/batch-orders': { limit: 300, windowMs: 2_000, perInstrument: true },
  '/api/v5/trade/cancel-order': { limit: 60, windowMs: 2_000, perInstrument: true },
  '/api/v5/trade/cancel-batch-orders': { limit: 300, windowMs: 2_000, perInstrument: true },
  '/api/v5/trade/amend-order': { limit: 60, windowMs: 2_000, perInstrument: true },
  '/api/v5/trade/order-algo': { limit: 20, windowMs: 2_000, perInstrument: false },
  '/api/v5/trade/cancel-algos': { limit: 20, windowMs: 2_000, perInstrument: false },
  '/api/v5/trade/orders-algo-pending': { limit: 20, windowMs: 2_000, perInstrument: false },
  '/api/v5/trade/orders-pending': { limit: 60, windowMs: 2_000, perInstrument: false },
  '/api/v5/trade/fills': { limit: 60, windowMs: 2_000, perInstrument: false },
  '/api/v5/trade/fills-history': { limit: 10, windowMs: 2_000, perInstrument: false },
};

/**
 * Sliding windows per endpoint (and per instrument where OKX counts so): a request waits for a free slot
 * rather than be refused. A 50011 from the venue blocks the endpoint for one window.
 */
export class OkxRateLimiter {
  /** Slots in use per key: the time each request was sent, moved to when its answer came (see `settle`). */
  private readonly sent = new Map<string, { at: number }[]>();
  private readonly blockedUntil = new Map<string, number>();
  /** Requests that had to wait, for tests and metrics. */
  waits = 0;

  constructor(
    private readonly clock: Clock,
    private readonly rules: Readonly<Record<string, LimitRule>> = OKX_LIMITS,
  ) {}

  private key(path: string, instId: string | undefined): string | undefined {
    const rule = this.rules[path];
    if (rule === undefined) return undefined;
    return rule.perInstrument && instId !== undefined ? `${path}|${instId}` : path;
  }

  /**
   * Resolves when `count` requests to `path` fit the window, with the slots taken; pass them to `settle` when
   * the answer comes. Returns them with how long it waited.
   */
  async acquire(path: string, instId?: string, count = 1): Promise<{ waited: number; slots: { at: number }[] }> {
    const key = this.key(path, instId);
    const rule = this.rules[path];
    if (key === undefined || rule === undefined) return { waited: 0, slots: [] };
    let waited = 0;
    // The venue counts on arrival, a little after we send: a tenth of the window keeps us clear of its edge.
    const windowMs = rule.windowMs + Math.ceil(rule.windowMs / 10);
    for (;;) {
      const now = this.clock.now();
      const recent = (this.sent.get(key) ?? []).filter((slot) => slot.at > now - windowMs);
      this.sent.set(key, recent);
      const blocked = this.blockedUntil.get(path) ?? 0;
      const full = recent.length + count > rule.limit;
      if (!full && blocked <= now) {
        const slots = Array.from({ length: count }, () => ({ at: now }));
        recent.push(...slots);
        if (waited > 0) this.waits++;
        return { waited, slots };
      }
      const times = recent.map((slot) => slot.at).sort((a, b) => a - b);
      const until = Math.max(blocked, full ? (times[times.length + count - rule.limit - 1] ?? now) + windowMs : now);
      const delay = Math.max(1, until - now);
      waited += delay;
      await new Promise<void>((resolve) => this.clock.setTimeout(delay, resolve));
    }
  }

  /**
   * The answer came: the venue counted the request at some time before now, so the slot is held from now on.
   * Counting from the answer rather than the send keeps our window around the venue's whatever the latency.
   */
  settle(slots: readonly { at: number }[]): void {
    const now = this.clock.now();
    for (const slot of slots) slot.at = now;
  }

  /** The venue said 50011: hold the endpoint for one window. */
  limited(path: string): void {
    const rule = this.rules[path];
    this.blockedUntil.set(path, this.clock.now() + (rule?.windowMs ?? 2_000));
  }
}
