import type { CancelTimer, Clock } from '../../../core/clock';
import { TmtError } from '../../../core/errors';
import type { Logger } from '../../../shared/logger';
import type { DxtradeCredentials } from '../credentials';
import { engineCodeOf, venueReasonOf } from '../errors';
import { ErrorSchema, SessionTokenSchema, timeoutMsOf } from '../parse/wire';
import type { DxResponse } from './transport';

/** What the session needs from the transport: an unauthenticated send. */
export type SessionSend = (method: 'POST', path: string, body: unknown, token: string | undefined) => Promise<DxResponse>;

/**
 * The DXtrade session: POST /login gives a token (sent as `Authorization: DXAPI <token>`) that expires when its
 * timeout passes without a request. The session is renewed with POST /ping once `renewAtFraction` of the
 * timeout has passed since the last request, and logged in again after a 401 (the token was revoked, or
 * expired while the process slept). Concurrent callers share one login.
 */
export class DxtradeSession {
  private token: string | undefined;
  private timeoutMs = 30 * 60_000;
  private lastUsedAt = 0;
  private renewal: CancelTimer | undefined;
  private loggingIn: Promise<string> | undefined;
  private closed = false;
  /** Logins and pings done (tests and the request log read them). */
  logins = 0;
  pings = 0;

  constructor(
    private readonly send: SessionSend,
    private readonly credentials: DxtradeCredentials,
    private readonly deps: { readonly clock: Clock; readonly logger: Logger; readonly renewAtFraction: number },
  ) {}

  get username(): string {
    return this.credentials.username;
  }

  /** The current token, logging in first when there is none. */
  async current(): Promise<string> {
    if (this.token !== undefined) return this.token;
    return this.login();
  }

  /** The token without logging in (the push API subscribes with it). */
  peek(): string | undefined {
    return this.token;
  }

  get timeout(): number {
    return this.timeoutMs;
  }

  /** A 401 on `token`: forget it (a newer login may already have replaced it) and log in again. */
  async refresh(rejected: string): Promise<string> {
    if (this.token !== undefined && this.token !== rejected) return this.token;
    this.token = undefined;
    return this.login();
  }

  login(): Promise<string> {
    this.closed = false;
    if (this.loggingIn !== undefined) return this.loggingIn;
    this.loggingIn = (async () => {
      try {
        const answer = await this.send('POST', '/login', this.credentials.loginBody(), undefined);
        if (answer.status !== 200) {
          const error = ErrorSchema.safeParse(answer.body);
          const detail = { status: answer.status, ...(error.success && error.data.errorCode !== undefined ? { errorCode: error.data.errorCode.toString() } : {}), ...(error.success && error.data.description !== undefined ? { description: error.data.description } : {}) };
          const code = answer.status === 429 ? 'VENUE_RATE_LIMITED' : engineCodeOf(detail);
          throw new TmtError(code === 'VENUE_REJECTED' ? 'VENUE_AUTHENTICATION' : code, `DXtrade refused the login of ${this.credentials.username}@${this.credentials.domain}: ${venueReasonOf(detail)}`, { field: 'credentials' });
        }
        const parsed = SessionTokenSchema.safeParse(answer.body);
        if (!parsed.success) throw new TmtError('VENUE_PROTOCOL', `DXtrade login answer unreadable: ${parsed.error.issues[0]?.message ?? ''}`);
        this.token = parsed.data.sessionToken;
        this.timeoutMs = timeoutMsOf(parsed.data.timeout) ?? this.timeoutMs;
        this.logins += 1;
        this.used();
        return this.token;
      } finally {
        this.loggingIn = undefined;
      }
    })();
    return this.loggingIn;
  }

  /** Every authenticated request pushes the venue's expiry forward: the renewal moves with it. */
  used(): void {
    this.lastUsedAt = this.deps.clock.now();
    this.schedule();
  }

  private schedule(): void {
    this.renewal?.();
    if (this.closed || this.token === undefined) return;
    const due = Math.max(1, Math.floor(this.timeoutMs * this.deps.renewAtFraction) - (this.deps.clock.now() - this.lastUsedAt));
    this.renewal = this.deps.clock.setTimeout(due, () => void this.renew());
  }

  /** POST /ping: the session stays alive; a refused ping (expired) logs in again. */
  private async renew(): Promise<void> {
    const token = this.token;
    if (this.closed || token === undefined) return;
    try {
      const answer = await this.send('POST', '/ping', undefined, token);
      if (answer.status === 401) await this.refresh(token);
      else if (answer.status === 200) {
        this.pings += 1;
        const parsed = SessionTokenSchema.safeParse(answer.body);
        if (parsed.success) this.timeoutMs = timeoutMsOf(parsed.data.timeout) ?? this.timeoutMs;
        this.used();
      } else this.schedule();
    } catch (error) {
      this.deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'DXtrade session ping failed; retrying at the next renewal');
      this.schedule();
    }
  }

  async logout(): Promise<void> {
    this.closed = true;
    this.renewal?.();
    const token = this.token;
    this.token = undefined;
    if (token === undefined) return;
    try {
      await this.send('POST', '/logout', undefined, token);
    } catch {
      // Closing: a lost logout only leaves a token that times out by itself.
    }
  }
}
