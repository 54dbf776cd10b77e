/**
 * Issue 15 item 15: a submit that never left because the venue was unreachable waits in the dead-letter queue;
 * meanwhile its order is not open at the venue, so it blocks no later order under RISK_MAX_OPEN_ORDERS and TMT's
 * open orders equal the venue's. Resent by an operator, it counts again. Against the Binance wire simulator,
 * stopped and restarted on the same address with its state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, InstrumentId, Price, Quantity, type OrderRequest } from '../../../src/core';
import { SystemClock } from '../../../src/shared/system-clock';
import { startBinanceSimulator, type BinanceSimulator } from '../../../src/simulators/binance/server';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { binanceTruth, startHarness, type Harness } from '../binance/harness';
import { eventually, startVenueEngine, type VenueEngine } from '../engine/support/venue-engine';

const ACCOUNT = AccountId.parse('binance-test');
const BTCUSDT = InstrumentId.of('BTCUSDT', 'BINANCE');

describe('a dead-lettered submit is not an open order', () => {
  let h: Harness | undefined;
  let restarted: BinanceSimulator | undefined;
  let e: VenueEngine | undefined;
  const directory = mkdtempSync(join(tmpdir(), 'tmt-dead-letter-open-'));
  afterEach(async () => {
    await e?.close();
    await h?.venue.client.disconnect();
    await restarted?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('blocks nothing under max open orders while queued, matches the venue, and counts again once resent', async () => {
    const stateFile = join(directory, 'binance.json');
    h = await startHarness({ sim: { stateFile } });
    const { apiKey, apiSecret } = h.sim;
    const port = Number(new URL(h.sim.url).port);
    e = await startVenueEngine(h.venue.client, { riskLimits: { maxOpenOrders: 1 } });
    const quote = h.sim.state.market.quote('BTCUSDT');
    if (quote === undefined) throw new Error('no quote');
    const price = Price.roundToTick(quote.bid.mul(Decimal.parse('0.95')), Decimal.parse('0.01'), 'down');
    const limit = (id: string): OrderRequest => ({
      clientOrderId: ClientOrderId.parse(id), accountId: ACCOUNT, instrumentId: BTCUSDT, side: 'buy', type: 'limit',
      quantity: Quantity.parse('0.01'), price, timeInForce: 'GTC', postOnly: false, reduceOnly: false,
    });

    // The venue goes away: connection refused, certainly never sent; retried with backoff, then dead-lettered.
    await h.sim.close();
    const queued = await e.engine.submit(limit('dl-open-1'), 'test');
    expect(queued.status).toBe('accepted');
    const [letter] = await eventually('the dead letter', async () => {
      const letters = await e?.engine.deadLetters();
      return letters !== undefined && letters.length > 0 ? letters : undefined;
    });
    expect(letter?.clientOrderId).toBe('dl-open-1');
    expect(e.engine.order(ClientOrderId.parse('dl-open-1'))?.status).toBe('submitted');
    expect(e.engine.orders({ openOnly: true }).map((v) => v.order.clientOrderId)).toEqual([]);

    // Back, with its state: a new order is not blocked by the one waiting in the queue.
    restarted = await startBinanceSimulator({ clock: new SystemClock(), port, apiKey, apiSecret, stateFile });
    // While it was away reconciliation marked the account unresolved; it clears once the venue answers.
    await eventually('reconciled again', async () => {
      await e?.engine.reconcileNow();
      return e?.engine.tradingState(ACCOUNT) === 'ACTIVE';
    });
    const next = await e.engine.submit(limit('dl-open-2'), 'test');
    expect(next.status, JSON.stringify(next.status === 'denied' ? next.denial : '')).toBe('accepted');
    await eventually('dl-open-2 working', () => e?.engine.order(ClientOrderId.parse('dl-open-2'))?.status === 'accepted');
    const current = restarted;
    const scope = { accountId: ACCOUNT, positions: false, balanceScale: 8 };
    await waitEngineMatchesVenue(e.engine, async () => binanceTruth(current, 'BINANCE'), scope);

    // Resent by an operator: it reaches the venue and counts as open again, so the limit holds a third order.
    await e.engine.retryDeadLetter(letter?.id ?? '', 'admin');
    await eventually('dl-open-1 working', () => e?.engine.order(ClientOrderId.parse('dl-open-1'))?.status === 'accepted');
    const third = await e.engine.submit(limit('dl-open-3'), 'test');
    expect(third.status).toBe('denied');
    if (third.status === 'denied') expect(third.denial.code).toBe('RISK_MAX_OPEN_ORDERS');
    await waitEngineMatchesVenue(e.engine, async () => binanceTruth(current, 'BINANCE'), scope);
  }, 90_000);
});
