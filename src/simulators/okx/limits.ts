/** One documented limit: at most `limit` requests per `windowMs`, counted per user (and per instrument). */
export interface RateLimitRule {
  readonly limit: number;
  readonly windowMs: number;
  /** Counted per instrument as well as per user (order placement, amend, cancel on OKX). */
  readonly perInstrument: boolean;
}

/** docs-v5 rate limits of the endpoints the simulator serves ("Rate Limit: N requests per 2 seconds"). */
export const RATE_LIMITS: Readonly<Record<string, RateLimitRule>> = {
  'GET /api/v5/public/time': { limit: 10, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/public/instruments': { limit: 20, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/market/books': { limit: 40, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/market/ticker': { limit: 20, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/market/tickers': { limit: 20, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/market/trades': { limit: 100, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/account/balance': { limit: 10, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/account/config': { limit: 5, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/asset/currencies': { limit: 6, windowMs: 1_000, perInstrument: false },
  'POST /api/v5/trade/order': { limit: 60, windowMs: 2_000, perInstrument: true },
  'POST /api/v5/trade/batch-orders': { limit: 300, windowMs: 2_000, perInstrument: true },
  'POST /api/v5/trade/cancel-order': { limit: 60, windowMs: 2_000, perInstrument: true },
  'POST /api/v5/trade/cancel-batch-orders': { limit: 300, windowMs: 2_000, perInstrument: true },
  'POST /api/v5/trade/amend-order': { limit: 60, windowMs: 2_000, perInstrument: true },
  'POST /api/v5/trade/amend-batch-orders': { limit: 300, windowMs: 2_000, perInstrument: true },
  'POST /api/v5/trade/order-algo': { limit: 20, windowMs: 2_000, perInstrument: false },
  'POST /api/v5/trade/cancel-algos': { limit: 20, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/trade/order-algo': { limit: 20, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/trade/orders-algo-pending': { limit: 20, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/trade/order': { limit: 60, windowMs: 2_000, perInstrument: true },
  'GET /api/v5/trade/orders-pending': { limit: 60, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/trade/orders-history': { limit: 40, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/trade/fills': { limit: 60, windowMs: 2_000, perInstrument: false },
  'GET /api/v5/trade/fills-history': { limit: 10, windowMs: 2_000, perInstrument: false },
};

export const RATE_LIMITED = { status: 429, code: '50011', msg: 'Rate limit reached. Please refer to API documentation and throttle requests accordingly.' } as const;

/** Sliding-window counters: the simulator refuses with 50011 exactly where OKX would. */
export class SimRateLimits {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly rules: Readonly<Record<string, RateLimitRule>> = RATE_LIMITS) {}

  /** Counts `weight` requests (a batch counts each order) and says whether they fit. */
  admit(route: string, user: string, instIds: readonly string[], now: number, weight = 1): boolean {
    const rule = this.rules[route];
    if (rule === undefined) return true;
    const keys = rule.perInstrument && instIds.length > 0 ? [...new Set(instIds)].map((id) => `${route}|${user}|${id}`) : [`${route}|${user}`];
    for (const key of keys) {
      const recent = (this.hits.get(key) ?? []).filter((at) => at > now - rule.windowMs);
      this.hits.set(key, recent);
      if (recent.length + weight > rule.limit) return false;
    }
    for (const key of keys) {
      const recent = this.hits.get(key) ?? [];
      for (let i = 0; i < weight; i++) recent.push(now);
    }
    return true;
  }
}
