import { afterEach, describe, expect, it } from 'vitest';
import { Decimal } from '../../../src/core';
import { startHarness, type Harness } from './harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const mid = (h: Harness): Decimal => {
  const quote = h.sim.state.market.quote('BTC-USDT');
  if (quote === undefined) throw new Error('no quote');
  return quote.bid.add(quote.ask).div(Decimal.fromInteger(2), 1, 'down');
};

describe('okx algo orders (order-algo) on the simulator, through the adapter raw API', () => {
  it('a trigger buy above the market stays live, then fills as a market order when the price rises through it', async () => {
    harness = await startHarness();
    const h = harness;
    const trigger = mid(h).mul(Decimal.parse('1.01')).roundToIncrement(Decimal.parse('0.1'), 'up').toString();
    const placed = await h.venue.api.placeAlgoOrder({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'trigger', sz: '0.01', triggerPx: trigger, orderPx: '-1', algoClOrdId: 'trig1' });
    expect(placed.data[0]?.sCode).toBe('0');
    const algoId = placed.data[0]?.algoId as string;
    expect((await h.venue.api.algoPending('trigger')).map((a) => a.algoId)).toContain(algoId);
    expect((await h.venue.api.algoOrder(undefined, 'trig1'))?.state).toBe('live');
    h.sim.state.market.movePrice('BTC-USDT', Decimal.parse(trigger).mul(Decimal.parse('1.01')));
    const effective = await until('the algo to be effective', async () => {
      const algo = await h.venue.api.algoOrder(algoId, undefined);
      return algo?.state === 'effective' ? algo : undefined;
    });
    const child = await h.venue.api.order('BTC-USDT', effective.ordId, undefined);
    expect(child?.state).toBe('filled');
    expect((child as unknown as { algoClOrdId: string }).algoClOrdId).toBe('trig1');
    expect(Decimal.parse(child?.avgPx ?? '0').gte(Decimal.parse(trigger))).toBe(true);
  });

  it('an oco with TP and SL: the stop leg triggers and the take-profit leg is canceled', async () => {
    harness = await startHarness();
    const h = harness;
    const m = mid(h);
    const tp = m.mul(Decimal.parse('1.02')).roundToIncrement(Decimal.parse('0.1'), 'up').toString();
    const sl = m.mul(Decimal.parse('0.98')).roundToIncrement(Decimal.parse('0.1'), 'down').toString();
    const placed = await h.venue.api.placeAlgoOrder({ instId: 'BTC-USDT', tdMode: 'cash', side: 'sell', ordType: 'oco', sz: '0.01', tpTriggerPx: tp, tpOrdPx: '-1', slTriggerPx: sl, slOrdPx: '-1' });
    const algoId = placed.data[0]?.algoId as string;
    expect(h.sim.engine.openOrders(h.sim.state.exchange.accountId)).toHaveLength(2);
    h.sim.state.market.movePrice('BTC-USDT', Decimal.parse(sl).mul(Decimal.parse('0.99')));
    await until('the oco to be effective', async () => ((await h.venue.api.algoOrder(algoId, undefined))?.state === 'effective' ? true : undefined));
    await until('the other leg canceled', async () => (h.sim.engine.openOrders(h.sim.state.exchange.accountId).length === 0 ? true : undefined));
  });

  it('a move_order_stop (native trailing stop) follows the price and triggers on the pull-back; cancel-algos ends a live one', async () => {
    harness = await startHarness();
    const h = harness;
    const placed = await h.venue.api.placeAlgoOrder({ instId: 'BTC-USDT', tdMode: 'cash', side: 'sell', ordType: 'move_order_stop', sz: '0.01', callbackRatio: '0.01' });
    const algoId = placed.data[0]?.algoId as string;
    const start = mid(h);
    h.sim.state.market.movePrice('BTC-USDT', start.mul(Decimal.parse('1.03')));
    expect((await h.venue.api.algoOrder(algoId, undefined))?.state).toBe('live');
    h.sim.state.market.movePrice('BTC-USDT', start.mul(Decimal.parse('1.00')));
    await until('the trailing stop to trigger', async () => ((await h.venue.api.algoOrder(algoId, undefined))?.state === 'effective' ? true : undefined));

    const second = await h.venue.api.placeAlgoOrder({ instId: 'BTC-USDT', tdMode: 'cash', side: 'sell', ordType: 'move_order_stop', sz: '0.01', callbackSpread: '100' });
    const secondId = second.data[0]?.algoId as string;
    expect((await h.venue.api.cancelAlgos([{ instId: 'BTC-USDT', algoId: secondId }])).data[0]?.sCode).toBe('0');
    expect((await h.venue.api.algoOrder(secondId, undefined))?.state).toBe('canceled');
  });

  it('refuses a trigger without triggerPx with OKX codes', async () => {
    harness = await startHarness();
    const answer = await harness.venue.api.placeAlgoOrder({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'trigger', sz: '0.01', orderPx: '-1' });
    expect(answer.code).toBe('1');
    expect(answer.data[0]).toMatchObject({ sCode: '50014', sMsg: 'Parameter triggerPx can not be empty.' });
  });
});
