import { TmtError } from '../../core/errors';
import type { FixField } from '../fix/codec';
import { Tag } from '../fix/tags';

/** FXCM's Username(553) / Password(554), held in a closure so that neither appears in a log line or a JSON dump. */
export interface FxcmCredentials {
  readonly username: string;
  readonly logonFields: () => readonly FixField[];
}

export function fxcmCredentials(username: string, password: string): FxcmCredentials {
  if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(username)) throw new TmtError('VENUE_AUTHENTICATION', 'FXCM username must be 1-64 of [A-Za-z0-9_.@-]', { field: 'username' });
  if (password.length === 0 || password.includes('\x01')) throw new TmtError('VENUE_AUTHENTICATION', 'FXCM password must be non-empty and without SOH', { field: 'password' });
  return { username, logonFields: () => [[Tag.Username, username], [Tag.Password, password]] };
}
