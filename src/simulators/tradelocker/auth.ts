import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../core/clock';

/**
 * TradeLocker's auth: POST /auth/jwt/token with email, password and server gives an access token (Bearer on
 * every call) and a refresh token (POST /auth/jwt/refresh). Both are JWTs; the simulator signs them with HS256
 * and a key made at start, checks `exp` against its own clock (tests move it), and lets each refresh token
 * be used once: a refresh returns a new pair and retires the old refresh token.
 */
export interface TlLogin {
  readonly email: string;
  readonly password: string;
  readonly server: string;
}

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** When the access token expires (ISO 8601), as TradeLocker answers it. */
  readonly expireDate: string;
}

export interface TokenLifetimes {
  readonly accessMs: number;
  readonly refreshMs: number;
}

export type Verified = { readonly ok: true; readonly subject: string } | { readonly ok: false; readonly reason: 'missing' | 'invalid' | 'expired' };

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export class TokenAuthority {
  private readonly key = randomBytes(32);
  private readonly usedRefreshTokens = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly lifetimes: TokenLifetimes,
  ) {}

  issue(subject: string): TokenPair {
    const now = this.clock.now();
    const accessExp = now + this.lifetimes.accessMs;
    return {
      accessToken: this.sign({ sub: subject, typ: 'access', iat: Math.floor(now / 1000), exp: Math.floor(accessExp / 1000), jti: randomBytes(8).toString('hex') }),
      refreshToken: this.sign({ sub: subject, typ: 'refresh', iat: Math.floor(now / 1000), exp: Math.floor((now + this.lifetimes.refreshMs) / 1000), jti: randomBytes(8).toString('hex') }),
      expireDate: new Date(accessExp).toISOString(),
    };
  }

  verifyAccess(authorization: string | undefined): Verified {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    if (match === null) return { ok: false, reason: 'missing' };
    return this.verify(match[1] ?? '', 'access');
  }

  /** A refresh token may be spent once. */
  spendRefresh(token: string): Verified {
    const verified = this.verify(token, 'refresh');
    if (!verified.ok) return verified;
    if (this.usedRefreshTokens.has(token)) return { ok: false, reason: 'invalid' };
    this.usedRefreshTokens.add(token);
    return verified;
  }

  private sign(payload: Record<string, unknown>): string {
    const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = base64url(JSON.stringify(payload));
    const signature = createHmac('sha256', this.key).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${signature}`;
  }

  private verify(token: string, type: 'access' | 'refresh'): Verified {
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, reason: 'invalid' };
    const [head = '', body = '', signature = ''] = parts;
    const expected = createHmac('sha256', this.key).update(`${head}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
    let payload: { sub?: unknown; typ?: unknown; exp?: unknown };
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as typeof payload;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (payload.typ !== type || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return { ok: false, reason: 'invalid' };
    if (payload.exp * 1000 <= this.clock.now()) return { ok: false, reason: 'expired' };
    return { ok: true, subject: payload.sub };
  }
}
