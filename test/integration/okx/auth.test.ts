import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Clock } from '../../../src/core';
import { SystemClock } from '../../../src/shared/system-clock';
import { startOkxSimulator, type OkxSimulator } from '../../../src/simulators/okx/server';
import { ACCOUNT, startHarness, type Harness } from './harness';

let sim: OkxSimulator | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await sim?.close();
  await harness?.close();
  sim = undefined;
  harness = undefined;
});

async function signedGet(s: OkxSimulator, path: string, change: { passphrase?: string; secret?: string; timestamp?: string; key?: string } = {}) {
  const timestamp = change.timestamp ?? new Date().toISOString();
  const sign = createHmac('sha256', change.secret ?? s.secretKey).update(`${timestamp}GET${path}`).digest('base64');
  const response = await fetch(`${s.url}${path}`, {
    headers: { 'OK-ACCESS-KEY': change.key ?? s.apiKey, 'OK-ACCESS-SIGN': sign, 'OK-ACCESS-TIMESTAMP': timestamp, 'OK-ACCESS-PASSPHRASE': change.passphrase ?? s.passphrase },
  });
  return { status: response.status, body: (await response.json()) as { code: string; msg: string } };
}

describe('okx simulator authentication', () => {
  it('accepts a correct signature and refuses each broken part with OKX codes', async () => {
    sim = await startOkxSimulator({ clock: new SystemClock() });
    const path = '/api/v5/account/balance?ccy=BTC';
    expect((await signedGet(sim, path)).body.code).toBe('0');
    expect((await signedGet(sim, path, { passphrase: 'wrong' })).body).toMatchObject({ code: '50105' });
    expect((await signedGet(sim, path, { secret: 'wrong' })).body).toMatchObject({ code: '50113' });
    expect((await signedGet(sim, path, { key: 'nokey' })).body).toMatchObject({ code: '50111' });
    const old = new Date(Date.now() - 31_000).toISOString();
    expect(await signedGet(sim, path, { timestamp: old })).toMatchObject({ status: 401, body: { code: '50102', msg: 'Timestamp request expired.' } });
    const unsigned = await fetch(`${sim.url}${path}`);
    expect(((await unsigned.json()) as { code: string }).code).toBe('50103');
  });

  it('logs in on the private WebSocket with Unix seconds, and refuses a bad sign with 60007', async () => {
    sim = await startOkxSimulator({ clock: new SystemClock() });
    const s = sim;
    const login = (secret: string) =>
      new Promise<{ event: string; code: string }>((resolve, reject) => {
        const ws = new WebSocket(s.wsPrivateUrl);
        ws.once('error', reject);
        ws.once('open', () => {
          const timestamp = String(Math.floor(Date.now() / 1000));
          const sign = createHmac('sha256', secret).update(`${timestamp}GET/users/self/verify`).digest('base64');
          ws.send(JSON.stringify({ op: 'login', args: [{ apiKey: s.apiKey, passphrase: s.passphrase, timestamp, sign }] }));
        });
        ws.once('message', (data: Buffer) => {
          resolve(JSON.parse(data.toString()) as { event: string; code: string });
          ws.close();
        });
      });
    expect(await login(s.secretKey)).toMatchObject({ event: 'login', code: '0' });
    expect(await login('wrong')).toMatchObject({ event: 'error', code: '60007' });
  });

  it('the adapter re-measures the clock offset after a 50102 and the request goes through', async () => {
    let skewMs = 0;
    const system = new SystemClock();
    const skewed: Clock = { now: () => system.now() + skewMs, monotonicNanos: () => system.monotonicNanos(), setTimeout: (ms, cb) => system.setTimeout(ms, cb) };
    harness = await startHarness({ adapterClock: skewed });
    const offsetBefore = harness.venue.timeSync.offset();
    skewMs = -120_000;
    const account = await harness.venue.client.account(ACCOUNT);
    expect(account.balances.length).toBeGreaterThan(0);
    expect(harness.venue.timeSync.offset() - offsetBefore).toBeGreaterThan(100_000);
  });
});
