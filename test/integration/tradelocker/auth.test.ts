/**
 * TradeLocker's JWT session against the simulator: login with email/password/server, the accNum header on
 * account calls, renewal with the refresh token before the access token expires, a new token after the venue
 * says it expired (its clock decides), a refused login named without the password in it.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../../src/shared/logger';
import { createTradeLockerVenue } from '../../../src/venues/tradelocker';
import { eventually, startPair, type TradeLockerPair } from './harness';

describe('TradeLocker auth', () => {
  const pairs: TradeLockerPair[] = [];
  afterEach(async () => {
    for (const pair of pairs.splice(0)) await pair.close();
  });

  it('logs in once, sends accNum on account calls, and renews with the refresh token before expiry', async () => {
    // Access tokens live 4 s here; the adapter renews 2 s before exp, so about every 2 s while it polls.
    const pair = await startPair({ sim: { lifetimes: { accessMs: 4_000 } }, config: { refreshBeforeExpiryMs: 2_000 } });
    pairs.push(pair);
    expect(pair.client.session.logins).toBe(1);
    expect(pair.sim.server.issued).toBe(1);
    await eventually('two refreshes', () => (pair.sim.server.refreshed >= 2 && pair.client.session.refreshes >= 2 ? true : undefined));
    expect(pair.client.session.logins).toBe(1);
    expect(pair.client.session.refreshes).toBeGreaterThanOrEqual(2);
    // Every answer kept flowing: no 401 reached the log.
    expect(pair.requests.filter((r) => r.status === 401)).toEqual([]);
    expect((await pair.client.account(pair.accountId)).balances[0]?.currency).toBe('USD');
  });

  it('gets a new token when the venue answers 401 Token expired, and the call goes through', async () => {
    const pair = await startPair({ sim: { lifetimes: { accessMs: 60_000 } } });
    pairs.push(pair);
    // The venue's clock moves past exp; the adapter's own clock still thinks the token is fresh.
    pair.sim.clock.advance(120_000);
    const account = await pair.client.account(pair.accountId);
    expect(account.accountId).toBe(pair.accountId);
    expect(pair.requests.some((r) => r.status === 401 && r.errmsg === 'Token expired')).toBe(true);
    expect(pair.client.session.refreshes + pair.client.session.logins).toBeGreaterThanOrEqual(2);
  });

  it('falls back to a new login when the refresh token is refused too', async () => {
    const pair = await startPair({ sim: { lifetimes: { accessMs: 60_000, refreshMs: 90_000 } } });
    pairs.push(pair);
    pair.sim.clock.advance(120_000);
    await pair.client.positions(pair.accountId);
    expect(pair.client.session.logins).toBe(2);
  });

  it('refuses a wrong password with VENUE_AUTHENTICATION, naming the login but never the password', async () => {
    const pair = await startPair({ connect: false });
    pairs.push(pair);
    const client = createTradeLockerVenue({
      config: { environment: 'simulator', baseUrl: pair.sim.url, accountIds: [pair.accountId] },
      login: { ...pair.sim.login, password: 'wrong-password-123' },
      logger: silentLogger(),
    });
    const failure = await client.connect().then(() => undefined, (error: unknown) => error as Error & { code?: string });
    expect(failure?.code).toBe('VENUE_AUTHENTICATION');
    expect(failure?.message).toContain(pair.sim.login.email);
    expect(failure?.message).not.toContain('wrong-password-123');
    expect(JSON.stringify(client)).not.toContain('wrong-password-123');
    await client.disconnect();
  });

  it('refuses an account the login does not have, naming accountIds', async () => {
    const pair = await startPair({ connect: false });
    pairs.push(pair);
    const client = createTradeLockerVenue({ config: { environment: 'simulator', baseUrl: pair.sim.url, accountIds: ['999'] }, login: pair.sim.login, logger: silentLogger() });
    await expect(client.connect()).rejects.toMatchObject({ code: 'CONFIG_INVALID', field: 'accountIds' });
    await client.disconnect();
  });

  it('rejects bad credentials input before any request, naming the field', () => {
    expect(() => createTradeLockerVenue({ config: { environment: 'demo', accountIds: ['1'] }, login: { email: 'not-an-email', password: 'x', server: 'S' }, logger: silentLogger() })).toThrow(/email/);
    expect(() => createTradeLockerVenue({ config: { environment: 'simulator', accountIds: ['1'] }, login: { email: 'a@b.c', password: 'x', server: 'S' }, logger: silentLogger() })).toThrow(/baseUrl/);
  });
});
