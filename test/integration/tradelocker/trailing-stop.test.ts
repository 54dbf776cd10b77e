/**
 * A trailing stop set on an open position after entry (PATCH /trade/positions/{id} with stopLossType
 * trailingOffset, as the API's StopLossType allows on modifications too), through the engine: the stop
 * follows the market up, fires on the way down, and the engine ends equal to the venue. Also the refusals.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { openSqliteStore } from '../../../src/store';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { eventually, startPair, tradeLockerTruth } from './harness';

const EURUSD = InstrumentId.parse('EURUSD.TRADELOCKER');

describe('TradeLocker trailing stop modified after entry', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function running() {
    const pair = await startPair({ connect: false });
    cleanup.push(() => pair.sim.close());
    const directory = mkdtempSync(join(tmpdir(), 'tmt-tradelocker-trail-'));
    cleanup.push(async () => rmSync(directory, { recursive: true, force: true }));
    const clock = new SystemClock();
    const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    const engine = new ExecutionEngine({
      clock, journal: store.journal, deadLetters: store.deadLetters, venues: [pair.client],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 } }),
    });
    await engine.start();
    cleanup.push(async () => {
      await engine.stop();
      await store.close();
      await pair.client.disconnect();
    });
    return { pair, engine };
  }

  it('sets a trailing distance on the position, follows the market up, closes on the way down; TMT equals the venue', async () => {
    const { pair, engine } = await running();
    pair.sim.market.movePrice('EURUSD', Decimal.parse('1.08500'));
    const entry: OrderRequest = {
      clientOrderId: ClientOrderId.parse('tl-trail-entry'), accountId: pair.accountId, instrumentId: EURUSD, side: 'buy', type: 'market',
      timeInForce: 'IOC', quantity: Quantity.parse('20000'), postOnly: false, reduceOnly: false,
    };
    expect((await engine.submit(entry, 'test')).status).toBe('accepted');
    await eventually('the fill', () => (engine.order(entry.clientOrderId)?.status === 'filled' ? true : undefined));
    const [trade] = await eventually('the position', async () => {
      const trades = await engine.openTrades(pair.accountId);
      return trades.length === 1 ? trades : undefined;
    });
    expect(trade?.stopLoss).toBeUndefined();

    const changed = await engine.changeTradeOrders(pair.accountId, trade!.tradeId, { trailingStopDistance: Decimal.parse('0.00200') }, 'test');
    expect(changed.stopLoss).toBeDefined();
    const slOrder = () => pair.sim.venue.engine.openOrders(pair.accountId).find((o) => o.request.type === 'trailing-stop');
    expect(slOrder()?.request.side).toBe('sell');
    expect(slOrder()?.request.trailingOffset?.value.toString()).toBe('0.00200');
    expect(slOrder()?.quantity.normalize().toString()).toBe('20000');

    await waitEngineMatchesVenue(engine, async () => tradeLockerTruth(pair.sim, pair.accountId), { accountId: pair.accountId, positions: true, balanceScale: 2 });

    // The market rises: the stop trails the bid up by the distance. (The engine keeps the trigger it adopted
    // the stop with: it does not follow a venue-side trailing trigger, so the views are compared before and after.)
    const before = slOrder()?.triggerPrice;
    pair.sim.market.movePrice('EURUSD', Decimal.parse('1.09000'));
    await eventually('the stop moved up', () => {
      const now = slOrder()?.triggerPrice;
      return now !== undefined && before !== undefined && now.gt(before) ? now : undefined;
    });
    expect(slOrder()?.triggerPrice?.toString()).toBe('1.08794');

    // Then falls past the trailing stop: the position is closed by it.
    pair.sim.market.movePrice('EURUSD', Decimal.parse('1.08500'));
    await eventually('the position closed', () => (pair.sim.venue.engine.positions(pair.accountId).every((p) => p.signedQuantity.isZero()) ? true : undefined));
    expect(slOrder()).toBeUndefined();
    // Orders and positions: TMT equals the venue. The balance: the adapter reads the venue's (the stop's
    // realized loss booked); TMT's own account view does not take up P&L of a close it did not send (an engine
    // gap, reported), so balances are compared venue to adapter here rather than venue to engine.
    const venue = await waitEngineMatchesVenue(engine, async () => tradeLockerTruth(pair.sim, pair.accountId), { accountId: pair.accountId, positions: true, currencies: [] });
    const reported = await pair.client.account(pair.accountId);
    expect(reported.balances[0]?.total.toString()).toBe(venue.balances[0]?.total.rescale(2, 'half-even').toString());
    expect(reported.balances[0]?.total.lt(Decimal.fromInteger(100_000))).toBe(true);
    expect(venue.positions.filter((p) => !p.quantity.isZero())).toEqual([]);
    expect(await engine.openTrades(pair.accountId)).toEqual([]);
  }, 60_000);

  it('refuses a fixed and a trailing stop together, sending nothing', async () => {
    const { pair, engine } = await running();
    const { bid } = pair.sim.market.quote('EURUSD');
    const entry: OrderRequest = {
      clientOrderId: ClientOrderId.parse('tl-trail-2'), accountId: pair.accountId, instrumentId: EURUSD, side: 'buy', type: 'market',
      timeInForce: 'IOC', quantity: Quantity.parse('10000'), postOnly: false, reduceOnly: false,
    };
    expect((await engine.submit(entry, 'test')).status).toBe('accepted');
    const [trade] = await eventually('the position', async () => {
      const trades = await engine.openTrades(pair.accountId);
      return trades.length === 1 ? trades : undefined;
    });
    const stop = Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down');
    await expect(engine.changeTradeOrders(pair.accountId, trade!.tradeId, { stopLoss: stop, trailingStopDistance: Decimal.parse('0.001') }, 'test'))
      .rejects.toMatchObject({ code: 'VENUE_UNSUPPORTED', field: 'trailingStopDistance' });
    expect(pair.sim.venue.engine.openOrders(pair.accountId)).toEqual([]);
  }, 60_000);
});
