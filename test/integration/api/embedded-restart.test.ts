import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';

/**
 * Issue 15 item 7, through the whole service: accounts on embedded simulators keep their venue across a
 * restart (state in the data directory), so the restarted service reconciles and becomes ready.
 */
describe('a service on embedded simulators restarts and reconciles', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-embedded-restart-'));
  const config = join(directory, 'tmt.yaml');
  writeFileSync(
    config,
    `accounts:
  - id: 101-001-7000009-001
    venue: oanda
    environment: simulator
    startingBalance: "50000"
    instruments: [EUR_USD]
  - id: binance-restart
    venue: binance
    environment: simulator
    baseCurrency: USDT
    startingBalance: "250000"
    instruments: [BTCUSDT]
api: {port: 0}
store: {dataDir: ${JSON.stringify(directory)}}
`,
  );
  let service: StartedService | undefined;
  afterAll(async () => {
    await service?.app.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const start = async () => {
    const started = await startService({ path: config, env: {} }, { logger: silentLogger(), processMetrics: false });
    const admin = started.app.api.tokens.create({ name: 'restart-test', scope: 'admin', createdBy: 'test' });
    return { started, token: admin.token, client: new ApiClient({ baseUrl: started.url, token: admin.token }) };
  };
  const reconciled = async (client: ApiClient) =>
    (await client.call<{ accounts: { accountId: string; state: string }[] }>('GET', '/api/v1/reconciliation')).accounts.map((a) => a.state);
  const positions = async (client: ApiClient) =>
    (await client.call<{ positions: { accountId: string; instrumentId: string; signedQuantity: string }[] }>('GET', '/api/v1/positions')).positions
      .map((p) => `${p.accountId} ${p.instrumentId} ${p.signedQuantity}`)
      .sort();

  it('finds its orders and positions at the venue after a restart and is ready', async () => {
    const first = await start();
    service = first.started;
    await expect.poll(async () => (await first.client.prices()).prices.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    // The configured starting balance funds the embedded Binance account, not the simulator's default.
    const accounts = await first.client.call<{ accounts: { accountId: string; state: { balances: { currency: string; total: string }[] } }[] }>('GET', '/api/v1/accounts');
    const usdt = accounts.accounts.find((a) => a.accountId === 'binance-restart')?.state.balances.find((b) => b.currency === 'USDT');
    expect(usdt?.total).toMatch(/^250000(\.0+)?$/);
    for (const order of [
      { clientOrderId: 'restart-fx', accountId: '101-001-7000009-001', instrumentId: 'EUR_USD.OANDA', quantity: '1000', timeInForce: 'FOK' },
      { clientOrderId: 'restart-btc', accountId: 'binance-restart', instrumentId: 'BTCUSDT.BINANCE', quantity: '0.01000', timeInForce: 'IOC' },
    ]) {
      const response = await first.client.submitOrder({ ...order, side: 'buy', type: 'market' });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      await expect.poll(async () => (await first.client.order(order.clientOrderId)).status, { timeout: 20_000 }).toBe('filled');
    }
    const held = await positions(first.client);
    expect(held.length).toBeGreaterThanOrEqual(1);
    await first.started.app.close();
    service = undefined;

    const second = await start();
    service = second.started;
    await expect.poll(async () => reconciled(second.client), { timeout: 30_000 }).toEqual(['reconciled', 'reconciled']);
    expect(await positions(second.client)).toEqual(held);
    // Ready once the venues report connected (a bounded wait: the streams reconnect on their own schedule).
    let checks = '';
    await expect
      .poll(async () => {
        const ready = await request(`${second.started.url.replace(/\/$/, '')}/health/ready`, { headers: { authorization: `Bearer ${second.token}` } });
        checks = await ready.body.text();
        return ready.statusCode;
      }, { timeout: 30_000, interval: 200 })
      .toBe(200);
    expect(checks).not.toContain('"ok":false');
  }, 120_000);
});
