import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';

/**
 * Paper trading through the wire: `environment: simulator` with no restUrl makes the service start the venue's
 * simulator itself, so orders go through the real OANDA and Binance adapters over loopback HTTP and WebSocket.
 */
describe('accounts on embedded venue simulators', () => {
  let directory: string;
  let service: StartedService;
  let client: ApiClient;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'tmt-embedded-'));
    writeFileSync(
      join(directory, 'tmt.yaml'),
      `accounts:
  - id: 101-001-7000001-001
    venue: oanda
    environment: simulator
    startingBalance: "50000"
    instruments: [EUR_USD, GBP_USD]
  - id: binance-sim
    venue: binance
    environment: simulator
    baseCurrency: USDT
    instruments: [BTCUSDT]
api: {port: 0}
store: {dataDir: ${JSON.stringify(directory)}}
`,
    );
    service = await startService({ path: join(directory, 'tmt.yaml'), env: {} }, { logger: silentLogger(), processMetrics: false });
    client = new ApiClient({ baseUrl: service.url, token: service.bootstrapAdminToken as string });
  }, 60_000);

  afterAll(async () => {
    await service.app.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('streams prices from both simulators and fills a market order on each through its adapter', async () => {
    await expect
      .poll(async () => (await client.prices()).prices.map((q) => q.instrumentId), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['EUR_USD.OANDA', 'BTCUSDT.BINANCE']));

    const fx = await client.submitOrder({
      clientOrderId: 'emb-fx-1',
      accountId: '101-001-7000001-001',
      instrumentId: 'EUR_USD.OANDA',
      side: 'buy',
      type: 'market',
      quantity: '1000',
      timeInForce: 'FOK',
    });
    expect(fx.status).toBe(201);
    const crypto = await client.submitOrder({
      clientOrderId: 'emb-btc-1',
      accountId: 'binance-sim',
      instrumentId: 'BTCUSDT.BINANCE',
      side: 'buy',
      type: 'market',
      quantity: '0.01000',
      timeInForce: 'IOC',
    });
    expect(crypto.status).toBe(201);
    await expect.poll(async () => (await client.order('emb-fx-1')).status, { timeout: 20_000 }).toBe('filled');
    await expect.poll(async () => (await client.order('emb-btc-1')).status, { timeout: 20_000 }).toBe('filled');

    const requests = await client.call<{ requests: { venue: string; path: string }[] }>('GET', '/api/v1/venue-requests?limit=500');
    const venues = new Set(requests.requests.map((r) => r.venue));
    expect(venues.has('OANDA')).toBe(true);
    expect(venues.has('BINANCE')).toBe(true);
  }, 90_000);
});
