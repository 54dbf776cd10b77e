import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';

/** `venue: okx, environment: simulator`: the service starts the OKX simulator itself and trades through the adapter. */
describe('an okx account on the embedded simulator', () => {
  let directory: string;
  let service: StartedService;
  let client: ApiClient;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'tmt-okx-embedded-'));
    writeFileSync(
      join(directory, 'tmt.yaml'),
      `accounts:
  - id: okx-sim
    venue: okx
    environment: simulator
    baseCurrency: USDT
    instruments: [BTC-USDT]
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

  it('streams prices and fills a market order through the okx adapter', async () => {
    await expect.poll(async () => (await client.prices()).prices.map((q) => q.instrumentId), { timeout: 30_000 }).toContain('BTC-USDT.OKX');
    const order = await client.submitOrder({ clientOrderId: 'embokx1', accountId: 'okx-sim', instrumentId: 'BTC-USDT.OKX', side: 'buy', type: 'market', quantity: '0.01', timeInForce: 'IOC' });
    expect(order.status).toBe(201);
    await expect.poll(async () => (await client.order('embokx1')).status, { timeout: 20_000 }).toBe('filled');
  }, 90_000);
});
