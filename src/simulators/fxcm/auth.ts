import { valueOf, type InboundMessage } from '../fix/wire';
import type { FxcmSimLogin } from './accounts';

/**
 * FXCM's Logon rules: Username(553) and Password(554) on the Logon (FXCM also takes them on a UserRequest, BE,
 * which the simulator does not offer). Returns the Logout text of a refused Logon.
 */
export function checkLogon(logon: InboundMessage, login: FxcmSimLogin): string | undefined {
  const username = valueOf(logon, 553);
  const password = valueOf(logon, 554);
  if (username === undefined || password === undefined) return 'Username(553) and Password(554) are required on Logon';
  if (username !== login.username || password !== login.password) return 'Login failed: incorrect user name or password';
  const heartbeat = valueOf(logon, 108);
  if (heartbeat === undefined) return 'HeartBtInt(108) is required on Logon';
  return undefined;
}
