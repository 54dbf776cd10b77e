/**
 * Through the engine (a real ExecutionEngine with its SQLite journal) against the Coinbase simulator over
 * loopback: fills that happen while TMT is down are recovered by the restarted engine, once each, and a market
 * order sized in quote walks the simulator's book as Coinbase's does. Every scenario ends engine = venue.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountId, ClientOrderId, Decimal, Price, Quantity, type OrderRequest, type OrderStatus } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { startCoinbaseSimulator, type CoinbaseSimulator } from '../../../src/simulators/coinbase/server';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { BTC_USD, OffsetClock, startHarness, venueTruth, type Harness } from './harness';

const ACCOUNT = AccountId.parse('coinbase-test');
const ACTOR = 'coinbase-engine-restart';
const WAIT_MS = 20_000;

/** One incarnation of TMT: its own adapter (as a restarted process builds) on a journal that outlives it. */
interface Tmt {
  readonly engine: ExecutionEngine;
  readonly store: SqliteStore;
  readonly harness: Harness;
}

describe('coinbase through the engine: restart catch-up and quote-sized market orders', () => {
  let sim: CoinbaseSimulator | undefined;
  let tmt: Tmt | undefined;
  let directory: string | undefined;
  const clock = new OffsetClock();

  async function startTmt(): Promise<Tmt> {
    const harness = await startHarness({ reuse: sim as CoinbaseSimulator, clock, connect: false });
    const store = await openSqliteStore({ path: join(directory as string, 'journal.db'), clock, checkpoint: 'none' });
    const engine = new ExecutionEngine({
      clock,
      journal: store.journal,
      deadLetters: store.deadLetters,
      venues: [harness.venue.client],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 } }),
      timings: { lookupDelayMs: 100 },
    });
    await engine.start();
    return { engine, store, harness };
  }

  async function stopTmt(): Promise<void> {
    const running = tmt;
    tmt = undefined;
    if (running === undefined) return;
    await running.engine.stop();
    await running.harness.close();
    await running.store.close();
  }

  async function begin(): Promise<Tmt> {
    directory = mkdtempSync(join(tmpdir(), 'tmt-coinbase-restart-'));
    sim = await startCoinbaseSimulator({ clock });
    tmt = await startTmt();
    return tmt;
  }

  afterEach(async () => {
    await stopTmt();
    await sim?.close();
    sim = undefined;
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
    directory = undefined;
  });

  async function until(what: string, probe: () => boolean): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      sim?.state.advance();
    }
  }

  const statusOf = (id: ClientOrderId): OrderStatus | undefined => tmt?.engine.order(id)?.status;
  const waitStatus = (id: ClientOrderId, statuses: readonly OrderStatus[]) =>
    until(`${id} to be ${statuses.join('/')} (is ${String(statusOf(id))})`, () => statuses.includes(statusOf(id) as OrderStatus));
  const matches = () => waitEngineMatchesVenue((tmt as Tmt).engine, async () => venueTruth(sim as CoinbaseSimulator), { accountId: ACCOUNT, positions: false });

  function quote(): { bid: Price; ask: Price } {
    const q = sim?.state.market.quote('BTC-USD');
    if (q === undefined) throw new Error('no BTC-USD quote in the simulator');
    return q;
  }

  function order(partial: Partial<OrderRequest> & Pick<OrderRequest, 'type' | 'timeInForce'>): OrderRequest {
    return {
      clientOrderId: ClientOrderId.parse(`cr-${randomUUID().slice(0, 18)}`),
      accountId: ACCOUNT,
      instrumentId: BTC_USD,
      side: 'buy',
      quantity: Quantity.parse('0.01'),
      postOnly: false,
      reduceOnly: false,
      ...partial,
    };
  }

  /** A public trade through a resting buy: the simulator fills it as a maker at its own price. */
  function tradeThrough(price: Price, quantity: string): void {
    const now = clock.now();
    sim?.engine.applyMarketData({ type: 'TradeTick', instrumentId: BTC_USD, price: Price.of(price.sub(Decimal.parse('0.01'))), quantity: Quantity.parse(quantity), aggressor: 'sell', occurredAt: now, recordedAt: now });
  }

  it('fills made while TMT was down are recovered by the restarted engine, once each, across two restarts', async () => {
    await begin();
    const { bid } = quote();
    const full = order({ type: 'limit', timeInForce: 'GTC', price: Price.parse(bid.mul(Decimal.parse('0.99')).rescale(2, 'down').toString()) });
    const partial = order({ type: 'limit', timeInForce: 'GTC', price: Price.parse(bid.mul(Decimal.parse('0.98')).rescale(2, 'down').toString()) });
    for (const o of [full, partial]) expect((await (tmt as Tmt).engine.submit(o, ACTOR)).status).toBe('accepted');
    await waitStatus(full.clientOrderId, ['accepted']);
    await waitStatus(partial.clientOrderId, ['accepted']);
    await matches();

    // TMT goes down; the venue keeps trading: one order fills whole, the other by half.
    await stopTmt();
    tradeThrough(full.price as Price, '0.01');
    tradeThrough(partial.price as Price, '0.005');
    const venueFilled = (id: string) => sim?.engine.openOrders(sim.state.exchange.accountId).find((o) => sim?.state.exchange.metaOf(o)?.clientOrderId === id);
    expect(venueFilled(full.clientOrderId), 'the full fill happened at the venue while TMT was down').toBeUndefined();
    expect(venueFilled(partial.clientOrderId)?.filledQuantity.normalize().toString()).toBe('0.005');

    tmt = await startTmt();
    await waitStatus(full.clientOrderId, ['filled']);
    await waitStatus(partial.clientOrderId, ['partially-filled']);
    await until('the missed fills in the engine', () => tmt?.engine.fills({ accountId: ACCOUNT }).length === 2);
    await matches();

    // A second restart catches up over the same window again: nothing is booked twice.
    await stopTmt();
    tmt = await startTmt();
    await waitStatus(partial.clientOrderId, ['partially-filled']);
    await matches();
    const fills = tmt.engine.fills({ accountId: ACCOUNT });
    expect(fills.map((f) => f.quantity.normalize().toString()).sort()).toEqual(['0.005', '0.01']);
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(2);
    expect(tmt.engine.order(partial.clientOrderId)?.order.filledQuantity.normalize().toString()).toBe('0.005');
    expect(tmt.engine.order(full.clientOrderId)?.order.filledQuantity.normalize().toString()).toBe('0.01');
  }, 120_000);

  it('a market buy sized in quote walks the book level by level, fee included, and never overspends', async () => {
    await begin();
    const book = sim?.engine.book(BTC_USD);
    const asks = book?.levels(50).asks ?? [];
    expect(asks.length, 'the simulated book has depth').toBeGreaterThan(2);
    // Enough quote to take the whole first level and part of the second.
    const [first, second] = asks as [NonNullable<(typeof asks)[0]>, NonNullable<(typeof asks)[1]>];
    const fee = Decimal.parse('1.006');
    const spend = first.price.mul(first.quantity).mul(fee).add(second.price.mul(second.quantity).mul(fee).div(Decimal.fromInteger(2), 8, 'down')).rescale(2, 'down');
    // The engine's quantity for a quote-sized order is its estimate (for risk): the most the quote can buy.
    const estimate = Quantity.of(spend.div(first.price, 8, 'up'));
    const market = order({ type: 'market', timeInForce: 'IOC', quoteQuantity: spend, quantity: estimate });
    expect((await (tmt as Tmt).engine.submit(market, ACTOR)).status).toBe('accepted');
    await until(`the market order's fills (${JSON.stringify(tmt?.engine.order(market.clientOrderId)?.order)})`, () => (tmt?.engine.fills({ accountId: ACCOUNT }).length ?? 0) >= 2);
    // Filled as the venue reports it; the estimate's unbought rest ends expired, as an IOC's rest.
    await waitStatus(market.clientOrderId, ['filled', 'expired']);
    const fills = (tmt as Tmt).engine.fills({ accountId: ACCOUNT });
    const prices = new Set(fills.map((f) => f.price.toString()));
    expect(prices.has(first.price.toString()) && prices.has(second.price.toString()), `fills at ${[...prices].join(', ')}`).toBe(true);
    const base = fills.reduce((sum, f) => sum.add(f.quantity), Decimal.ZERO);
    const cost = fills.reduce((sum, f) => sum.add(f.price.mul(f.quantity)).add(f.commission.amount), Decimal.ZERO);
    expect(cost.lte(spend), `cost ${cost.toString()} within quote_size ${spend.toString()}`).toBe(true);
    // Rounded down to base_increment only: what is left unspent is less than one increment at the second level.
    expect(spend.sub(cost).lt(second.price.mul(Decimal.parse('0.00000001')).mul(fee)), `left ${spend.sub(cost).toString()}`).toBe(true);
    expect(base.gt(first.quantity)).toBe(true);
    await matches();
  }, 120_000);
});
