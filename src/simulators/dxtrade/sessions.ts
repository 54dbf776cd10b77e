import { randomBytes } from 'node:crypto';

import type { Clock } from '../../core/clock';

/**
 * Session tokens of POST /login (sent back as `Authorization: DXAPI <token>`). A token expires when its
 * timeout passes since the client's last request (the spec: "a pre-configured timeout passes since last request
 * from the client"); POST /ping and every other request push the expiry forward; POST /logout ends it.
 */
export class Sessions {
  private readonly tokens = new Map<string, { readonly username: string; expiresAt: number }>();

  constructor(private readonly clock: Clock, private timeoutMs: number) {}

  get timeout(): number {
    return this.timeoutMs;
  }

  setTimeoutMs(ms: number): void {
    this.timeoutMs = ms;
  }

  open(username: string): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { username, expiresAt: this.clock.now() + this.timeoutMs });
    return token;
  }

  /** The user of a live token (its expiry pushed forward), or undefined for an unknown or expired one. */
  touch(token: string): string | undefined {
    const session = this.tokens.get(token);
    if (session === undefined) return undefined;
    const now = this.clock.now();
    if (now >= session.expiresAt) {
      this.tokens.delete(token);
      return undefined;
    }
    session.expiresAt = now + this.timeoutMs;
    return session.username;
  }

  /** Whether a token is live, without pushing its expiry (push messages do not keep a REST session alive). */
  alive(token: string): boolean {
    const session = this.tokens.get(token);
    return session !== undefined && this.clock.now() < session.expiresAt;
  }

  close(token: string): void {
    this.tokens.delete(token);
  }

  /** Fault hook: every token expires at once (the operations team forced a logout). */
  expireAll(): void {
    this.tokens.clear();
  }

  /** The spec's "HH:MM:SS" form of the session timeout in the login answer. */
  timeoutText(): string {
    const seconds = Math.floor(this.timeoutMs / 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
  }
}

/** Requests per second, by kind: the REST spec's three limits (login per IP, data and trading per session). */
export interface DxRateLimits {
  readonly loginPerSecond: number;
  readonly dataPerSecond: number;
  readonly tradingPerSecond: number;
}

/** The spec's defaults: login 1/s per IP, 'get data' 2/s and trading 1/s per session. */
export const DOCUMENTED_RATE_LIMITS: DxRateLimits = { loginPerSecond: 1, dataPerSecond: 2, tradingPerSecond: 1 };

/** A sliding one-second window per key; over the limit, the request gets 429 Too Many Requests. */
export class RateLimiter {
  private readonly windows = new Map<string, number[]>();
  /** Requests answered 429 so far. */
  refusals = 0;

  constructor(private limits: DxRateLimits) {}

  setLimits(limits: DxRateLimits): void {
    this.limits = limits;
  }

  allow(kind: keyof DxRateLimits, key: string): boolean {
    const limit = this.limits[kind];
    if (!Number.isFinite(limit)) return true;
    // Wall time, not the simulator's offset clock: a test jumping the venue's clock forward must not refill the window.
    const now = Date.now();
    const id = `${kind}|${key}`;
    const recent = (this.windows.get(id) ?? []).filter((t) => now - t < 1000);
    if (recent.length >= limit) {
      this.windows.set(id, recent);
      this.refusals += 1;
      return false;
    }
    recent.push(now);
    this.windows.set(id, recent);
    return true;
  }
}
