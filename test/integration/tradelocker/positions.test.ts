/**
 * Positions through the adapter's trade port: SL/TP attached to an entry and placed on its position, moved and
 * removed (PATCH /trade/positions/{id}), partial and full closes (DELETE /trade/positions/{id} with qty), close
 * all; hedging on an international account, netting (no hedging, FIFO) on a US one.
 */
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest, type VenueClientOrderId } from '../../../src/core';
import { eventually, startPair, tradeLockerTruth, type TradeLockerPair } from './harness';

const EURUSD = InstrumentId.parse('EURUSD.TRADELOCKER');

describe('TradeLocker positions', () => {
  const pairs: TradeLockerPair[] = [];
  afterEach(async () => {
    for (const pair of pairs.splice(0)) await pair.close();
  });

  async function pair(account = 0): Promise<TradeLockerPair> {
    const made = await startPair({ account });
    pairs.push(made);
    return made;
  }

  let counter = 0;
  function market(p: TradeLockerPair, side: 'buy' | 'sell', units: string, attached?: OrderRequest['attached']): Promise<unknown> {
    const id = `pos-${++counter}-${side}`;
    const request: OrderRequest = {
      clientOrderId: ClientOrderId.parse(id), accountId: p.accountId, instrumentId: EURUSD, side, type: 'market', timeInForce: 'IOC',
      quantity: Quantity.parse(units), postOnly: false, reduceOnly: false, ...(attached === undefined ? {} : { attached }),
    };
    return p.client.submit({ request, venueClientOrderId: id as VenueClientOrderId }).then((result) => {
      expect(result.status, JSON.stringify(result)).toBe('accepted');
    });
  }

  it('places the SL and TP of a filled entry on its position, moves the SL and removes the TP', async () => {
    const p = await pair();
    const { bid, ask } = p.sim.market.quote('EURUSD');
    const stop = Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down');
    const take = Price.roundToTick(ask.mul(Decimal.parse('1.01')), Decimal.parse('0.00001'), 'up');
    await market(p, 'buy', '20000', { stopLoss: { triggerPrice: stop }, takeProfit: { price: take } });
    const [trade] = await eventually('the position', async () => {
      const trades = await p.client.trades.openTrades(p.accountId);
      return trades.length === 1 && trades[0]?.stopLoss !== undefined ? trades : undefined;
    });
    expect(trade?.currentUnits.toString()).toBe('20000');
    expect(trade?.stopLoss?.price.eq(stop)).toBe(true);
    expect(trade?.takeProfit?.price.eq(take)).toBe(true);
    const moved = Price.of(stop.add(Decimal.parse('0.00050')));
    await p.client.trades.setTradeOrders(p.accountId, trade!.tradeId, { stopLoss: moved, takeProfit: null });
    const after = (await p.client.trades.openTrades(p.accountId))[0];
    expect(after?.stopLoss?.price.eq(moved)).toBe(true);
    expect(after?.takeProfit).toBeUndefined();
    const truth = tradeLockerTruth(p.sim, p.accountId);
    expect(truth.openOrders.map((o) => [o.side, o.quantity.normalize().toString(), o.triggerPrice?.toString()])).toEqual([['sell', '20000', moved.toString()]]);
  });

  it('closes part of a position, then all of it; the SL follows the size and goes with the position', async () => {
    const p = await pair();
    const { bid } = p.sim.market.quote('EURUSD');
    await market(p, 'buy', '30000', { stopLoss: { triggerPrice: Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down') } });
    const [trade] = await eventually('the position', async () => {
      const trades = await p.client.trades.openTrades(p.accountId);
      return trades.length === 1 ? trades : undefined;
    });
    const partial = await p.client.trades.closeTrade(p.accountId, trade!.tradeId, Decimal.parse('10000'));
    expect(partial.fills.map((f) => [f.side, f.quantity.toString()])).toEqual([['sell', '10000']]);
    expect((await p.client.positions(p.accountId)).map((x) => x.signedQuantity.toString())).toEqual(['20000']);
    expect(tradeLockerTruth(p.sim, p.accountId).openOrders.map((o) => o.quantity.normalize().toString())).toEqual(['20000']);
    await expect(p.client.trades.closeTrade(p.accountId, trade!.tradeId, Decimal.parse('1234'))).rejects.toMatchObject({ code: 'VENUE_FILTER_FAILURE' });
    const rest = await p.client.trades.closeTrade(p.accountId, trade!.tradeId);
    expect(rest.fills.reduce((sum, f) => sum.add(f.quantity), Decimal.ZERO).toString()).toBe('20000');
    expect(await p.client.positions(p.accountId)).toEqual([]);
    expect(tradeLockerTruth(p.sim, p.accountId).openOrders).toEqual([]);
  });

  it('hedges on an international account: a sell opens a short beside the long, each its own position', async () => {
    const p = await pair(0);
    await market(p, 'buy', '10000');
    await market(p, 'sell', '20000');
    const legs = await p.client.positions(p.accountId);
    expect(legs.map((l) => [l.leg, l.signedQuantity.toString()]).sort()).toEqual([['long', '10000'], ['short', '-20000']]);
    const trades = await p.client.trades.openTrades(p.accountId);
    expect(new Set(trades.map((t) => t.tradeId)).size).toBe(2);
    const short = trades.find((t) => t.currentUnits.isNegative());
    const closed = await p.client.trades.closeTrade(p.accountId, short!.tradeId, Decimal.parse('10000'));
    expect(closed.fills.map((f) => [f.side, f.quantity.toString()])).toEqual([['buy', '10000']]);
    expect((await p.client.positions(p.accountId)).map((l) => l.signedQuantity.toString()).sort()).toEqual(['-10000', '10000']);
  });

  it('closes every position of the account at once (DELETE /trade/accounts/{id}/positions)', async () => {
    const p = await pair(0);
    await market(p, 'buy', '10000');
    const gbp = { clientOrderId: ClientOrderId.parse('pos-gbp'), accountId: p.accountId, instrumentId: InstrumentId.parse('GBPUSD.TRADELOCKER'), side: 'sell' as const, type: 'market' as const, timeInForce: 'IOC' as const, quantity: Quantity.parse('20000'), postOnly: false, reduceOnly: false };
    expect((await p.client.submit({ request: gbp, venueClientOrderId: 'pos-gbp' as VenueClientOrderId })).status).toBe('accepted');
    expect(await p.client.positions(p.accountId)).toHaveLength(2);
    const closed = await p.client.trades.closeAll(p.accountId);
    expect(closed.fills.map((f) => [f.instrumentId, f.side, f.quantity.toString()]).sort()).toEqual([
      ['EURUSD.TRADELOCKER', 'sell', '10000'],
      ['GBPUSD.TRADELOCKER', 'buy', '20000'],
    ]);
    expect(await p.client.positions(p.accountId)).toEqual([]);
  });

  it('nets on a US account (no hedging, FIFO): a sell reduces the long, and closePosition takes the oldest first', async () => {
    const p = await pair(1);
    expect(p.client.capabilities.hedging).toBe(false);
    expect(p.client.profile).toMatchObject({ fifo: true, hedging: false, maxLeverage: 50, quantityUnit: 'lots' });
    await market(p, 'buy', '30000');
    await market(p, 'sell', '10000');
    expect((await p.client.positions(p.accountId)).map((l) => l.signedQuantity.toString())).toEqual(['20000']);
    const outcome = await p.client.trades.closePosition(p.accountId, EURUSD, { long: Decimal.parse('5000') });
    expect(outcome.fills.map((f) => f.quantity.toString())).toEqual(['5000']);
    expect((await p.client.positions(p.accountId)).map((l) => l.signedQuantity.toString())).toEqual(['15000']);
    // US leverage cap: 50:1 at most, whatever the broker's instrument allows.
    const instrument = (await p.client.instruments()).find((i) => i.id === EURUSD);
    expect(instrument?.kind === 'fx' ? instrument.marginRate.toString() : '').toBe('0.02');
  });
});
