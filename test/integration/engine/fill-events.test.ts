/** The events of a fill, through the engine against the Binance wire simulator: causal order, no repeats. */
import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, InstrumentId, Price, Quantity, type EngineEvent, type PositionChanged } from '../../../src/core';
import { startHarness, type Harness } from '../binance/harness';
import { eventually, startVenueEngine, type VenueEngine } from './support/venue-engine';

const ACCOUNT = AccountId.parse('binance-test');
const BTCUSDT = InstrumentId.of('BTCUSDT', 'BINANCE');

let h: Harness | undefined;
let e: VenueEngine | undefined;
afterEach(async () => {
  await e?.close();
  await h?.close();
  e = undefined;
  h = undefined;
});

function mid(harness: Harness): Price {
  const q = harness.sim.state.market.quote('BTCUSDT');
  if (q === undefined) throw new Error('no quote');
  return Price.roundToTick(q.bid.add(q.ask).div(Decimal.fromInteger(2), 4, 'down'), Decimal.parse('0.01'), 'down');
}

const positionEvents = (events: readonly EngineEvent[]): PositionChanged[] =>
  events.filter((event): event is PositionChanged => event.type === 'PositionChanged' && event.instrumentId === BTCUSDT);

describe('fill events through the engine (Binance simulator)', () => {
  it('publishes a fill’s OrderFilled before its PositionChanged, and never repeats an unchanged position', async () => {
    h = await startHarness();
    e = await startVenueEngine(h.venue.client);
    const start = mid(h);
    await eventually('a quote in the engine', async () => {
      h?.sim.state.market.movePrice('BTCUSDT', start);
      await new Promise((resolve) => setTimeout(resolve, 30));
      return e?.engine.quotes().some((q) => q.instrumentId === BTCUSDT);
    });
    const id = ClientOrderId.parse('fe-1');
    await e.engine.submit(
      { clientOrderId: id, accountId: ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'market', quantity: Quantity.parse('0.01'), timeInForce: 'IOC', postOnly: false, reduceOnly: false },
      'test',
    );
    await eventually('the fill', () => e?.engine.order(id)?.status === 'filled');
    const filledAt = e.events.findIndex((event) => event.type === 'OrderFilled' && event.clientOrderId === id);
    const positionAt = e.events.findIndex((event) => event.type === 'PositionChanged' && event.instrumentId === BTCUSDT);
    expect(filledAt).toBeGreaterThanOrEqual(0);
    expect(positionAt).toBeGreaterThan(filledAt);

    // The simulator streams each move as a quote and as book updates: the position is marked once per price.
    const before = positionEvents(e.events).length;
    const target = Price.of(start.add(Decimal.parse('25.00')));
    h.sim.state.market.movePrice('BTCUSDT', target);
    await eventually('the new quote in the engine', () => e?.engine.quotes().some((q) => q.instrumentId === BTCUSDT && q.bid.gt(start)));
    await eventually('the position marked at the move', () => positionEvents(e?.events ?? []).length > before);
    const marks = positionEvents(e.events);
    for (let i = 1; i < marks.length; i++) {
      const [previous, current] = [marks[i - 1] as PositionChanged, marks[i] as PositionChanged];
      const same = previous.signedQuantity.eq(current.signedQuantity) && previous.unrealizedPnl.amount.eq(current.unrealizedPnl.amount);
      expect(same, `PositionChanged #${i} repeats #${i - 1}`).toBe(false);
    }
  }, 60_000);
});
