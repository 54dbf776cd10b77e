/**
 * Issue 15 item 4: on Binance spot, which has no reduce-only, the engine keeps it: a resting reduce-only sell
 * is shrunk when the position shrinks under it, and canceled once nothing is left to reduce. Against the Binance
 * wire simulator; each step ends with TMT equal to the venue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest } from '../../../src/core';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { binanceTruth, startHarness, type Harness } from '../binance/harness';
import { eventually, startVenueEngine, type VenueEngine } from './support/venue-engine';

const ACCOUNT = AccountId.parse('binance-test');
const BTCUSDT = InstrumentId.of('BTCUSDT', 'BINANCE');
const SCOPE = { accountId: ACCOUNT, positions: false, balanceScale: 8 };

let h: Harness | undefined;
let e: VenueEngine | undefined;
afterEach(async () => {
  await e?.close();
  await h?.close();
  e = undefined;
  h = undefined;
});

function order(id: string, partial: Partial<OrderRequest>): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id), accountId: ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'market',
    quantity: Quantity.parse('0.02'), timeInForce: 'IOC', postOnly: false, reduceOnly: false, ...partial,
  };
}

describe('reduce-only kept by the engine on Binance spot', () => {
  it('a resting reduce-only sell shrinks with the position and is canceled when the position is gone', async () => {
    h = await startHarness();
    e = await startVenueEngine(h.venue.client);
    const harness = h;
    const quote = () => {
      const q = harness.sim.state.market.quote('BTCUSDT');
      if (q === undefined) throw new Error('no quote');
      return q;
    };
    // Market orders are priced at the engine's quote: the simulator publishes one when its market moves.
    const mid = Price.roundToTick(quote().bid.add(quote().ask).div(Decimal.fromInteger(2), 4, 'down'), Decimal.parse('0.01'), 'down');
    await eventually('a quote in the engine', async () => {
      harness.sim.state.market.movePrice('BTCUSDT', mid);
      await new Promise((resolve) => setTimeout(resolve, 30));
      return e?.engine.quotes().some((q) => q.instrumentId === BTCUSDT);
    });
    const engine = e.engine;
    const position = () => engine.positions(ACCOUNT).find((p) => p.instrumentId === BTCUSDT)?.signedQuantity ?? Decimal.ZERO;

    await engine.submit(order('ro-buy', {}), 'test');
    await eventually('long 0.02', () => position().eq(Decimal.parse('0.02')));
    const above = Price.roundToTick(quote().ask.mul(Decimal.parse('1.05')), Decimal.parse('0.01'), 'up');
    const resting = await engine.submit(order('ro-exit', { side: 'sell', type: 'limit', timeInForce: 'GTC', price: above, reduceOnly: true }), 'test');
    expect(resting.status, JSON.stringify(resting.status === 'denied' ? resting.denial : '')).toBe('accepted');
    await eventually('ro-exit working', () => engine.order(ClientOrderId.parse('ro-exit'))?.status === 'accepted');

    // Half the position goes by another order: the reduce-only exit follows it down to 0.01.
    await engine.submit(order('ro-sell-1', { side: 'sell', quantity: Quantity.parse('0.01') }), 'test');
    await eventually('ro-exit shrunk to 0.01', () => engine.order(ClientOrderId.parse('ro-exit'))?.order.quantity.eq(Decimal.parse('0.01')));
    await waitEngineMatchesVenue(engine, async () => binanceTruth(harness.sim, 'BINANCE'), SCOPE);
    const atVenue = binanceTruth(harness.sim, 'BINANCE').openOrders;
    expect(atVenue.map((o) => o.quantity.sub(o.filledQuantity).eq(Decimal.parse('0.01')))).toEqual([true]);

    // The rest goes too: nothing is left to reduce, and the exit is canceled rather than left to open a short.
    await engine.submit(order('ro-sell-2', { side: 'sell', quantity: Quantity.parse('0.01') }), 'test');
    await eventually('ro-exit canceled', () => engine.order(ClientOrderId.parse('ro-exit'))?.status === 'canceled');
    expect(position().isZero()).toBe(true);
    // The engine's cancel closes with TMT's code and reason, not the venue's confirmation of it.
    const closed = engine.order(ClientOrderId.parse('ro-exit'))?.order;
    expect(closed?.closingCode).toBe('RISK_REDUCE_ONLY_WOULD_INCREASE');
    expect(closed?.closingReason).toMatch(/^reduce-only: /);
    const truth = await waitEngineMatchesVenue(engine, async () => binanceTruth(harness.sim, 'BINANCE'), SCOPE);
    expect(truth.openOrders).toEqual([]);
  }, 60_000);
});
