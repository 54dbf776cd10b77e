import { afterEach, describe, expect, it } from 'vitest';
import {
  ClientOrderId,
  Decimal,
  InstrumentId,
  Price,
  Quantity,
  TradeId,
  type AccountId,
  type OrderRequest,
} from '../../../src/core';
import { eventually, startPair, type OandaPair } from '../oanda/harness';
import { startEngineRig, type EngineRig } from './venue-engine-rig';

const EUR_USD = InstrumentId.parse('EUR_USD.OANDA');
let pair: OandaPair | undefined;
let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  // The engine disconnected the adapter; the simulator goes down with it.
  await pair?.sim.close();
  rig = undefined;
  pair = undefined;
});

let counter = 0;
function buy(accountId: AccountId, units: string, extra: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(`to-${++counter}`),
    accountId,
    instrumentId: EUR_USD,
    side: 'buy',
    type: 'market',
    quantity: Quantity.parse(units),
    timeInForce: 'FOK',
    postOnly: false,
    reduceOnly: false,
    ...extra,
  };
}

async function start(account: number, accountLimits?: Record<string, Record<string, string>>) {
  pair = await startPair({ account, connect: false });
  // The simulator's accounts net (no hedging): booked so, a venue-side close reduces the position even when
  // its fill reaches the engine on the stream before the close's answer does.
  rig = await startEngineRig(pair.sim.clock, pair.client, {
    marketData: 'all',
    accounts: [
      {
        accountId: pair.accountId,
        venue: 'OANDA',
        type: 'margin',
        baseCurrency: 'USD',
        positionMode: 'netting',
        costBasis: 'fifo-trades',
      },
    ],
    ...(accountLimits === undefined ? {} : { accountLimits }),
  });
  await eventually('an EUR_USD quote', () => rig!.engine.quotes().find((q) => q.instrumentId === EUR_USD));
  return { p: pair, r: rig };
}

async function filled(r: EngineRig, request: OrderRequest): Promise<void> {
  const outcome = await r.engine.submit(request, 'test');
  expect(outcome.status === 'denied' ? outcome.denial.reason : outcome.status).toBe('accepted');
  await eventually('the fill', () => (r.engine.order(request.clientOrderId)?.status === 'filled' ? true : undefined));
}

const netUnits = (r: EngineRig, accountId: AccountId) =>
  r.engine.positions(accountId).find((p) => p.instrumentId === EUR_USD)?.signedQuantity.toString() ?? '0';

describe('OANDA trade-level operations through the engine, against the simulator', () => {
  it('changes SL/TP/trailing after the fill, closes part of a trade, then the position, engine = venue', async () => {
    const { p, r } = await start(2);
    await filled(
      r,
      buy(p.accountId, '10000', {
        attached: {
          takeProfit: { price: Price.parse('1.20000') },
          stopLoss: { triggerPrice: Price.parse('1.00000') },
        },
      }),
    );
    const [trade] = await r.engine.openTrades(p.accountId);
    if (trade === undefined) throw new Error('no trade at the venue');
    expect(trade.takeProfit?.price.toString()).toBe('1.20000');

    const changed = await r.engine.changeTradeOrders(
      p.accountId,
      trade.tradeId,
      { takeProfit: Price.parse('1.19000'), stopLoss: null, trailingStopDistance: Decimal.parse('0.01000') },
      'test',
    );
    // The venue's own trade now has the new take-profit, no stop-loss and a trailing stop.
    const [atVenue] = await p.client.trades.openTrades(p.accountId);
    expect(atVenue?.takeProfit?.price.toString()).toBe('1.19000');
    expect(atVenue?.stopLoss).toBeUndefined();
    expect(atVenue?.trailingStopDistance?.toString()).toBe('0.01000');
    expect(changed.takeProfit?.price.toString()).toBe('1.19000');

    const partial = await r.engine.closeTrade(p.accountId, trade.tradeId, Decimal.parse('4000'), 'test');
    expect(partial.fills.map((f) => `${f.side} ${f.quantity.toString()}`)).toEqual(['sell 4000']);
    await eventually('the engine position at 6000', () => (netUnits(r, p.accountId) === '6000' ? true : undefined));
    expect((await p.client.trades.openTrades(p.accountId))[0]?.currentUnits.toString()).toBe('6000');

    const closed = await r.engine.closePositionAtVenue(p.accountId, EUR_USD, 'test');
    expect(closed.fills.map((f) => `${f.side} ${f.quantity.toString()}`)).toEqual(['sell 6000']);
    await eventually('the engine flat', () => (netUnits(r, p.accountId) === '0' ? true : undefined));
    expect(await p.client.trades.openTrades(p.accountId)).toEqual([]);
    expect((await p.client.positions(p.accountId)).filter((x) => !x.signedQuantity.isZero())).toEqual([]);
  }, 60_000);

  it('on a US (FIFO) account a newer trade cannot be closed before the older one; the oldest can', async () => {
    const first = await startPair({ account: 1, connect: false });
    const accountId = first.accountId;
    await first.sim.close();
    const { p, r } = await start(1, { [accountId]: { complianceProfile: 'us-fx' } });
    await filled(r, buy(p.accountId, '1000'));
    await filled(r, buy(p.accountId, '2000'));
    const trades = [...(await r.engine.openTrades(p.accountId))].sort((a, b) => a.openedAt - b.openedAt);
    const [older, newer] = trades;
    if (older === undefined || newer === undefined) throw new Error('expected two trades');

    await expect(r.engine.closeTrade(p.accountId, newer.tradeId, undefined, 'test')).rejects.toMatchObject({
      code: 'RISK_FIFO_VIOLATION',
      field: 'tradeId',
    });
    expect(await r.engine.openTrades(p.accountId)).toHaveLength(2);
    const outcome = await r.engine.closeTrade(p.accountId, older.tradeId, undefined, 'test');
    expect(outcome.fills.map((f) => f.quantity.toString())).toEqual(['1000']);
    await eventually('the engine at 2000', () => (netUnits(r, p.accountId) === '2000' ? true : undefined));
  }, 60_000);

  it('an unknown trade and a venue without trades are refused naming the field', async () => {
    const { p, r } = await start(2);
    await expect(r.engine.closeTrade(p.accountId, TradeId.of('999999'), undefined, 'test')).rejects.toMatchObject({
      code: 'OMS_UNKNOWN_ORDER',
      field: 'tradeId',
    });
    await expect(
      r.engine.changeTradeOrders(p.accountId, TradeId.of('1'), {}, 'test'),
    ).rejects.toMatchObject({ code: 'OMS_INVALID_REQUEST' });
  }, 60_000);
});
