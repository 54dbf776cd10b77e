import type { Clock } from '../../../core/clock';
import { TmtError } from '../../../core/errors';
import type { Logger } from '../../../shared/logger';
import type { TradeLockerCredentials } from '../credentials';
import type { TradeLockerTransport } from './transport';

interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** `exp` of the access token, ms since the epoch (from the JWT's payload). */
  readonly expiresAt: number;
  /** How long before `exp` it is renewed: refreshBeforeMs, or half its life when that is shorter. */
  readonly renewAheadMs: number;
}

/**
 * The JWT session: POST /auth/jwt/token with the login, then POST /auth/jwt/refresh before the access token
 * expires (`refreshBeforeMs` ahead, as the official client refreshes within 30 minutes of `exp`); a refused
 * refresh falls back to a new login. Concurrent callers share one renewal. Tokens never leave this object
 * except as the Authorization header value.
 */
export class TradeLockerSession {
  private tokens: Tokens | undefined;
  private renewal: Promise<Tokens> | undefined;
  /** Logins and refreshes done (tests read them). */
  logins = 0;
  refreshes = 0;

  constructor(
    private readonly transport: TradeLockerTransport,
    private readonly credentials: TradeLockerCredentials,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly refreshBeforeMs: number,
  ) {}

  /** `Bearer <accessToken>`, renewed first when it is close to expiry. */
  async authorization(): Promise<string> {
    const tokens = this.tokens;
    if (tokens !== undefined && tokens.expiresAt - this.clock.now() > tokens.renewAheadMs) return `Bearer ${tokens.accessToken}`;
    return `Bearer ${(await this.renew()).accessToken}`;
  }

  /** After a 401: the access token is no good whatever its `exp` says (the venue's clock decides). */
  invalidate(): void {
    if (this.tokens !== undefined) this.tokens = { ...this.tokens, expiresAt: 0 };
  }

  private renew(): Promise<Tokens> {
    this.renewal ??= this.renewOnce().finally(() => {
      this.renewal = undefined;
    });
    return this.renewal;
  }

  private async renewOnce(): Promise<Tokens> {
    const refreshToken = this.tokens?.refreshToken;
    if (refreshToken !== undefined) {
      const refreshed = await this.transport.send({ method: 'POST', path: '/auth/jwt/refresh', body: { refreshToken } });
      if (refreshed.status === 200 || refreshed.status === 201) {
        this.refreshes++;
        return this.keep(refreshed.body);
      }
      this.logger.info({ status: refreshed.status }, 'tradelocker refresh refused; logging in again');
    }
    const login = await this.transport.send({ method: 'POST', path: '/auth/jwt/token', body: this.credentials.loginBody() });
    if (login.status !== 200 && login.status !== 201) {
      const errmsg = (login.body as { errmsg?: unknown }).errmsg;
      throw new TmtError('VENUE_AUTHENTICATION', `TradeLocker refused the login for ${this.credentials.email} on ${this.credentials.server}: ${login.status} ${typeof errmsg === 'string' ? errmsg : ''}`.trim(), {
        details: { status: String(login.status) },
      });
    }
    this.logins++;
    return this.keep(login.body);
  }

  private keep(body: unknown): Tokens {
    const { accessToken, refreshToken } = body as { accessToken?: unknown; refreshToken?: unknown };
    if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') {
      throw new TmtError('VENUE_PROTOCOL', 'TradeLocker token answer without accessToken and refreshToken strings');
    }
    const expiresAt = expiryOf(accessToken);
    // A token that lives less than twice the margin would be renewed on every call: renew it at half-life.
    const renewAheadMs = Math.min(this.refreshBeforeMs, Math.max(0, (expiresAt - this.clock.now()) / 2));
    this.tokens = { accessToken, refreshToken, expiresAt, renewAheadMs };
    return this.tokens;
  }
}

/** The JWT's `exp` (seconds) in ms; the signature is the venue's business, the time is ours to plan with. */
export function expiryOf(token: string): number {
  const payload = token.split('.')[1];
  if (payload === undefined) throw new TmtError('VENUE_PROTOCOL', 'TradeLocker access token is not a JWT (expected three dot-separated parts)');
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    if (typeof exp === 'number' && Number.isFinite(exp)) return exp * 1000;
  } catch {
    // fall through to the error below
  }
  throw new TmtError('VENUE_PROTOCOL', 'TradeLocker access token has no numeric exp claim');
}
