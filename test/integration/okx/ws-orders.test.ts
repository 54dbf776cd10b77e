import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Price, Quantity, type OrderRequest, type VenueReport } from '../../../src/core';
import { ACCOUNT, BTC_USDT, startHarness, type Harness } from './harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const limit = (id: string, price: string, postOnly = false): OrderRequest => ({
  clientOrderId: ClientOrderId.parse(id), accountId: ACCOUNT, instrumentId: BTC_USDT, side: 'buy', type: 'limit', quantity: Quantity.parse('0.01'), price: Price.parse(price), timeInForce: 'GTC', postOnly, reduceOnly: false,
});

async function until(what: string, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('okx orders over the private WebSocket (op: order)', () => {
  it('places through the socket (no REST order request), with the sCode answer and the orders channel push', async () => {
    harness = await startHarness({ orderTransport: 'ws' });
    const h = harness;
    const reports: VenueReport[] = [];
    h.venue.client.onReport((r) => reports.push(r));
    const result = await h.venue.client.submit({ request: limit('wsorder1', '50000'), venueClientOrderId: 'wsorder1' as never });
    expect(result.status).toBe('accepted');
    expect(h.sim.state.requests.some((r) => r.path === '/api/v5/trade/order')).toBe(false);
    await until('the orders push', () => reports.some((r) => r.kind === 'order' && r.report.venueClientOrderId === 'wsorder1' && r.report.status === 'accepted'));
    const duplicate = await h.venue.client.submit({ request: limit('wsorder1', '50000'), venueClientOrderId: 'wsorder1' as never });
    expect(duplicate).toMatchObject({ status: 'rejected', code: 'VENUE_DUPLICATE_ORDER', venueReason: '51016 Duplicated clOrdId' });
  });

  it('a post-only that would take is accepted then canceled by the venue (cancelSource 31)', async () => {
    harness = await startHarness();
    const h = harness;
    const ask = h.sim.state.market.quote('BTC-USDT')?.ask.toString() ?? '';
    const result = await h.venue.client.submit({ request: limit('postonly1', ask, true), venueClientOrderId: 'postonly1' as never });
    expect(result.status).toBe('accepted');
    const status = await h.venue.client.orderStatus({ accountId: ACCOUNT, instrumentId: BTC_USDT, venueClientOrderId: 'postonly1' as never });
    expect(status?.status).toBe('canceled');
    expect(status?.filledQuantity.isZero()).toBe(true);
    expect(status?.venueReason).toContain('cancelSource 31');
  });

  it('reads the margin and position modes from the account config', async () => {
    harness = await startHarness();
    expect(harness.venue.client.accountConfig).toEqual({ acctLv: '1', posMode: 'net_mode' });
  });
});
