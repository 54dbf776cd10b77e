/** The rate-limited route names of GET /trade/config `rateLimits` (as the official Python client lists them). */
export const ROUTE_NAMES = [
  'GET_ACCOUNTS', 'GET_EXECUTIONS', 'GET_INSTRUMENTS', 'GET_ORDERS', 'GET_ORDERS_HISTORY', 'GET_POSITIONS',
  'GET_ACCOUNTS_STATE', 'GET_INSTRUMENT_DETAILS', 'GET_TRADE_SESSIONS', 'GET_SESSION_STATUSES', 'PLACE_ORDER',
  'MODIFY_ORDER', 'MODIFY_POSITION', 'DAILY_BAR', 'QUOTES', 'DEPTH', 'TRADES', 'QUOTES_HISTORY',
] as const;
export type RouteName = (typeof ROUTE_NAMES)[number];

export interface RateLimit {
  readonly rateLimitType: RouteName;
  readonly measure: 'SECONDS' | 'MINUTES';
  readonly intervalNum: number;
  readonly limit: number;
}

/** Generous defaults: enough for an adapter that polls; tests that check limits set their own. */
export function defaultRateLimits(perSecond = 50): RateLimit[] {
  return ROUTE_NAMES.map((rateLimitType) => ({ rateLimitType, measure: 'SECONDS' as const, intervalNum: 1, limit: rateLimitType === 'QUOTES_HISTORY' ? 10 : perSecond }));
}

/** Sliding windows per (user, route): what the config advertises is what the simulator enforces. */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  private readonly byRoute: ReadonlyMap<RouteName, RateLimit>;

  constructor(readonly limits: readonly RateLimit[]) {
    this.byRoute = new Map(limits.map((limit) => [limit.rateLimitType, limit]));
  }

  /** True when the request may pass (and is counted). Uses wall time: windows are about real request rates. */
  admit(subject: string, route: RouteName): boolean {
    const limit = this.byRoute.get(route);
    if (limit === undefined) return true;
    const span = limit.intervalNum * (limit.measure === 'SECONDS' ? 1000 : 60_000);
    const key = `${subject}|${route}`;
    const now = Date.now();
    const times = (this.windows.get(key) ?? []).filter((t) => t > now - span);
    if (times.length >= limit.limit) {
      this.windows.set(key, times);
      return false;
    }
    times.push(now);
    this.windows.set(key, times);
    return true;
  }
}
