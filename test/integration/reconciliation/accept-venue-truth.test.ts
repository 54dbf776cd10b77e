/**
 * Issue 15 item 7: the operator accepts the venue's truth for a mismatch the engine cannot repair by itself.
 * Each venue loses state behind TMT's back (its matching engine restored to a snapshot taken earlier, as a
 * venue that restarted empty does); reconciliation raises the item, the account leaves ACTIVE, the operator
 * accepts, and the case ends with TMT equal to the venue's own view, ACTIVE again, across a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountId,
  ClientOrderId,
  Decimal,
  InstrumentId,
  ManualClock,
  Price,
  Quantity,
  type OrderRequest,
} from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { createPaperVenue, defaultPaperAccounts, type PaperVenue } from '../../../src/simulators/paper';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { binanceTruth, startHarness, type Harness } from '../binance/harness';
import { eventually, startVenueEngine, type VenueEngine } from '../engine/support/venue-engine';
import { paperTruth } from '../paper/harness';

const BINANCE_ACCOUNT = AccountId.parse('binance-test');
const BTCUSDT = InstrumentId.of('BTCUSDT', 'BINANCE');

let h: Harness | undefined;
let e: VenueEngine | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await e?.close();
  await h?.close();
  for (const close of closers.splice(0).reverse()) await close();
  e = undefined;
  h = undefined;
});

/** The matching engine resumes from a snapshot (how a simulator starts from its state file): the venue forgets. */
function restoreVenue(engine: object, snapshot: unknown): void {
  (engine as { restore(saved: unknown): void }).restore(snapshot);
}

function request(id: string, partial: Partial<OrderRequest>): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id),
    accountId: BINANCE_ACCOUNT,
    instrumentId: BTCUSDT,
    side: 'buy',
    type: 'limit',
    quantity: Quantity.parse('0.01'),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
    ...partial,
  };
}

describe("accepting the venue's truth, against the Binance wire simulator", () => {
  it('an order open in TMT that the venue lost ends canceled; the account is ACTIVE again and TMT equals the venue', async () => {
    h = await startHarness();
    e = await startVenueEngine(h.venue.client, { timings: { reconcileOpenOrdersEveryMs: 200 } });
    const before = h.sim.engine.save();
    const quote = h.sim.state.market.quote('BTCUSDT');
    if (quote === undefined) throw new Error('no quote');
    const price = Price.roundToTick(quote.bid.mul(Decimal.parse('0.95')), Decimal.parse('0.01'), 'down');
    const outcome = await e.engine.submit(request('lost-1', { price }), 'test');
    expect(outcome.status).toBe('accepted');
    await eventually('lost-1 working', () => e?.engine.order(ClientOrderId.parse('lost-1'))?.status === 'accepted');
    // The venue forgets the order (and the funds it reserved) without a word on the stream.
    restoreVenue(h.sim.engine, before);
    const item = await eventually('the unresolved item', () =>
      e?.engine.reconciliation().accounts[0]?.unresolved.find((i) => i.kind === 'order-missing-at-venue'),
    );
    expect(item.key).toBe('lost-1');
    expect(e.engine.tradingState(BINANCE_ACCOUNT)).toBe('REDUCING');
    // Not an item at all: refused with a code naming the field.
    await expect(e.engine.acceptVenueTruth(undefined, 'no-such-item', 'admin')).rejects.toMatchObject({
      code: 'OMS_RECONCILIATION_ITEM_UNKNOWN',
      field: 'item',
    });

    const accepted = await e.engine.acceptVenueTruth(undefined, 'lost-1', 'admin');
    expect(accepted).toMatchObject({ accountId: BINANCE_ACCOUNT, key: 'lost-1', kind: 'order-missing-at-venue', clientOrderId: 'lost-1' });
    const order = e.engine.order(ClientOrderId.parse('lost-1'));
    expect(order?.status).toBe('canceled');
    expect(order?.order.closingCode).toBe('OMS_RECONCILIATION_ITEM_UNKNOWN');
    expect(e.engine.reconciliation().accounts[0]?.unresolved).toEqual([]);
    expect(e.engine.tradingState(BINANCE_ACCOUNT)).toBe('ACTIVE');
    // Audited on the bus (the API also writes its own audit entry with the actor).
    expect(e.alerts.some((a) => a.kind === 'reconciliation' && a.message.includes('venue truth accepted by admin for lost-1'))).toBe(true);
    await waitEngineMatchesVenue(e.engine, async () => binanceTruth((h as Harness).sim, 'BINANCE'), {
      accountId: BINANCE_ACCOUNT,
      positions: false,
      balanceScale: 8,
    });
    // A later run does not raise it again: the order is closed in TMT's journal.
    await e.engine.reconcileNow();
    expect(e.engine.reconciliation().accounts[0]?.unresolved).toEqual([]);
  }, 60_000);
});

describe("accepting the venue's truth on a venue that keeps positions (paper)", () => {
  it('a position the venue no longer holds is set to the venue quantity by an adjustment fill, journaled across a restart', async () => {
    const clock = new ManualClock(Date.parse('2026-03-02T10:00:00Z'));
    const accounts = defaultPaperAccounts().filter((a) => a.accountId === 'paper-fx');
    const venue: PaperVenue = createPaperVenue({ clock, seed: 11, accounts });
    await venue.connect();
    closers.push(() => venue.disconnect());
    const { openSqliteStore } = await import('../../../src/store');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const directory = mkdtempSync(join(tmpdir(), 'tmt-accept-truth-'));
    closers.push(async () => rmSync(directory, { recursive: true, force: true }));
    const account = AccountId.parse('paper-fx');
    const eurusd = InstrumentId.parse('EUR_USD.PAPER');
    const build = async () => {
      const store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
      const engine = new ExecutionEngine({
        clock,
        journal: store.journal,
        venues: [venue],
        ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000 } }),
      });
      await engine.start();
      return { store, engine };
    };
    let running = await build();
    const before = venue.matching.save();
    // Market orders are priced at the engine's quote: the venue publishes one when its market moves.
    await eventually('a quote in the engine', async () => {
      await venue.movePrice(eurusd, Price.parse('1.10000'));
      clock.advance(50);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return running.engine.quotes().some((q) => q.instrumentId === eurusd);
    });
    const bought = await running.engine.submit(
      { clientOrderId: ClientOrderId.parse('fx-1'), accountId: account, instrumentId: eurusd, side: 'buy', type: 'market', quantity: Quantity.parse('10000'), timeInForce: 'IOC', postOnly: false, reduceOnly: false },
      'test',
    );
    expect(bought.status, JSON.stringify(bought.status === 'denied' ? bought.denial : '')).toBe('accepted');
    await eventually('fx-1 filled', async () => {
      clock.advance(100);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return running.engine.order(ClientOrderId.parse('fx-1'))?.status === 'filled';
    });
    restoreVenue(venue.matching, before);
    await running.engine.reconcileNow();
    const item = running.engine.reconciliation().accounts.find((a) => a.accountId === account)?.unresolved[0];
    expect(item).toMatchObject({ kind: 'position-mismatch', key: 'position:EUR_USD.PAPER' });
    expect(running.engine.tradingState(account)).toBe('REDUCING');

    const accepted = await running.engine.acceptVenueTruth(account, 'position:EUR_USD.PAPER', 'admin');
    expect(accepted.outcome).toContain("set from 10000 to PAPER's 0 by a sell of 10000 at ");
    expect(running.engine.positions(account).filter((p) => !p.signedQuantity.isZero())).toEqual([]);
    await running.engine.reconcileNow();
    expect(running.engine.tradingState(account)).toBe('ACTIVE');
    await waitEngineMatchesVenue(running.engine, async () => paperTruth(venue, account), {
      accountId: account,
      positions: true,
    });

    // The adjustment is an order in the journal: a restarted engine shows the venue's position too.
    await running.engine.stop();
    await running.store.close();
    running = await build();
    closers.push(async () => {
      await running.engine.stop();
      await running.store.close();
    });
    expect(running.engine.positions(account).filter((p) => !p.signedQuantity.isZero())).toEqual([]);
    const adjustment = running.engine.orders({ accountId: account }).find((v) => v.order.request.tag === 'adopted');
    expect(adjustment?.order.filledQuantity.eq(Decimal.parse('10000'))).toBe(true);
  }, 60_000);
});
