/**
 * The simulator is strict where FXCM is: no answer without TargetSubID, a Logout for a wrong password,
 * "No Account specified" without Account(1), FXCM's ORA-20112 limit rule, a BusinessMessageReject for a
 * message type it does not offer. Driven through a raw FIX session (our session layer as a plain client).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { Decimal } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { createFxcmSimulator, type FxcmSimulator } from '../../../src/simulators/fxcm';
import { fieldOf, fixTimestamp, type FixField, type FixMessage } from '../../../src/venues/fix/codec';
import { FixSession } from '../../../src/venues/fix/session';
import { MemoryFixSessionStore } from '../../../src/venues/fix/store';
import { eventually } from './harness';

describe('FXCM simulator strictness', () => {
  let sim: FxcmSimulator;
  const received: FixMessage[] = [];

  beforeEach(async () => {
    sim = await createFxcmSimulator({ prices: 'scripted' });
    received.length = 0;
  });
  afterEach(async () => {
    await sim.close();
  });

  function session(options: { targetSubId?: string; password?: string; logonTimeoutMs?: number } = {}): FixSession {
    const s = new FixSession(
      { host: sim.host, port: sim.port, beginString: 'FIX.4.4', senderCompId: 'strict_client1', targetCompId: 'FXCM', heartbeatSeconds: 30, resetOnLogon: true, logonTimeoutMs: options.logonTimeoutMs ?? 10_000, ...(options.targetSubId === undefined ? {} : { targetSubId: options.targetSubId }) },
      { clock: new SystemClock(), logger: silentLogger(), store: new MemoryFixSessionStore(), logonFields: () => [[553, sim.login.username], [554, options.password ?? sim.login.password]] },
    );
    s.onMessage((m) => received.push(m));
    return s;
  }

  const order = (extra: FixField[]): FixField[] => [[11, `c-${received.length}-${Date.now()}`], [38, '10000'], [40, '2'], [54, '1'], [55, 'EUR/USD'], [59, '1'], [60, fixTimestamp(Date.now())], ...extra];

  it('answers nothing to a Logon without TargetSubID (FXCM requires it on every message)', async () => {
    await expect(session({ logonTimeoutMs: 1500 }).connect()).rejects.toThrow(/no Logon answer|closed/);
  });

  it('logs out a Logon with a wrong password, saying why', async () => {
    await expect(session({ targetSubId: 'U100D1', password: 'wrong' }).connect()).rejects.toThrow(/incorrect user name or password/);
  });

  it('rejects a NewOrderSingle without Account(1) with FXCM\'s "No Account specified"', async () => {
    const s = session({ targetSubId: 'U100D1' });
    await s.connect();
    s.send('D', order([]));
    const report = await eventually('the reject', () => received.find((m) => m.msgType === '8'));
    expect([fieldOf(report, 39), fieldOf(report, 150), fieldOf(report, 58)]).toEqual(['8', '8', 'No Account specified']);
    await s.logout();
  });

  it('rejects a resting buy limit above the ask with ORA-20112, and an order off the lot with OrdRejReason 13', async () => {
    const s = session({ targetSubId: 'U100D1' });
    await s.connect();
    const account = sim.login.accounts[0]?.id ?? '';
    const { ask } = sim.market.quote('EUR/USD');
    s.send('D', order([[1, account], [44, ask.add(Decimal.parse('0.00100')).toString()]]));
    s.send('D', [[1, account], ...order([[44, '1.00000']]).map(([t, v]): FixField => [t, t === 38 ? '1500' : v])]);
    await eventually('two rejects', () => (received.filter((m) => m.msgType === '8').length === 2 ? true : undefined));
    const [limit, lot] = received.filter((m) => m.msgType === '8');
    expect(fieldOf(limit as FixMessage, 58)).toContain('ORA-20112');
    expect(fieldOf(lot as FixMessage, 103)).toBe('13');
    await s.logout();
  });

  it('answers a message type it does not offer with a BusinessMessageReject (380=3)', async () => {
    const s = session({ targetSubId: 'U100D1' });
    await s.connect();
    s.send('R', [[131, 'quote-1']]);
    const reject = await eventually('BusinessMessageReject', () => received.find((m) => m.msgType === 'j'));
    expect([fieldOf(reject, 372), fieldOf(reject, 380)]).toEqual(['R', '3']);
    await s.logout();
  });
});
