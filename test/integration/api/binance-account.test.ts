import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator } from '../../../src/simulators/binance/server';

/** A `venue: binance` account wired by the app's factory, against the Binance simulator on loopback. */
describe('a Binance account through the service', () => {
  let sim: BinanceSimulator;
  let service: StartedService;
  let client: ApiClient;

  beforeAll(async () => {
    sim = await startBinanceSimulator({ clock: new SystemClock(), port: 0, seed: 3, walkMs: 0 });
    const directory = mkdtempSync(join(tmpdir(), 'tmt-binance-app-'));
    writeFileSync(
      join(directory, 'tmt.yaml'),
      `accounts:
  - id: binance-sim
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
  });
  afterAll(async () => {
    await service.app.close();
    await sim.close();
  });

  it('trades: a limit order on BTCUSDT.BINANCE rests, then cancels', async () => {
    const instruments = (await client.instruments()).instruments.map((i) => i.id);
    expect(instruments).toContain('BTCUSDT.BINANCE');
    // A resting buy: below the market but inside the PERCENT_PRICE_BY_SIDE band around Binance's average price.
    const average = (await (await fetch(`${sim.url}/api/v3/avgPrice?symbol=BTCUSDT`)).json()) as { price: string };
    const [whole = '0'] = average.price.split('.');
    const price = `${(BigInt(whole) * 9n) / 10n}.00`;
    const response = await client.submitOrder({
      clientOrderId: 'bn-1',
      accountId: 'binance-sim',
      instrumentId: 'BTCUSDT.BINANCE',
      side: 'buy',
      type: 'limit',
      price,
      quantity: '0.01000',
      timeInForce: 'GTC',
    });
    expect(response.status).toBe(201);
    await expect.poll(async () => (await client.order('bn-1')).status, { timeout: 20_000 }).toBe('accepted');
    await client.cancelOrder('bn-1');
    await expect.poll(async () => (await client.order('bn-1')).status, { timeout: 20_000 }).toBe('canceled');
    const log = await client.call<{ requests: { venue: string }[] }>(
      'GET',
      '/api/v1/venue-requests?venue=BINANCE',
    );
    expect(log.requests.length).toBeGreaterThan(0);
    expect(JSON.stringify(log)).not.toContain(sim.apiSecret);
  });
});
