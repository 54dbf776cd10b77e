import { describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest, type VenueClientOrderId, type VenueOrderSubmission } from '../../../src/core';
import { eventually, startPair, type FxcmPair } from './harness';

const EUR_USD = InstrumentId.parse('EUR/USD.FXCM');

function leg(pair: FxcmPair, id: string, fields: Pick<OrderRequest, 'side' | 'type'> & Partial<OrderRequest>): VenueOrderSubmission {
  return {
    request: { clientOrderId: ClientOrderId.parse(id), accountId: pair.accountId, instrumentId: EUR_USD, quantity: Quantity.parse('10000'), timeInForce: 'GTC', postOnly: false, reduceOnly: false, ...fields },
    venueClientOrderId: id as VenueClientOrderId,
  };
}

const openIds = async (pair: FxcmPair) => (await pair.client.openOrders(pair.accountId)).map((o) => o.venueClientOrderId).sort();

describe('FXCM order lists (NewOrderList, E)', () => {
  it('OCO: a buy limit below and a buy stop above; the limit fills when the market falls and the stop is canceled', async () => {
    const pair = await startPair();
    try {
      const results = await pair.client.newOrderList('OCO', [
        leg(pair, 'oco-limit', { side: 'buy', type: 'limit', price: Price.parse('1.08000') }),
        leg(pair, 'oco-stop', { side: 'buy', type: 'stop-market', triggerPrice: Price.parse('1.09000') }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
      expect(await openIds(pair)).toEqual(['oco-limit', 'oco-stop']);
      pair.sim.market.movePrice('EUR/USD', Decimal.parse('1.07900'));
      await eventually('the stop canceled', async () => ((await openIds(pair)).length === 0 ? true : undefined));
      expect((await pair.client.orderStatus({ accountId: pair.accountId, venueClientOrderId: 'oco-limit' as VenueClientOrderId }))?.status).toBe('filled');
      expect((await pair.client.orderStatus({ accountId: pair.accountId, venueClientOrderId: 'oco-stop' as VenueClientOrderId }))?.status).toBe('canceled');
    } finally {
      await pair.close();
    }
  }, 30_000);

  it('ELS: the entry fills, then its stop and limit work as an OCO; the limit takes profit and the stop goes', async () => {
    const pair = await startPair();
    try {
      const results = await pair.client.newOrderList('ELS', [
        leg(pair, 'els-entry', { side: 'buy', type: 'limit', price: Price.parse('1.08000') }),
        leg(pair, 'els-stop', { side: 'sell', type: 'stop-market', triggerPrice: Price.parse('1.07000') }),
        leg(pair, 'els-limit', { side: 'sell', type: 'limit', price: Price.parse('1.09000') }),
      ]);
      // The exits are the venue's orders from the start, held for the entry (PendingNew), so they answer at once.
      expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
      expect((await pair.client.orderStatus({ accountId: pair.accountId, venueClientOrderId: 'els-stop' as VenueClientOrderId }))?.status).toBe('submitted');
      pair.sim.market.movePrice('EUR/USD', Decimal.parse('1.07950'));
      await eventually('the exits placed', async () => ((await openIds(pair)).join() === 'els-limit,els-stop' ? true : undefined));
      pair.sim.market.movePrice('EUR/USD', Decimal.parse('1.09100'));
      await eventually('the stop canceled', async () => ((await openIds(pair)).length === 0 ? true : undefined));
      expect(await pair.client.positions(pair.accountId)).toEqual([]);
    } finally {
      await pair.close();
    }
  }, 30_000);

  it('refuses the whole list when one leg is invalid, each leg with the reason', async () => {
    const pair = await startPair();
    try {
      const results = await pair.client.newOrderList('OCO', [
        leg(pair, 'bad-a', { side: 'buy', type: 'limit', price: Price.parse('1.08000') }),
        leg(pair, 'bad-b', { side: 'buy', type: 'limit', price: Price.parse('1.08000'), quantity: Quantity.parse('1500') }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      expect(await openIds(pair)).toEqual([]);
    } finally {
      await pair.close();
    }
  }, 30_000);
});
