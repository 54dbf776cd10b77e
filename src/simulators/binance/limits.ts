import type { RateLimitRule } from './symbols';
import type { WireError } from './auth';

const UNIT_MS = { SECOND: 1_000, MINUTE: 60_000, DAY: 86_400_000 } as const;
const LETTER = { SECOND: 's', MINUTE: 'm', DAY: 'd' } as const;
/** How long an IP is banned for ignoring a Retry-After (rest-api.md: bans scale from 2 minutes to 3 days). */
const FIRST_BAN_MS = 120_000;

interface Counter {
  readonly rule: RateLimitRule;
  readonly intervalMs: number;
  readonly header: string;
  start: number;
  used: number;
}

export interface LimitVerdict {
  readonly headers: Record<string, string>;
  readonly error?: WireError & { readonly retryAfterSeconds: number };
}

/**
 * Request weight, raw request and order counters on fixed windows aligned to the epoch, as Binance counts
 * them; 429 with Retry-After past a limit, 418 for a client that sends inside a Retry-After window. Every
 * arrival time is recorded so tests can check that a client honoured Retry-After.
 */
export class SimRateLimits {
  private readonly counters: Counter[];
  private retryAfterUntil = 0;
  private bannedUntil = 0;
  private injected: number | undefined;
  readonly arrivals: number[] = [];
  readonly rejections: { at: number; status: number }[] = [];

  constructor(rules: readonly RateLimitRule[]) {
    this.counters = rules.map((rule) => ({
      rule,
      intervalMs: UNIT_MS[rule.interval] * rule.intervalNum,
      header:
        rule.rateLimitType === 'ORDERS'
          ? `x-mbx-order-count-${rule.intervalNum}${LETTER[rule.interval]}`
          : rule.rateLimitType === 'REQUEST_WEIGHT'
            ? `x-mbx-used-weight-${rule.intervalNum}${LETTER[rule.interval]}`
            : '',
      start: 0,
      used: 0,
    }));
  }

  /** Bans the client now, as after ignored 429s (fault injection). */
  ban(now: number, seconds: number): void {
    this.bannedUntil = now + seconds * 1000;
  }

  /** The next request is answered 429 with this Retry-After (fault injection). */
  inject429(retryAfterSeconds: number): void {
    this.injected = retryAfterSeconds;
  }

  /** The WebSocket API's `rateLimits` array: every limit with its current count. */
  counts(now: number): { rateLimitType: string; interval: string; intervalNum: number; limit: number; count: number }[] {
    return this.counters.map((counter) => {
      const current = Math.floor(now / counter.intervalMs) * counter.intervalMs === counter.start;
      return { ...counter.rule, count: current ? counter.used : 0 };
    });
  }

  /** Counts one request and says whether it may proceed. */
  admit(now: number, weight: number, orders: number): LimitVerdict {
    this.arrivals.push(now);
    if (now < this.bannedUntil) return this.reject(now, 418, Math.ceil((this.bannedUntil - now) / 1000), -1003, `Way too much request weight used; IP banned until ${this.bannedUntil}. Please use WebSocket Streams for live updates to avoid bans.`);
    if (now < this.retryAfterUntil) {
      // Sent inside a Retry-After window: Binance escalates to a ban.
      this.bannedUntil = now + FIRST_BAN_MS;
      return this.reject(now, 418, FIRST_BAN_MS / 1000, -1003, `Way too much request weight used; IP banned until ${this.bannedUntil}. Please use WebSocket Streams for live updates to avoid bans.`);
    }
    const headers: Record<string, string> = {};
    let error: LimitVerdict['error'];
    for (const counter of this.counters) {
      const start = Math.floor(now / counter.intervalMs) * counter.intervalMs;
      if (start !== counter.start) {
        counter.start = start;
        counter.used = 0;
      }
      const cost = counter.rule.rateLimitType === 'ORDERS' ? orders : counter.rule.rateLimitType === 'RAW_REQUESTS' ? 1 : weight;
      counter.used += cost;
      if (counter.header !== '' && (counter.rule.rateLimitType !== 'ORDERS' || orders > 0)) headers[counter.header] = String(counter.used);
      if (error === undefined && cost > 0 && counter.used > counter.rule.limit) {
        const retry = Math.max(1, Math.ceil((start + counter.intervalMs - now) / 1000));
        error =
          counter.rule.rateLimitType === 'ORDERS'
            ? { status: 429, code: -1015, msg: `Too many new orders; current limit is ${counter.rule.limit} orders per ${counter.rule.intervalNum} ${counter.rule.interval}.`, retryAfterSeconds: retry }
            : { status: 429, code: -1003, msg: `Too much request weight used; current limit is ${counter.rule.limit} request weight per ${counter.rule.intervalNum} ${counter.rule.interval}. Please use WebSocket Streams for live updates to avoid polling the API.`, retryAfterSeconds: retry };
      }
    }
    if (error === undefined && this.injected !== undefined) {
      error = { status: 429, code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.', retryAfterSeconds: this.injected };
      this.injected = undefined;
    }
    if (error !== undefined) {
      this.retryAfterUntil = now + error.retryAfterSeconds * 1000;
      this.rejections.push({ at: now, status: error.status });
      return { headers: { ...headers, 'retry-after': String(error.retryAfterSeconds) }, error };
    }
    return { headers };
  }

  private reject(now: number, status: number, retryAfterSeconds: number, code: number, msg: string): LimitVerdict {
    this.rejections.push({ at: now, status });
    return { headers: { 'retry-after': String(retryAfterSeconds) }, error: { status, code, msg, retryAfterSeconds } };
  }
}
