import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, TradeId, type OrderRequest, type VenueClientOrderId } from '../../../src/core';
import { eventually, startPair, type DxtradePair } from './harness';

const EURUSD = InstrumentId.parse('EUR/USD.DXTRADE');
const TICK = Decimal.parse('0.00001');

describe('DXtrade positions: each position (positionCode) a trade, closed in full or in part, with its stop-loss and take-profit', () => {
  let pair: DxtradePair | undefined;
  let counter = 0;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  function market(p: DxtradePair, side: 'buy' | 'sell', quantity = '10000'): OrderRequest {
    counter += 1;
    return { clientOrderId: ClientOrderId.parse(`pos-${counter}`), accountId: p.accountId, instrumentId: EURUSD, side, type: 'market', quantity: Quantity.parse(quantity), timeInForce: 'IOC', postOnly: false, reduceOnly: false };
  }
  const submit = (p: DxtradePair, o: OrderRequest) => p.client.submit({ request: o, venueClientOrderId: o.clientOrderId as string as VenueClientOrderId });
  const netOf = (p: DxtradePair) => p.sim.truth(p.accountId).positions.reduce((sum, x) => sum.add(x.quantity), Decimal.ZERO).toString();

  it('US account: one net position; SL and TP set, moved and removed; a partial close, then the rest', async () => {
    const p = (pair = await startPair());
    expect((await submit(p, market(p, 'buy'))).status).toBe('accepted');
    const [trade] = await eventually('the open trade', async () => {
      const trades = await p.client.trades.openTrades(p.accountId);
      return trades.length === 1 ? trades : undefined;
    });
    if (trade === undefined) throw new Error('no trade');
    expect(trade.currentUnits.toString()).toBe('10000');
    const { bid, ask } = p.sim.market.quote('EUR/USD');
    const stop = Price.roundToTick(bid.mul(Decimal.parse('0.99')), TICK, 'down');
    const target = Price.roundToTick(ask.mul(Decimal.parse('1.01')), TICK, 'up');
    await p.client.trades.setTradeOrders(p.accountId, trade.tradeId, { stopLoss: stop, takeProfit: target });
    const protectedTrade = (await p.client.trades.openTrades(p.accountId))[0];
    expect(protectedTrade?.stopLoss?.price.eq(stop)).toBe(true);
    expect(protectedTrade?.takeProfit?.price.eq(target)).toBe(true);
    // At the venue: two closing orders on the position, on the other side.
    const orders = p.sim.truth(p.accountId).orders;
    expect(orders.map((o) => o.side)).toEqual(['sell', 'sell']);
    const moved = Price.of(stop.sub(TICK.mul(Decimal.fromInteger(10))));
    await p.client.trades.setTradeOrders(p.accountId, trade.tradeId, { stopLoss: moved, takeProfit: null });
    const after = (await p.client.trades.openTrades(p.accountId))[0];
    expect(after?.stopLoss?.price.eq(moved)).toBe(true);
    expect(after?.takeProfit).toBeUndefined();
    const partial = await p.client.trades.closeTrade(p.accountId, trade.tradeId, Decimal.parse('4000'));
    expect(partial.canceledReason).toBeUndefined();
    expect(partial.fills.reduce((s, f) => s.add(f.quantity), Decimal.ZERO).toString()).toBe('4000');
    expect(netOf(p)).toBe('6000');
    const rest = await p.client.trades.closePosition(p.accountId, EURUSD, { long: 'ALL' });
    expect(rest.fills.reduce((s, f) => s.add(f.quantity), Decimal.ZERO).toString()).toBe('6000');
    expect(netOf(p)).toBe('0');
    // The stop-loss of a position that is gone is canceled with it (it would open a new one otherwise).
    await p.client.cancel({ accountId: p.accountId, instrumentId: EURUSD, venueClientOrderId: (after?.stopLoss === undefined ? '' : p.sim.truth(p.accountId).orders[0]?.orderCode ?? '') as VenueClientOrderId });
  }, 30_000);

  it('hedging account: a partial close of the long, then a sell opens a short beside it, each position with its own code', async () => {
    const p = (pair = await startPair({ account: 1 }));
    expect((await submit(p, market(p, 'buy'))).status).toBe('accepted');
    const [long] = await eventually('the long', async () => {
      const list = await p.client.trades.openTrades(p.accountId);
      return list.length === 1 ? list : undefined;
    });
    const closed = await p.client.trades.closeTrade(p.accountId, long?.tradeId ?? TradeId.of(''), Decimal.parse('4000'));
    expect(closed.canceledReason).toBeUndefined();
    expect((await submit(p, market(p, 'sell', '5000'))).status).toBe('accepted');
    const trades = await eventually('two trades', async () => {
      const list = await p.client.trades.openTrades(p.accountId);
      return list.length === 2 ? list : undefined;
    });
    expect(trades.map((t) => t.currentUnits.toString()).sort()).toEqual(['-5000', '6000']);
    expect(new Set(trades.map((t) => t.tradeId)).size).toBe(2);
    const positions = await p.client.positions(p.accountId);
    expect(positions.map((x) => x.leg).sort()).toEqual(['long', 'short']);
    expect(netOf(p)).toBe('1000');
    await expect(p.client.trades.closeTrade(p.accountId, TradeId.of('no-such-position'))).rejects.toMatchObject({ code: 'VENUE_UNKNOWN_ORDER' });
  }, 30_000);

  it('an IF-THEN group: the entry rests, its protection orders wait; the entry fills and they work; the take-profit fills and the stop-loss ends', async () => {
    const p = (pair = await startPair());
    const { bid, ask } = p.sim.market.quote('EUR/USD');
    const entryPrice = Price.roundToTick(bid.mul(Decimal.parse('0.995')), TICK, 'down');
    const base = { accountId: p.accountId, instrumentId: EURUSD, quantity: Quantity.parse('10000'), postOnly: false, timeInForce: 'GTC' as const };
    const entry: OrderRequest = { ...base, clientOrderId: ClientOrderId.parse('grp-entry'), side: 'buy', type: 'limit', price: entryPrice, reduceOnly: false };
    const tp: OrderRequest = { ...base, clientOrderId: ClientOrderId.parse('grp-tp'), side: 'sell', type: 'limit', price: Price.roundToTick(ask.mul(Decimal.parse('1.01')), TICK, 'up'), reduceOnly: true };
    const sl: OrderRequest = { ...base, clientOrderId: ClientOrderId.parse('grp-sl'), side: 'sell', type: 'stop-market', triggerPrice: Price.roundToTick(entryPrice.mul(Decimal.parse('0.99')), TICK, 'down'), reduceOnly: true };
    const results = await p.client.submitGroup('IF-THEN', [entry, tp, sl].map((o) => ({ request: o, venueClientOrderId: o.clientOrderId as string as VenueClientOrderId })));
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const status = async (code: string) => (await p.client.orderStatus({ accountId: p.accountId, venueClientOrderId: code as VenueClientOrderId }))?.status;
    p.sim.market.movePrice('EUR/USD', Price.roundToTick(entryPrice.mul(Decimal.parse('0.999')), TICK, 'down'));
    await eventually('the entry filled', async () => ((await status('grp-entry')) === 'filled' ? true : undefined));
    expect(p.sim.truth(p.accountId).orders.map((o) => o.orderCode).sort()).toEqual(['grp-sl', 'grp-tp']);
    p.sim.market.movePrice('EUR/USD', Price.roundToTick(ask.mul(Decimal.parse('1.02')), TICK, 'up'));
    await eventually('the take-profit filled', async () => ((await status('grp-tp')) === 'filled' ? true : undefined));
    expect(await status('grp-sl')).toBe('canceled');
    expect(netOf(p)).toBe('0');
  }, 30_000);
});
