/**
 * The session behaviours of QuickFIX's FIX 4.4 acceptance scripts (test/definitions/server/fix44 in the
 * QuickFIX source), run against our session layer over real loopback TCP. Numbers in the test names are the
 * scripts': 2b MsgSeqNum too high, 2c too low, 2e PossDup already received, 3b/3c garbled, 10 gap fill,
 * 11a-c SequenceReset-Reset, 20 simultaneous resend.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { encodeFix, fieldOf, fixTimestamp, type FixMessage } from '../../../src/venues/fix/codec';
import { FixSession, type FixSessionConfig } from '../../../src/venues/fix/session';
import { MemoryFixSessionStore } from '../../../src/venues/fix/store';
import { ScriptedCounterparty } from './counterparty';

describe('FIX 4.4 session layer against QuickFIX acceptance behaviours', () => {
  let peer: ScriptedCounterparty;
  let store: MemoryFixSessionStore;
  let session: FixSession;
  const app: FixMessage[] = [];
  const states: string[] = [];

  function config(port: number, extra: Partial<FixSessionConfig> = {}): FixSessionConfig {
    return { host: '127.0.0.1', port, beginString: 'FIX.4.4', senderCompId: 'CLIENT', targetCompId: 'FXCM', targetSubId: 'U100D1', heartbeatSeconds: 30, resetOnLogon: false, logonTimeoutMs: 10_000, ...extra };
  }

  async function logOn(extra: Partial<FixSessionConfig> = {}): Promise<void> {
    session = new FixSession(config(peer.port, extra), { clock: new SystemClock(), logger: silentLogger(), store, logonFields: () => [[553, 'user'], [554, 'secret']] });
    session.onMessage((m) => app.push(m));
    session.onState((s) => states.push(s));
    const connected = session.connect();
    await peer.acceptLogon();
    await connected;
  }

  const count = (type: string) => peer.received.filter((m) => m.msgType === type).length;

  beforeEach(async () => {
    peer = new ScriptedCounterparty();
    await peer.listen();
    store = new MemoryFixSessionStore();
    app.length = 0;
    states.length = 0;
  });
  afterEach(async () => {
    await peer.close();
  });

  it('1a: logs on with Username/Password and TargetSubID, and both sides count from 1', async () => {
    await logOn();
    const logon = peer.received[0] as FixMessage;
    expect([fieldOf(logon, 34), fieldOf(logon, 57), fieldOf(logon, 553), fieldOf(logon, 108)]).toEqual(['1', 'U100D1', 'user', '30']);
    expect(session.state).toBe('logged-on');
    expect(store.nextTargetSeqNum).toBe(2);
    expect(store.nextSenderSeqNum).toBe(2);
  });

  it('2b: a MsgSeqNum too high gets a ResendRequest from the expected number, and the message waits for the gap', async () => {
    await logOn();
    peer.send('8', [[37, 'ahead']], { seq: 5 });
    const resend = await peer.next('ResendRequest', (m) => m.msgType === '2');
    expect([fieldOf(resend, 7), fieldOf(resend, 16)]).toEqual(['2', '0']);
    expect(app).toHaveLength(0);
    // 10: the gap is filled (admin messages as a GapFill, the app messages resent) and the queued one is applied after.
    peer.send('4', [[123, 'Y'], [36, '3']], { seq: 2, possDup: true, origSendingTime: Date.now() });
    peer.send('8', [[37, 'three']], { seq: 3, possDup: true, origSendingTime: Date.now() });
    peer.send('8', [[37, 'four']], { seq: 4, possDup: true, origSendingTime: Date.now() });
    await waitUntil(() => app.length === 3);
    expect(app.map((m) => fieldOf(m, 37))).toEqual(['three', 'four', 'ahead']);
    expect(store.nextTargetSeqNum).toBe(6);
    expect(count('2')).toBe(1);
  });

  it('2c: a MsgSeqNum too low without PossDupFlag gets a Logout naming both numbers, then the line is closed', async () => {
    await logOn();
    peer.send('0', [], { seq: 2 });
    await waitUntil(() => store.nextTargetSeqNum === 3);
    peer.send('0', [], { seq: 2 });
    const logout = await peer.next('Logout', (m) => m.msgType === '5');
    expect(fieldOf(logout, 58)).toBe('MsgSeqNum too low, expecting 3 but received 2');
    await waitUntil(() => session.state === 'disconnected');
  });

  it('2e: a PossDup message already received is ignored; one whose OrigSendingTime is after SendingTime is rejected and logged out', async () => {
    await logOn();
    peer.send('8', [[37, 'first']]);
    await waitUntil(() => app.length === 1);
    peer.send('8', [[37, 'first']], { seq: 2, possDup: true, origSendingTime: Date.now() - 1000 });
    peer.send('1', [[112, 'probe']]);
    await peer.next('Heartbeat for the probe', (m) => m.msgType === '0' && fieldOf(m, 112) === 'probe');
    expect(app).toHaveLength(1);
    expect(session.counters.possDupIgnored).toBe(1);
    peer.send('8', [[37, 'first']], { seq: 2, possDup: true, origSendingTime: Date.now() + 60_000 });
    const reject = await peer.next('Reject', (m) => m.msgType === '3');
    expect(fieldOf(reject, 373)).toBe('10');
    await peer.next('Logout', (m) => m.msgType === '5');
  });

  it('3b/3c: a message with a bad CheckSum or BodyLength is dropped without consuming its number', async () => {
    await logOn();
    const good = encodeFix('FIX.4.4', [[35, '8'], [49, 'FXCM'], [56, 'CLIENT'], [34, '2'], [52, fixTimestamp(Date.now())], [37, 'kept']]);
    peer.sendRaw(`${good.slice(0, -4)}000\x01`);
    // eslint-disable-next-line no-control-regex -- SOH (\x01) is the FIX field separator
    peer.sendRaw(good.replace(/\x019=\d+\x01/, '\x019=7\x01'));
    peer.sendRaw(good);
    await waitUntil(() => app.length === 1);
    expect(fieldOf(app[0] as FixMessage, 37)).toBe('kept');
    expect(session.counters.garbled).toBe(2);
    expect(count('2')).toBe(0);
  });

  it('11a/11b: SequenceReset-Reset moves the expected number up whatever its own MsgSeqNum', async () => {
    await logOn();
    peer.send('4', [[36, '20']], { seq: 99 });
    peer.send('8', [[37, 'after reset']], { seq: 20 });
    await waitUntil(() => app.length === 1);
    expect(store.nextTargetSeqNum).toBe(21);
    expect(count('2')).toBe(0);
  });

  it('11c: SequenceReset-Reset to a lower number is rejected and the expected number stays', async () => {
    await logOn();
    peer.send('0', []);
    peer.send('0', []);
    await waitUntil(() => store.nextTargetSeqNum === 4);
    peer.send('4', [[36, '2']], { seq: 4 });
    const reject = await peer.next('Reject', (m) => m.msgType === '3');
    expect(fieldOf(reject, 373)).toBe('5');
    expect(store.nextTargetSeqNum).toBe(4);
  });

  it('answers a ResendRequest: a GapFill over admin messages, application messages again with PossDupFlag and OrigSendingTime', async () => {
    await logOn();
    session.send('D', [[11, 'order-1']]);
    session.send('D', [[11, 'order-2']]);
    await peer.next('the second order', (m) => m.msgType === 'D' && fieldOf(m, 11) === 'order-2');
    const from = peer.received.length;
    peer.send('2', [[7, '1'], [16, '0']]);
    await peer.next('the second resent order', (m) => m.msgType === 'D' && fieldOf(m, 11) === 'order-2' && fieldOf(m, 43) === 'Y', from);
    const answers = peer.received.slice(from);
    expect(answers.map((m) => `${m.msgType}:${fieldOf(m, 34) ?? ''}`)).toEqual(['4:1', 'D:2', 'D:3']);
    expect([fieldOf(answers[0] as FixMessage, 123), fieldOf(answers[0] as FixMessage, 36)]).toEqual(['Y', '2']);
    expect(fieldOf(answers[1] as FixMessage, 122)).toBe(fieldOf(peer.received[1] as FixMessage, 52));
    expect(store.nextSenderSeqNum).toBe(4);
  });

  it('20: a ResendRequest that itself arrives with a number too high is answered, and our own ResendRequest goes out', async () => {
    await logOn();
    session.send('D', [[11, 'order-1']]);
    await peer.next('the order', (m) => m.msgType === 'D');
    const from = peer.received.length;
    peer.send('2', [[7, '2'], [16, '0']], { seq: 5 });
    await peer.next('the resent order', (m) => m.msgType === 'D' && fieldOf(m, 43) === 'Y', from);
    const ours = await peer.next('our ResendRequest', (m) => m.msgType === '2', from);
    expect([fieldOf(ours, 7), fieldOf(ours, 16)]).toEqual(['2', '0']);
    peer.send('4', [[123, 'Y'], [36, '5']], { seq: 2, possDup: true, origSendingTime: Date.now() });
    await waitUntil(() => store.nextTargetSeqNum === 6);
    // The queued ResendRequest (5) is not answered a second time.
    expect(peer.received.filter((m) => m.msgType === 'D' && fieldOf(m, 43) === 'Y')).toHaveLength(1);
  });

  it('answers a TestRequest with its TestReqID, and a Logout with a Logout before closing', async () => {
    await logOn();
    peer.send('1', [[112, 'T-1']]);
    await peer.next('Heartbeat', (m) => m.msgType === '0' && fieldOf(m, 112) === 'T-1');
    peer.send('5', [[58, 'bye']]);
    await peer.next('Logout answer', (m) => m.msgType === '5');
    await waitUntil(() => session.state === 'disconnected');
    expect(states).toContain('disconnected');
  });

  it('logs out on request and waits for the counterparty Logout', async () => {
    await logOn();
    const done = session.logout('done for today');
    const logout = await peer.next('Logout', (m) => m.msgType === '5');
    expect(fieldOf(logout, 58)).toBe('done for today');
    peer.send('5', []);
    peer.drop();
    await done;
    expect(session.state).toBe('disconnected');
  });

  it('weekly session reset: the first Logon after the weekly close resets both numbers (141=Y); one before it keeps them', async () => {
    const weeklyReset = { dayOfWeek: 5, minuteUtc: 21 * 60 };
    store.setNextSenderSeqNum(40);
    store.setNextTargetSeqNum(50);
    await logOn({ weeklyReset });
    const logon = peer.received[0] as FixMessage;
    expect([fieldOf(logon, 34), fieldOf(logon, 141)]).toEqual(['1', 'Y']);
    expect(store.resetAt).toBeGreaterThan(0);
    peer.drop();
    await waitUntil(() => session.state === 'disconnected');
    store.setNextSenderSeqNum(7);
    const from = peer.received.length;
    const again = new FixSession(config(peer.port, { weeklyReset }), { clock: new SystemClock(), logger: silentLogger(), store });
    const connected = again.connect();
    const second = await peer.next('second Logon', (m) => m.msgType === 'A', from);
    expect([fieldOf(second, 34), fieldOf(second, 141)]).toEqual(['7', undefined]);
    peer.send('A', [[98, '0'], [108, '30']], { seq: store.nextTargetSeqNum });
    await connected;
    const done = again.logout();
    await peer.next('Logout', (m) => m.msgType === '5', from);
    peer.drop();
    await done;
  });

  it('refuses to send application messages before Logon', () => {
    const idle = new FixSession(config(peer.port), { clock: new SystemClock(), logger: silentLogger(), store });
    expect(() => idle.send('D', [])).toThrow(/disconnected/);
  });

  it('sends a TestRequest when the counterparty is silent past HeartBtInt, and drops the line when it stays silent', async () => {
    await logOn({ heartbeatSeconds: 1 });
    await peer.next('TestRequest', (m) => m.msgType === '1', 0, 15_000);
    await waitUntil(() => session.state === 'disconnected', 15_000);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
