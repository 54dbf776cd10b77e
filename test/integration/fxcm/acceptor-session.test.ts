/**
 * The simulator's own FIX acceptor (src/simulators/fix, written apart from the adapter's session layer): it
 * answers a ResendRequest with a GapFill over its admin messages and its application messages again with
 * PossDupFlag, answers a TestRequest, and logs out a client whose MsgSeqNum goes backwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { createFxcmSimulator, type FxcmSimulator } from '../../../src/simulators/fxcm';
import { FixSession } from '../../../src/venues/fix/session';
import { MemoryFixSessionStore } from '../../../src/venues/fix/store';
import { eventually } from './harness';

describe('FXCM simulator FIX acceptor', () => {
  let sim: FxcmSimulator;
  let store: MemoryFixSessionStore;
  let session: FixSession;
  const types: string[] = [];

  beforeEach(async () => {
    sim = await createFxcmSimulator({ prices: 'scripted' });
    store = new MemoryFixSessionStore();
    types.length = 0;
    session = new FixSession(
      { host: sim.host, port: sim.port, beginString: 'FIX.4.4', senderCompId: 'acceptor_client1', targetCompId: 'FXCM', targetSubId: 'U100D1', heartbeatSeconds: 30, resetOnLogon: true, logonTimeoutMs: 10_000 },
      { clock: new SystemClock(), logger: silentLogger(), store, logonFields: () => [[553, sim.login.username], [554, sim.login.password]] },
    );
    session.onMessage((m) => types.push(m.msgType));
    await session.connect();
  });
  afterEach(async () => {
    await session.logout().catch(() => undefined);
    await sim.close();
  });

  it('resends what it sent: a GapFill over the Logon, the TradingSessionStatus again with PossDupFlag (ignored as already received)', async () => {
    session.send('g', [[335, 'tss-1'], [263, '0']]);
    await eventually('TradingSessionStatus', () => (types.includes('h') ? true : undefined));
    session.send('2', [[7, '1'], [16, '0']]);
    await eventually('both resent messages', () => (session.counters.possDupIgnored === 2 ? true : undefined));
    expect(types.filter((t) => t === 'h')).toHaveLength(1);
    expect(session.state).toBe('logged-on');
  });

  it('logs out a client whose MsgSeqNum goes backwards', async () => {
    session.send('g', [[335, 'tss-2'], [263, '0']]);
    await eventually('TradingSessionStatus', () => (types.includes('h') ? true : undefined));
    store.setNextSenderSeqNum(2);
    session.send('g', [[335, 'tss-3'], [263, '0']]);
    await eventually('the Logout', () => (session.state === 'disconnected' ? true : undefined));
  });
});
