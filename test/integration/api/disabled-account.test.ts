import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { silentLogger } from '../../../src/shared/logger';

describe('an account disabled in the configuration', () => {
  let service: StartedService;
  let client: ApiClient;

  beforeAll(async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-disabled-'));
    writeFileSync(
      join(directory, 'tmt.yaml'),
      'accounts:\n  - {id: paper-fx, venue: paper, environment: paper, instruments: [EUR_USD]}\napi: {port: 0}\n',
    );
    service = await startService(
      { path: join(directory, 'tmt.yaml'), env: { TMT_ACCOUNTS__0__ENABLED: 'false' } },
      { logger: silentLogger(), processMetrics: false },
    );
    client = new ApiClient({ baseUrl: service.url, token: service.bootstrapAdminToken as string });
  });
  afterAll(async () => service.app.close());

  it('starts disabled and denies orders with RISK_ACCOUNT_DISABLED until enabled', async () => {
    expect((await client.accounts()).accounts[0]).toMatchObject({ accountId: 'paper-fx', enabled: false });
    const order = {
      accountId: 'paper-fx',
      instrumentId: 'EUR_USD.PAPER',
      side: 'buy',
      type: 'market',
      quantity: '1000',
    };
    const denied = await client.submitOrder({ ...order, clientOrderId: 'off-1' });
    expect(denied.status).toBe(422);
    expect(denied.body.code).toBe('RISK_ACCOUNT_DISABLED');
    await client.setAccountEnabled('paper-fx', true);
    // Risk values a market order at the quote: wait for the first one.
    await expect
      .poll(async () => (await client.prices()).prices.length, { timeout: 15_000 })
      .toBeGreaterThan(0);
    const accepted = await client.submitOrder({ ...order, clientOrderId: 'on-1' });
    expect(accepted.body).toMatchObject({ status: 'accepted' });
  });
});
