import { describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, InstrumentId, Price, Quantity, isTmtError, type OrderRequest } from '../../../src/core';
import { startHarness, type Harness } from './harness';

const account = AccountId.parse('binance-test');

function order(venue: 'BINANCE' | 'BINANCEUS', id: string, price: string, postOnly = false): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id),
    accountId: account,
    instrumentId: InstrumentId.of('BTCUSDT', venue),
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse('0.02'),
    price: Price.parse(price),
    timeInForce: 'GTC',
    postOnly,
    reduceOnly: false,
  };
}

async function withHarness(profile: 'spot' | 'us', run: (h: Harness, venue: 'BINANCE' | 'BINANCEUS') => Promise<void>): Promise<void> {
  const h = await startHarness({ profile });
  try {
    await run(h, profile === 'us' ? 'BINANCEUS' : 'BINANCE');
  } finally {
    await h.close();
  }
}

describe('binance modify: amend keep-priority and cancel-replace', () => {
  it('decreases a quantity with amend keep-priority on spot: same order id', () =>
    withHarness('spot', async (h, venue) => {
      const request = order(venue, 'amend-1', '50000.00');
      const placed = await h.venue.client.submit({ request, venueClientOrderId: 'amend-1' as never });
      if (placed.status !== 'accepted') throw new Error('not accepted');
      const result = await h.venue.client.modify({
        accountId: account,
        instrumentId: request.instrumentId,
        venueClientOrderId: 'amend-1' as never,
        amendment: { quantity: Quantity.parse('0.01') },
        replacement: { ...request, quantity: Quantity.parse('0.01') },
        replacementVenueClientOrderId: 'amend-1r' as never,
      });
      expect(result).toMatchObject({ status: 'modified', venueOrderId: placed.venueOrderId });
      expect(h.sim.state.requests.some((r) => r.path === '/api/v3/order/amend/keepPriority')).toBe(true);
    }), 30_000);

  it('uses cancel-replace on Binance.US (no amend keep-priority): a new order id', () =>
    withHarness('us', async (h, venue) => {
      const request = order(venue, 'amend-us', '50000.00');
      const placed = await h.venue.client.submit({ request, venueClientOrderId: 'amend-us' as never });
      if (placed.status !== 'accepted') throw new Error('not accepted');
      const result = await h.venue.client.modify({
        accountId: account,
        instrumentId: request.instrumentId,
        venueClientOrderId: 'amend-us' as never,
        amendment: { quantity: Quantity.parse('0.01') },
        replacement: { ...request, quantity: Quantity.parse('0.01') },
        replacementVenueClientOrderId: 'amend-us-r' as never,
      });
      expect(result.status).toBe('modified');
      if (result.status === 'modified') expect(result.venueOrderId).not.toBe(placed.venueOrderId);
      expect(h.sim.state.requests.some((r) => r.path === '/api/v3/order/amend/keepPriority')).toBe(false);
    }), 30_000);

  it('reads a 409 partial success: the cancel went through, the new order was refused', () =>
    withHarness('spot', async (h, venue) => {
      const request = order(venue, 'cr-1', '50000.00');
      await h.venue.client.submit({ request, venueClientOrderId: 'cr-1' as never });
      const ask = h.sim.state.market.quote('BTCUSDT')?.ask ?? Price.parse('0');
      // A post-only replacement priced through the ask would take: the venue refuses the new half.
      const replacement = { ...request, price: Price.of(ask.add(Price.parse('100'))), postOnly: true };
      const result = await h.venue.client.modify({
        accountId: account,
        instrumentId: request.instrumentId,
        venueClientOrderId: 'cr-1' as never,
        amendment: { price: replacement.price },
        replacement,
        replacementVenueClientOrderId: 'cr-1r' as never,
      });
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') {
        expect(result.reason).toContain('the original order was canceled');
        expect(result.venueReason).toBe('-2010 Order would immediately match and take.');
      }
      const status = await h.venue.client.orderStatus({ accountId: account, instrumentId: request.instrumentId, venueClientOrderId: 'cr-1' as never });
      expect(status?.status).toBe('canceled');
    }), 30_000);

  it('answers ALLOW_FAILURE with a failed cancel and a placed order as HTTP 409 / -2021', () =>
    withHarness('spot', async (h) => {
      try {
        await h.venue.api.cancelReplace([
          ['symbol', 'BTCUSDT'],
          ['cancelReplaceMode', 'ALLOW_FAILURE'],
          ['cancelOrigClientOrderId', 'does-not-exist'],
          ['side', 'BUY'],
          ['type', 'LIMIT'],
          ['timeInForce', 'GTC'],
          ['quantity', '0.01'],
          ['price', '50000'],
        ]);
        throw new Error('expected a 409');
      } catch (error) {
        if (!isTmtError(error)) throw error;
        expect(error.details).toMatchObject({ httpStatus: '409', venueCode: '-2021', venueMessage: 'Order cancel-replace partially failed.' });
        const body = JSON.parse(error.details.body ?? '{}') as { data: { cancelResult: string; newOrderResult: string } };
        expect(body.data).toMatchObject({ cancelResult: 'FAILURE', newOrderResult: 'SUCCESS' });
      }
    }), 30_000);

  it('answers STOP_ON_FAILURE with a failed cancel as -2022 and places nothing', () =>
    withHarness('spot', async (h) => {
      const before = h.sim.engine.openOrders(h.sim.engine.account(AccountId.parse('binance-sim')).accountId).length;
      try {
        await h.venue.api.cancelReplace([['symbol', 'BTCUSDT'], ['cancelReplaceMode', 'STOP_ON_FAILURE'], ['cancelOrigClientOrderId', 'nope'], ['side', 'BUY'], ['type', 'LIMIT'], ['timeInForce', 'GTC'], ['quantity', '0.01'], ['price', '50000']]);
        throw new Error('expected -2022');
      } catch (error) {
        if (!isTmtError(error)) throw error;
        expect(error.details).toMatchObject({ httpStatus: '400', venueCode: '-2022' });
      }
      expect(h.sim.engine.openOrders(AccountId.parse('binance-sim')).length).toBe(before);
    }), 30_000);
});
