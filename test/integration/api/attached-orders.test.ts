import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ApiClient } from '../../../src/api/client';
import { startService, type StartedService } from '../../../src/app/start-service';
import { AccountId } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createOandaSimulator, type OandaSimulator } from '../../../src/simulators/oanda';
import { engineVenueDifferences } from '../../contract/engine-matches-venue';
import { tmt } from '../cli/support/tmt';
import { oandaTruth } from '../oanda/harness';

interface AttachedDto {
  parentClientOrderId: string;
  kind: string;
  tradeId: string;
  venueOrderId?: string;
  triggerPrice?: string;
  status: string;
}

/**
 * Issue 15 item 5: the stop-loss and take-profit OANDA creates on a fill (stopLossOnFill / takeProfitOnFill)
 * show in TMT linked to their parent, through the API and the CLI, and are exactly the venue's working orders.
 */
describe('orders a venue attaches on fill, linked to their parent', () => {
  let sim: OandaSimulator;
  let service: StartedService;
  let client: ApiClient;
  let accountId: string;
  let env: Record<string, string>;
  const directory = mkdtempSync(join(tmpdir(), 'tmt-attached-'));

  beforeAll(async () => {
    sim = await createOandaSimulator({ port: 0, seed: 9, prices: 'synthetic' });
    accountId = sim.accounts[sim.accounts.length - 1] as string;
    writeFileSync(
      join(directory, 'tmt.yaml'),
      `accounts:
  - id: ${accountId}
    venue: oanda
    environment: practice
    restUrl: ${sim.url}
    streamUrl: ${sim.streamUrl}
    credentials: {token: {env: SIM_OANDA_TOKEN}}
    instruments: [EUR_USD]
api: {port: 0}
`,
    );
    service = await startService(
      { path: join(directory, 'tmt.yaml'), env: { SIM_OANDA_TOKEN: sim.token } },
      { logger: silentLogger(), processMetrics: false },
    );
    client = new ApiClient({ baseUrl: service.url, token: service.bootstrapAdminToken as string });
    env = { TMT_URL: service.url, TMT_TOKEN: service.bootstrapAdminToken as string };
  }, 60_000);
  afterAll(async () => {
    await service.app.close();
    await sim.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('shows the SL and TP OANDA created on the fill as the parent order’s attached orders, the same as at the venue', async () => {
    const submitted = await client.submitOrder({
      clientOrderId: 'parent-1',
      accountId,
      instrumentId: 'EUR_USD.OANDA',
      side: 'buy',
      type: 'market',
      quantity: '10000',
      timeInForce: 'FOK',
      attached: { takeProfit: { price: '1.50000' }, stopLoss: { triggerPrice: '0.50000' } },
    });
    expect(submitted.status).toBe(201);
    await expect.poll(async () => (await client.order('parent-1')).status, { timeout: 20_000 }).toBe('filled');
    const { attached } = await client.call<{ attached: AttachedDto[] }>('GET', '/api/v1/orders/parent-1/attached');
    expect(attached.map((a) => `${a.parentClientOrderId} ${a.kind} ${a.triggerPrice ?? ''} ${a.status}`).sort()).toEqual([
      'parent-1 stop-loss 0.50000 accepted',
      'parent-1 take-profit 1.50000 accepted',
    ]);
    // Exactly the venue's working orders on the trade the fill opened: same ids, same prices.
    const truth = oandaTruth(sim, AccountId.parse(accountId));
    expect(attached.map((a) => a.venueOrderId).sort()).toEqual(truth.openOrders.map((o) => o.venueOrderId).sort());
    for (const a of attached) {
      const atVenue = truth.openOrders.find((o) => o.venueOrderId === a.venueOrderId);
      expect(atVenue?.triggerPrice?.toString() ?? atVenue?.price?.toString()).toBe(a.triggerPrice);
    }
    // An order without attachments has none; an unknown one is a 404 naming the field.
    expect((await client.raw('GET', '/api/v1/orders/nope-1/attached')).status).toBe(404);

    const shown = await tmt(['order', 'get', 'parent-1'], env);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('attached at the venue to parent-1');
    expect(shown.stdout).toContain('stop-loss');
    expect(shown.stdout).toContain('take-profit');
    const json = JSON.parse((await tmt(['order', 'get', 'parent-1', '--json'], env)).stdout) as { attached: AttachedDto[] };
    expect(json.attached).toHaveLength(2);

    // Positions and balances equal the venue's; its only working orders are the two shown as attached.
    const differences = engineVenueDifferences(service.app.engine, truth, { accountId: AccountId.parse(accountId), positions: true });
    const unexplained = differences.filter((d) => !attached.some((a) => a.venueOrderId !== undefined && d.includes(`venue id ${a.venueOrderId}`)));
    expect(unexplained).toEqual([]);
  }, 90_000);
});
