import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, Price, Quantity, type OrderStatusReport, type OrderRequest, type VenueClientOrderId } from '../../../src/core';
import { ACCOUNT, BTC_USDT, startHarness, venueTruth, type Harness } from './harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function until(what: string, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('okx business WebSocket (orders-algo)', () => {
  it('a stop canceled outside TMT (web UI, another client) reaches the adapter as canceled, and nothing stays open at the venue', async () => {
    harness = await startHarness();
    const h = harness;
    const reports: OrderStatusReport[] = [];
    h.venue.client.onReport((report) => {
      if (report.kind === 'order') reports.push(report.report);
    });
    const quote = h.sim.state.market.quote('BTC-USDT');
    if (quote === undefined) throw new Error('no quote');
    const trigger = quote.ask.mul(Decimal.parse('1.02')).roundToIncrement(Decimal.parse('0.1'), 'up');
    const clientOrderId = ClientOrderId.parse('biz-stop-1');
    const venueClientOrderId = 'bizstop1' as VenueClientOrderId;
    const request: OrderRequest = { accountId: ACCOUNT, instrumentId: BTC_USDT, clientOrderId, side: 'buy', type: 'stop-market', quantity: Quantity.parse('0.01'), timeInForce: 'GTC', postOnly: false, reduceOnly: false, triggerPrice: Price.of(trigger) };
    const placed = await h.venue.client.submit({ request, venueClientOrderId });
    expect(placed.status).toBe('accepted');
    await until('the live push', () => reports.some((r) => r.venueClientOrderId === venueClientOrderId && r.status === 'accepted'));
    expect((await venueTruth(h.sim)).openOrders.map((o) => o.venueClientOrderId)).toEqual(['bizstop1']);
    const algoId = placed.status === 'accepted' ? placed.venueOrderId : '';
    const answer = await h.venue.api.cancelAlgos([{ instId: 'BTC-USDT', algoId }]);
    expect(answer.data[0]?.sCode).toBe('0');
    await until('the canceled push', () => reports.some((r) => r.venueClientOrderId === venueClientOrderId && r.status === 'canceled'));
    const canceled = reports.find((r) => r.status === 'canceled');
    expect(canceled).toMatchObject({ venueOrderId: algoId, type: 'stop-market', side: 'buy' });
    expect(canceled?.triggerPrice?.toString()).toBe(Price.of(trigger).toString());
    expect((await venueTruth(h.sim)).openOrders).toEqual([]);
    expect(await h.venue.client.openOrders(ACCOUNT)).toEqual([]);
  });

  it('resubscribes orders-algo after the business socket drops, and catches up', async () => {
    harness = await startHarness({ idleMs: 500 });
    const h = harness;
    const before = h.venue.businessStream.reconnects;
    h.venue.businessStream.restart();
    await until('the business socket to reconnect', () => h.venue.businessStream.reconnects > before && h.venue.businessStream.isOpen());
    const reports: OrderStatusReport[] = [];
    h.venue.client.onReport((report) => {
      if (report.kind === 'order') reports.push(report.report);
    });
    const quote = h.sim.state.market.quote('BTC-USDT');
    if (quote === undefined) throw new Error('no quote');
    const trigger = quote.ask.mul(Decimal.parse('1.02')).roundToIncrement(Decimal.parse('0.1'), 'up');
    const request: OrderRequest = { accountId: ACCOUNT, instrumentId: BTC_USDT, clientOrderId: ClientOrderId.parse('biz-stop-2'), side: 'buy', type: 'stop-market', quantity: Quantity.parse('0.01'), timeInForce: 'GTC', postOnly: false, reduceOnly: false, triggerPrice: Price.of(trigger) };
    const placed = await h.venue.client.submit({ request, venueClientOrderId: 'bizstop2' as VenueClientOrderId });
    const algoId = placed.status === 'accepted' ? placed.venueOrderId : '';
    await h.venue.api.cancelAlgos([{ instId: 'BTC-USDT', algoId }]);
    await until('the canceled push on the new socket', () => reports.some((r) => r.venueClientOrderId === 'bizstop2' && r.status === 'canceled'));
  });
});
