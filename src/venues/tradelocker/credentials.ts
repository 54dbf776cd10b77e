import { createHash } from 'node:crypto';
import { TmtError } from '../../core/errors';

/**
 * The login TradeLocker's /auth/jwt/token takes (email, password, server). The password is held in a
 * closure: it never appears in a log line, an error or a JSON dump of the adapter.
 */
export interface TradeLockerCredentials {
  readonly email: string;
  readonly server: string;
  /** The body of POST /auth/jwt/token. */
  readonly loginBody: () => { readonly email: string; readonly password: string; readonly server: string };
  /** Identifies the login in logs and limiter keys without revealing it. */
  readonly fingerprint: string;
}

export function tradeLockerCredentials(input: { readonly email?: string; readonly password?: string; readonly server?: string }): TradeLockerCredentials {
  const { email, password, server } = input;
  if (email === undefined || !/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new TmtError('VENUE_AUTHENTICATION', 'TradeLocker email must be an address such as name@example.com', { field: 'credentials.email' });
  }
  if (password === undefined || password.length === 0 || password.length > 256) {
    throw new TmtError('VENUE_AUTHENTICATION', 'TradeLocker password must be 1-256 characters', { field: 'credentials.password' });
  }
  if (server === undefined || !/^[A-Za-z0-9._ -]{1,64}$/.test(server)) {
    throw new TmtError('VENUE_AUTHENTICATION', 'TradeLocker server must be 1-64 of [A-Za-z0-9._ -] (the server name shown at login)', { field: 'credentials.server' });
  }
  const body = { email, password, server };
  return {
    email,
    server,
    loginBody: () => body,
    fingerprint: createHash('sha256').update(`${email}|${server}`).digest('hex').slice(0, 12),
  };
}
