import { readFileSync } from 'node:fs';

import { TmtError } from '../../core/errors';

/** The bearer token, held in a closure so that it never appears in a log line or a JSON dump of the adapter. */
export interface OandaCredentials {
  readonly authorization: () => string;
  /** A fingerprint that identifies the token in logs and rate-limit keys without revealing it. */
  readonly fingerprint: string;
}

export function oandaCredentials(token: string): OandaCredentials {
  if (!/^[A-Za-z0-9-]{8,256}$/.test(token)) {
    throw new TmtError('VENUE_AUTHENTICATION', 'OANDA token must be 8-256 of [A-Za-z0-9-]', { field: 'token' });
  }
  const header = `Bearer ${token}`;
  return { authorization: () => header, fingerprint: `…${token.slice(-4)}` };
}

/**
 * The token from `OANDA_TOKEN` or from a secrets file (`OANDA_TOKEN_FILE` or an explicit path) whose first
 * line is the token: a file keeps it out of the process environment of child processes.
 */
export function loadOandaCredentials(
  options: { readonly token?: string; readonly tokenFile?: string } = {},
  environment: NodeJS.ProcessEnv = process.env,
): OandaCredentials {
  const direct = options.token ?? environment['OANDA_TOKEN'];
  if (direct !== undefined && direct !== '') return oandaCredentials(direct.trim());
  const file = options.tokenFile ?? environment['OANDA_TOKEN_FILE'];
  if (file !== undefined && file !== '') {
    const firstLine = readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '';
    return oandaCredentials(firstLine.trim());
  }
  throw new TmtError('VENUE_AUTHENTICATION', 'no OANDA token: set OANDA_TOKEN, OANDA_TOKEN_FILE or pass one', {
    field: 'token',
  });
}
