import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest, type VenueReport } from '../../../src/core';
import { createIbkrSimulator } from '../../../src/simulators/ibkr';
import type { IbkrExecutionClient } from '../../../src/venues/ibkr';
import { eventually, newAdapter } from './harness';

const AAPL = InstrumentId.parse('AAPL.IBKR');

function order(accountId: string, id: string, type: 'market' | 'limit', price?: string): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id), accountId: accountId as never, instrumentId: AAPL, side: 'buy', type, quantity: Quantity.parse('10'),
    ...(price === undefined ? {} : { price: Price.parse(price) }), timeInForce: type === 'market' ? 'DAY' : 'GTC', postOnly: false, reduceOnly: false,
  };
}
const submit = (client: IbkrExecutionClient, o: OrderRequest) => client.submit({ request: o, venueClientOrderId: o.clientOrderId as string as never });

describe('IBKR crash and restart during order flow', () => {
  it('restarts the adapter (and TWS from its data dir): no reused order id, no duplicate order, no missed execution', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tmt-ibkr-sim-'));
    const stateFile = join(mkdtempSync(join(tmpdir(), 'tmt-ibkr-ids-')), 'order-ids.json');
    let sim = await createIbkrSimulator({ prices: 'scripted', dataDir });
    const account = sim.accounts[0] ?? '';
    const first = newAdapter(sim, { stateFile });
    await first.connect();
    const market = await submit(first, order(account, 'crash-mkt', 'market'));
    const resting = await submit(first, order(account, 'crash-lmt', 'limit', '189.00'));
    expect(market.status).toBe('accepted');
    expect(resting.status).toBe('accepted');
    const usedIds = [market, resting].map((r) => (r.status === 'accepted' ? Number(r.venueOrderId) : 0));

    // The adapter dies; while it is gone the resting order fills; then TWS itself restarts from its data dir.
    await first.disconnect();
    sim.market.movePrice(265598, Decimal.parse('188.50'));
    await sim.close();
    sim = await createIbkrSimulator({ prices: 'scripted', dataDir });
    expect(sim.exchange.executions()).toHaveLength(2);

    const second = newAdapter(sim, { stateFile });
    const reports: VenueReport[] = [];
    second.onReport((r) => reports.push(r));
    await second.connect();
    try {
      // The missed execution comes out of the catch-up, once; the earlier one too (a fresh process saw neither).
      await eventually('the missed fill', () => (reports.some((r) => r.kind === 'fill' && r.report.venueClientOrderId === 'crash-lmt') ? true : undefined));
      const fills = await second.fillsSince(first.accountIds[0] as never, 0);
      expect(fills.map((f) => f.venueClientOrderId).sort()).toEqual(['crash-lmt', 'crash-mkt']);
      expect(reports.filter((r) => r.kind === 'fill' && r.report.venueClientOrderId === 'crash-lmt')).toHaveLength(1);

      // The engine, unsure whether its orders went through, submits them again: no second order at TWS.
      const again = await submit(second, order(account, 'crash-lmt', 'limit', '189.00'));
      expect(again.status === 'rejected' && again.code === 'VENUE_DUPLICATE_ORDER').toBe(true);
      expect(sim.exchange.allOrders().filter((o) => o.orderRef === 'crash-lmt')).toHaveLength(1);

      const next = await submit(second, order(account, 'crash-next', 'limit', '150.00'));
      expect(next.status).toBe('accepted');
      if (next.status === 'accepted') expect(Number(next.venueOrderId)).toBeGreaterThan(Math.max(...usedIds));
    } finally {
      await second.disconnect();
      await sim.close();
    }
  });

  it('keeps order ids increasing when a new TWS answers a lower nextValidId', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'tmt-ibkr-ids-')), 'order-ids.json');
    const used: number[] = [];
    for (let run = 0; run < 2; run += 1) {
      const sim = await createIbkrSimulator({ prices: 'scripted' }); // no data dir: nextValidId starts at 1 again
      const client = newAdapter(sim, { stateFile });
      await client.connect();
      const result = await submit(client, order(sim.accounts[0] ?? '', `ids-${run}`, 'limit', '150.00'));
      if (result.status === 'accepted') used.push(Number(result.venueOrderId));
      await client.disconnect();
      await sim.close();
    }
    expect(used).toHaveLength(2);
    expect(used[1]).toBeGreaterThan(used[0] ?? Infinity);
  });
});
