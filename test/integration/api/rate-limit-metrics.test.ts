import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';

/** The adapter's own rate limiter holding requests back shows in /metrics, not only the venue's 429 answers. */
describe('rate-limit waits in the metrics', () => {
  let directory: string;
  let service: StartedService;
  let client: ApiClient;
  const accountId = '101-001-7000002-001';

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'tmt-ratelimit-'));
    writeFileSync(
      join(directory, 'tmt.yaml'),
      `accounts:
  - id: ${accountId}
    venue: oanda
    environment: simulator
    instruments: [EUR_USD]
    venueOptions: {requestsPerSecond: 3}
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

  const metric = async (name: string): Promise<number> => {
    const response = await fetch(`${service.url}/metrics`, {
      headers: { authorization: `Bearer ${service.bootstrapAdminToken as string}` },
    });
    const line = (await response.text()).split('\n').find((l) => l.startsWith(`${name}{venue="OANDA"}`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  };

  it('a burst beyond 3 requests per second is queued by the adapter, counted with its waiting time, and no 429 arrives', async () => {
    await expect
      .poll(async () => (await client.prices()).prices.length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    const submitted = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.submitOrder({
          clientOrderId: `burst-${i}`,
          accountId,
          instrumentId: 'EUR_USD.OANDA',
          side: 'buy',
          type: 'market',
          quantity: '100',
          timeInForce: 'FOK',
        }),
      ),
    );
    expect(submitted.every((r) => r.status === 201)).toBe(true);
    for (let i = 0; i < 8; i++)
      await expect.poll(async () => (await client.order(`burst-${i}`)).status, { timeout: 30_000 }).toBe('filled');
    expect(await metric('tmt_venue_rate_limit_queued_total')).toBeGreaterThan(0);
    expect(await metric('tmt_venue_rate_limit_queued_seconds_total')).toBeGreaterThan(0);
    expect(await metric('tmt_venue_rate_limit_waits_total')).toBe(0);
  }, 90_000);
});
