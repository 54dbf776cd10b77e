/**
 * A lost answer and a crash of TMT through the engine: the simulator takes an order and drops the connection
 * unanswered; the adapter settles it by its strategyId (never a second order). Then TMT stops dead and starts
 * again on the same journal with a new adapter (an empty client-id index): the order is taken up again, a
 * repeated submit with the same client id is not sent, and TMT equals the venue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, Price, type OrderRequest } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { silentLogger } from '../../../src/shared/logger';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { createTradeLockerVenue } from '../../../src/venues/tradelocker';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { contractFixture, eventually, startPair, tradeLockerTruth, type TradeLockerPair } from './harness';

describe('TradeLocker: lost answer and TMT crash/restart through the engine', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function engineOn(client: TradeLockerPair['client'], directory: string): Promise<{ engine: ExecutionEngine; store: SqliteStore }> {
    const clock = new SystemClock();
    const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
    const engine = new ExecutionEngine({
      clock, journal: store.journal, deadLetters: store.deadLetters, venues: [client],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 } }),
      timings: { lookupDelayMs: 100 },
    });
    await engine.start();
    return { engine, store };
  }

  it('settles a lost answer by strategyId, and after a crash takes the order up again without sending it twice', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'tmt-tradelocker-restart-'));
    cleanup.push(async () => rmSync(directory, { recursive: true, force: true }));
    const pair = await startPair({ connect: false });
    cleanup.push(() => pair.sim.close());
    const fixture = contractFixture(pair);
    let { engine, store } = await engineOn(pair.client, directory);
    const { bid } = pair.sim.market.quote('EURUSD');
    const order: OrderRequest = {
      clientOrderId: ClientOrderId.parse('tl-restart-order-1'), accountId: pair.accountId, instrumentId: fixture.instrumentId,
      side: 'buy', type: 'limit', timeInForce: 'GTC', quantity: fixture.quantity, postOnly: false, reduceOnly: false,
      price: Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down'),
    };
    pair.sim.faults.stallNextOrders = 1;
    const outcome = await engine.submit(order, 'restart-test');
    expect(outcome.status).toBe('accepted');
    await eventually('the order open in TMT', () => (engine.order(order.clientOrderId)?.status === 'accepted' ? true : undefined));
    const placed = () => pair.sim.arrivals.filter((a) => a.route === 'PLACE_ORDER').length;
    expect(placed()).toBe(1);
    expect(tradeLockerTruth(pair.sim, pair.accountId).openOrders).toHaveLength(1);

    // Crash: the engine and its adapter go away; a new process opens the same journal with a fresh adapter.
    await engine.stop();
    await store.close();
    await pair.client.disconnect();
    const fresh = createTradeLockerVenue({
      config: { environment: 'simulator', baseUrl: pair.sim.url, accountIds: [pair.accountId], pollIntervalMs: 100, quotePollIntervalMs: 100 },
      login: pair.sim.login, logger: silentLogger(),
    });
    ({ engine, store } = await engineOn(fresh, directory));
    cleanup.push(async () => {
      await engine.stop();
      await store.close();
      await fresh.disconnect();
    });
    expect(engine.order(order.clientOrderId)?.status).toBe('accepted');
    const again = await engine.submit(order, 'restart-test');
    // The engine knows the client id: the repeat is the same order (or refused as a duplicate), never a new one.
    if (again.status === 'accepted') expect(again.order.order.clientOrderId).toBe(order.clientOrderId);
    else expect(again.status).toBe('denied');
    expect(placed()).toBe(1);
    const truth = await waitEngineMatchesVenue(engine, async () => tradeLockerTruth(pair.sim, pair.accountId), { accountId: pair.accountId, positions: true, balanceScale: 2 });
    expect(truth.openOrders.map((o) => o.venueClientOrderId)).toEqual(['tl-restart-order-1']);
  }, 60_000);
});
