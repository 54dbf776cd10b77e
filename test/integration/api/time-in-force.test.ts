import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { AccountId } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator } from '../../../src/simulators/binance/server';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { binanceTruth } from '../binance/harness';

/**
 * Issue 15 item 10: a time in force the venue cannot work for the order type is refused by the API before the
 * engine sees it, with a code naming the field, and nothing is journaled; one the engine keeps itself (GTD on
 * Binance) passes. Against the Binance wire simulator through the running service.
 */
describe('time in force checked up front against the venue capabilities', () => {
  let sim: BinanceSimulator;
  let service: StartedService;
  let client: ApiClient;
  const directory = mkdtempSync(join(tmpdir(), 'tmt-tif-api-'));

  beforeAll(async () => {
    sim = await startBinanceSimulator({ clock: new SystemClock(), port: 0, seed: 6, walkMs: 0 });
    writeFileSync(
      join(directory, 'tmt.yaml'),
      `accounts:
  - id: binance-tif
    venue: binance
    environment: testnet
    baseCurrency: USDT
    restUrl: ${sim.url}
    streamUrl: ${sim.streamUrl}
    wsApiUrl: ${sim.wsApiUrl}
    credentials: {apiKey: {env: SIM_KEY}, apiSecret: {env: SIM_SECRET}}
    instruments: [BTCUSDT]
api: {port: 0}
`,
    );
    service = await startService(
      { path: join(directory, 'tmt.yaml'), env: { SIM_KEY: sim.apiKey, SIM_SECRET: sim.apiSecret } },
      { logger: silentLogger(), processMetrics: false },
    );
    client = new ApiClient({ baseUrl: service.url, token: service.bootstrapAdminToken as string });
  }, 60_000);
  afterAll(async () => {
    await service.app.close();
    await sim.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const base = { accountId: 'binance-tif', instrumentId: 'BTCUSDT.BINANCE', side: 'buy', quantity: '0.01000' };

  it('a market FOK (Binance markets take no time in force but IOC) is refused naming timeInForce; nothing is stored', async () => {
    const refused = await client.raw('POST', '/api/v1/orders', { ...base, clientOrderId: 'tif-1', type: 'market', timeInForce: 'FOK' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'API_VALIDATION', field: 'timeInForce' });
    expect((refused.body as { message: string }).message).toContain('a market order takes IOC at this venue, found FOK');
    expect((await client.raw('GET', '/api/v1/orders/tif-1')).status).toBe(404);
  });

  it('in a list, the refused field is named orders.N.timeInForce', async () => {
    const average = (await (await fetch(`${sim.url}/api/v3/avgPrice?symbol=BTCUSDT`)).json()) as { price: string };
    const [whole = '0'] = average.price.split('.');
    const refused = await client.raw('POST', '/api/v1/order-lists', {
      contingency: 'OTO',
      orders: [
        { ...base, clientOrderId: 'tif-l1', type: 'limit', price: `${(BigInt(whole) * 9n) / 10n}.00`, timeInForce: 'GTC' },
        { ...base, clientOrderId: 'tif-l2', side: 'sell', type: 'market', timeInForce: 'FOK' },
      ],
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'API_VALIDATION', field: 'orders.1.timeInForce' });
  });

  it('a GTD limit, which the engine keeps for Binance, is accepted and works at the venue as GTC; TMT equals the venue', async () => {
    const average = (await (await fetch(`${sim.url}/api/v3/avgPrice?symbol=BTCUSDT`)).json()) as { price: string };
    const [whole = '0'] = average.price.split('.');
    const response = await client.submitOrder({
      ...base,
      clientOrderId: 'tif-gtd',
      type: 'limit',
      price: `${(BigInt(whole) * 9n) / 10n}.00`,
      timeInForce: 'GTD',
      expireAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    await expect.poll(async () => (await client.order('tif-gtd')).status, { timeout: 20_000 }).toBe('accepted');
    await waitEngineMatchesVenue(service.app.engine, async () => binanceTruth(sim, 'BINANCE'), {
      accountId: AccountId.parse('binance-tif'),
      positions: false,
      balanceScale: 8,
    });
  });
});
