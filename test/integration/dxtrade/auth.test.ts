import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

import { TmtError } from '../../../src/core';
import { createDxtradeSimulator, type DxtradeSimulator } from '../../../src/simulators/dxtrade';
import { adapterFor, eventually, GENEROUS_LIMITS, startPair, type DxtradePair } from './harness';

describe('DXtrade session: POST /login, Authorization: DXAPI <token>, renewal before the timeout', () => {
  const open: (DxtradePair | DxtradeSimulator)[] = [];
  afterEach(async () => {
    for (const item of open.splice(0)) await ('client' in item ? item.close() : item.close());
  });

  it('logs in once, sends the token on every request, and keeps the session alive with POST /ping while idle', async () => {
    const pair = await startPair({ sim: { sessionTimeoutMs: 1200 } });
    open.push(pair);
    const session = pair.client.rest.session;
    expect(session.logins).toBe(1);
    expect(session.timeout).toBe(1000); // the simulator answers "00:00:01": whole seconds
    // Idle for three timeouts: only the pings keep the token valid.
    await eventually('three pings', () => (session.pings >= 3 ? true : undefined), 15_000);
    const token = session.peek() as string;
    expect(pair.sim.sessions.alive(token)).toBe(true);
    expect((await pair.client.openOrders(pair.accountId)).length).toBe(0);
    expect(session.logins).toBe(1);
    expect(pair.sim.requests.get('POST /dxsca-web/ping')).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it('logs in again after a 401 (the operations team ended every session) and the request goes through', async () => {
    const pair = await startPair();
    open.push(pair);
    pair.sim.sessions.expireAll();
    const orders = await pair.client.openOrders(pair.accountId);
    expect(orders).toEqual([]);
    expect(pair.client.rest.session.logins).toBe(2);
  });

  it('refuses a wrong password with VENUE_AUTHENTICATION naming the user, never the password', async () => {
    const sim = await createDxtradeSimulator({ prices: 'scripted', rateLimits: GENEROUS_LIMITS });
    open.push(sim);
    const client = adapterFor(sim, {}, 0, 'not-the-password');
    const error = await client.connect().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TmtError);
    expect((error as TmtError).code).toBe('VENUE_AUTHENTICATION');
    expect((error as TmtError).message).toContain('sim-trader@default');
    expect((error as TmtError).message).toContain('Incorrect username or password');
    expect((error as TmtError).message).not.toContain('not-the-password');
    await client.disconnect();
  });

  it('refuses an account the user does not have', async () => {
    const sim = await createDxtradeSimulator({ prices: 'scripted', rateLimits: GENEROUS_LIMITS });
    open.push(sim);
    const client = adapterFor(sim, { accountIds: ['default:9999'] });
    await expect(client.connect()).rejects.toMatchObject({ code: 'VENUE_AUTHENTICATION', field: 'accountIds' });
    await client.disconnect();
  });

  it('answers 401 without a token and with a made-up one; the credentials print redacted', async () => {
    const sim = await createDxtradeSimulator({ prices: 'scripted', rateLimits: GENEROUS_LIMITS });
    open.push(sim);
    const none = await fetch(`${sim.url}/accounts/default%3A1001/orders`);
    expect(none.status).toBe(401);
    const madeUp = await fetch(`${sim.url}/accounts/default%3A1001/orders`, { headers: { authorization: 'DXAPI made-up' } });
    expect(madeUp.status).toBe(401);
    expect(await madeUp.json()).toMatchObject({ errorCode: '1' });
    const { DxtradeCredentials } = await import('../../../src/venues/dxtrade/credentials');
    const credentials = new DxtradeCredentials('u', 'default', 'secret-pw');
    expect(JSON.stringify(credentials)).not.toContain('secret-pw');
    expect(inspect(credentials)).not.toContain('secret-pw');
  });
});
