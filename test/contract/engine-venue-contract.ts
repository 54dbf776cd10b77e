/**
 * The engine-level venue contract: a real ExecutionEngine (standard risk engine and portfolio, a SQLite journal
 * in a temporary directory) trades through a venue's client against that venue's simulator, and EVERY scenario
 * ends with TMT's open orders, positions and balances equal to what the simulator itself holds (VenueTruth).
 * The adapter-level suite (venue-contract.ts) checks the port; this one checks that TMT and the venue agree.
 *
 * How a venue plugs in (test/integration/<venue>/engine-contract.test.ts):
 * ```ts
 * runEngineVenueContract('myvenue', async () => contractFixture(await startHarness()));
 * ```
 * The fixture is the same VenueContractFixture the adapter-level suite uses, and it must also supply:
 * - `venueTruth()`: the account's working orders (with the client id the venue holds), positions and balances,
 *   read from the simulator's own state, never through the adapter under test;
 * - `market.printTrade(instrumentId, price, quantity)`: a public trade, so that a resting order fills partly;
 * - `matchScope` (optional): currencies to compare and the scale the venue shows balances at.
 * Scenarios for what the venue does not declare are skipped with a name that says why.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, OrderListId, Price, Quantity } from '../../src/core';
import type { Instrument, OrderAmendment, OrderRequest, OrderSide, OrderStatus, VenueClient, VenueListSubmission } from '../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../src/engine';
import { SystemClock } from '../../src/shared/system-clock';
import { openSqliteStore, type SqliteStore } from '../../src/store';
import { waitEngineMatchesVenue, type MatchScope } from './engine-matches-venue';
import { runEngineListScenarios, type ListCalls, type ListPath } from './engine-list-scenarios';
import type { VenueContractFixture } from './venue-contract';

const WAIT_MS = 20_000;
const TEST_MS = 60_000;
const ACTOR = 'engine-contract';

type ModifyStyle = 'declared' | 'cancel-then-new';

/**
 * The fixture's client as the engine sees it. The fixture connected it and closes it, so the engine's own
 * connect and disconnect are no-ops here. With 'cancel-then-new' the venue is seen without a modify of its
 * own, so that the engine cancels and then places the replacement.
 */
function engineView(client: VenueClient, style: ModifyStyle, lists: ListPath = 'native', counts?: ListCalls): VenueClient {
  const modify = style === 'declared' ? client.capabilities : { ...client.capabilities, modify: 'none' as const };
  // 'emulated': the venue is seen without its native lists, so the engine runs them leg by leg.
  const { nativeLists: _native, ...withoutLists } = modify;
  const capabilities = lists === 'native' ? modify : withoutLists;
  return new Proxy(client, {
    get(target, property) {
      if (property === 'capabilities') return capabilities;
      if (property === 'connect' || property === 'disconnect') return async () => undefined;
      if (property === 'submitList' && lists === 'emulated') return undefined;
      if (property === 'submitList' && client.submitList !== undefined && counts !== undefined) {
        return (list: VenueListSubmission) => {
          counts.submitList++;
          return (client.submitList as NonNullable<VenueClient['submitList']>).call(target, list);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function runEngineVenueContract(name: string, setup: () => Promise<VenueContractFixture>): void {
  describe(`engine venue contract: ${name}`, () => {
    let f: VenueContractFixture;
    let engine: ExecutionEngine;
    let store: SqliteStore;
    let directory: string;
    let instrument: Instrument;
    let scope: MatchScope;

    const listCalls: ListCalls = { submitList: 0 };
    let listPath: ListPath = 'native';

    async function openEngine(style: ModifyStyle): Promise<void> {
      const clock = f.clock ?? new SystemClock();
      store = await openSqliteStore({ path: join(directory, 'journal.db'), clock, checkpoint: 'none' });
      engine = new ExecutionEngine({
        clock,
        journal: store.journal,
        deadLetters: store.deadLetters,
        venues: [engineView(f.client, style, listPath, listCalls)],
        ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 } }),
        timings: { lookupDelayMs: 100 },
      });
      await engine.start();
    }

    /** A crash and a restart of TMT alone: the venue (and what it holds) lives on; the journal is reopened. */
    async function restart(): Promise<void> {
      await engine.stop();
      await store.close();
      await openEngine('declared');
    }

    async function start(style: ModifyStyle = 'declared', lists: ListPath = 'native'): Promise<void> {
      f = await setup();
      if (f.venueTruth === undefined) throw new Error(`the ${name} fixture must supply venueTruth() for the engine-level contract`);
      directory = mkdtempSync(join(tmpdir(), 'tmt-engine-contract-'));
      listPath = lists;
      listCalls.submitList = 0;
      await openEngine(style);
      const found = engine.instruments().find((i) => i.id === f.instrumentId);
      if (found === undefined) throw new Error(`fixture instrument ${f.instrumentId} is not listed by the venue`);
      instrument = found;
      scope = { accountId: f.accountId, positions: f.client.capabilities.positions, ...f.matchScope };
      // Risk prices market orders at the quote: a venue that streams only on change is nudged to publish one.
      // The market stream subscribes asynchronously, so the nudge repeats until a quote has arrived.
      const { bid, ask } = await f.market.quote(f.instrumentId);
      const mid = Price.roundToTick(bid.add(ask).div(Decimal.fromInteger(2), tick().scale + 2, 'half-even'), tick(), 'down');
      const deadline = Date.now() + WAIT_MS;
      while (!engine.quotes().some((q) => q.instrumentId === f.instrumentId)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for a quote of ${f.instrumentId} in the engine`);
        await f.market.movePrice(f.instrumentId, mid);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    // Each scenario starts its own engine in start(): some need the venue seen without a modify of its own.
    afterEach(async () => {
      const opened = { engine, store, f, directory };
      engine = undefined as never;
      store = undefined as never;
      f = undefined as never;
      directory = undefined as never;
      if (opened.engine !== undefined) await opened.engine.stop();
      if (opened.store !== undefined) await opened.store.close();
      if (opened.f !== undefined) await opened.f.close();
      if (opened.directory !== undefined) rmSync(opened.directory, { recursive: true, force: true });
    });

    const truth = () => (f.venueTruth as NonNullable<VenueContractFixture['venueTruth']>)();
    const matches = () => waitEngineMatchesVenue(engine, truth, scope);
    const tick = () => instrument.priceIncrement;
    const away = (price: Decimal, fraction: string, mode: 'down' | 'up'): Price =>
      Price.roundToTick(price.mul(Decimal.parse(fraction)), tick(), mode);
    const half = (): Quantity => Quantity.of(f.quantity.div(Decimal.fromInteger(2), f.quantity.scale + 2, 'down').roundToIncrement(instrument.sizeIncrement, 'down'));

    async function until(what: string, probe: () => boolean): Promise<void> {
      const deadline = Date.now() + WAIT_MS;
      while (!probe()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await f.market.advanceTime(20);
      }
    }

    const statusOf = (id: ClientOrderId): OrderStatus | undefined => engine.order(id)?.status;
    const waitStatus = (id: ClientOrderId, statuses: readonly OrderStatus[]) =>
      until(`${id} to be ${statuses.join('/')} (is ${String(statusOf(id))})`, () => statuses.includes(statusOf(id) as OrderStatus));

    function request(partial: Partial<OrderRequest> & Pick<OrderRequest, 'side' | 'type' | 'timeInForce'>): OrderRequest {
      return {
        clientOrderId: ClientOrderId.parse(`ec-${randomUUID().slice(0, 18)}`),
        accountId: f.accountId,
        instrumentId: f.instrumentId,
        quantity: f.quantity,
        postOnly: false,
        reduceOnly: false,
        ...partial,
      };
    }

    /** A buy limit one percent below the bid (or a sell one percent above the ask): it rests. */
    async function restingLimit(side: OrderSide = 'buy'): Promise<OrderRequest> {
      const { bid, ask } = await f.market.quote(f.instrumentId);
      return request({ side, type: 'limit', timeInForce: 'GTC', price: side === 'buy' ? away(bid, '0.99', 'down') : away(ask, '1.01', 'up') });
    }

    async function submitAccepted(order: OrderRequest): Promise<ClientOrderId> {
      const outcome = await engine.submit(order, ACTOR);
      expect(outcome.status, JSON.stringify(outcome.status === 'denied' ? outcome.denial : outcome.order.order.closingReason)).toBe('accepted');
      await waitStatus(order.clientOrderId, ['accepted', 'partially-filled', 'filled']);
      return order.clientOrderId;
    }

    /** A public trade just through a resting buy: it fills `quantity` of it, as a maker at its own price. */
    async function tradeThrough(order: OrderRequest, quantity: Quantity): Promise<void> {
      if (f.market.printTrade === undefined) throw new Error('the fixture must supply market.printTrade');
      await f.market.printTrade(f.instrumentId, Price.of((order.price as Price).sub(tick())), quantity);
    }

    it('submits a resting limit: open in TMT and at the venue with the same client id, price and quantity', async () => {
      await start();
      const order = await restingLimit();
      await submitAccepted(order);
      const venue = await matches();
      expect(venue.openOrders).toHaveLength(1);
      expect(venue.openOrders[0]?.venueClientOrderId).toBe(engine.order(order.clientOrderId)?.order.venueClientOrderId);
    }, TEST_MS);

    it('cancels a resting limit: closed in TMT, gone from the venue', async () => {
      await start();
      const id = await submitAccepted(await restingLimit());
      const view = await engine.cancel(id, ACTOR);
      await waitStatus(id, ['canceled']);
      expect(view.order.clientOrderId).toBe(id);
      expect((await matches()).openOrders).toHaveLength(0);
    }, TEST_MS);

    for (const style of ['declared', 'cancel-then-new'] as const) {
      const label = style === 'declared' ? 'the venue’s own modify' : 'the engine’s cancel then new';
      const changes: { readonly what: string; readonly amend: (o: OrderRequest) => OrderAmendment }[] = [
        { what: 'the price', amend: (o) => ({ price: Price.of((o.price as Price).sub(tick())) }) },
        { what: 'the quantity down', amend: () => ({ quantity: half() }) },
        { what: 'the quantity up', amend: () => ({ quantity: Quantity.of(f.quantity.add(f.quantity)) }) },
      ];
      for (const change of changes) {
        it(`modifies ${change.what} by ${label}: one working order at the venue, as TMT shows it, then cancels it`, async (context) => {
          await start(style);
          if (style === 'declared' && f.client.capabilities.modify === 'none') {
            context.skip();
            return;
          }
          const order = await restingLimit();
          await submitAccepted(order);
          const amendment = change.amend(order);
          const view = await engine.modify(order.clientOrderId, amendment, ACTOR);
          await waitStatus(order.clientOrderId, ['accepted']);
          const shown = engine.order(order.clientOrderId)?.order;
          expect(view.order.clientOrderId).toBe(order.clientOrderId);
          if (amendment.price !== undefined) expect(shown?.price?.eq(amendment.price)).toBe(true);
          if (amendment.quantity !== undefined) expect(shown?.quantity.eq(amendment.quantity)).toBe(true);
          const venue = await matches();
          expect(venue.openOrders).toHaveLength(1);
          expect(venue.openOrders[0]?.venueClientOrderId).toBe(shown?.venueClientOrderId);
          // The id TMT holds is the one the venue holds: the next cancel reaches the order.
          await engine.cancel(order.clientOrderId, ACTOR);
          await waitStatus(order.clientOrderId, ['canceled']);
          expect((await matches()).openOrders).toHaveLength(0);
        }, TEST_MS);
      }
    }

    it('fills a resting limit partly: TMT shows the filled part, the position and balances the venue holds', async (context) => {
      await start();
      if (f.market.printTrade === undefined || half().lt(instrument.minQuantity)) {
        context.skip();
        return;
      }
      const order = await restingLimit();
      await submitAccepted(order);
      await tradeThrough(order, half());
      await waitStatus(order.clientOrderId, ['partially-filled']);
      expect(engine.order(order.clientOrderId)?.order.filledQuantity.eq(half())).toBe(true);
      const venue = await matches();
      expect(venue.openOrders[0]?.filledQuantity.eq(half())).toBe(true);
      await engine.cancel(order.clientOrderId, ACTOR);
      await waitStatus(order.clientOrderId, ['canceled']);
      await matches();
    }, TEST_MS);

    for (const style of ['declared', 'cancel-then-new'] as const) {
      it(`modifies the price of a partly filled order (${style === 'declared' ? 'the venue’s own modify' : 'cancel then new'}): the venue works only the rest`, async (context) => {
        await start(style);
        if (f.market.printTrade === undefined || half().lt(instrument.minQuantity) || (style === 'declared' && f.client.capabilities.modify === 'none')) {
          context.skip();
          return;
        }
        const order = await restingLimit();
        await submitAccepted(order);
        await tradeThrough(order, half());
        await waitStatus(order.clientOrderId, ['partially-filled']);
        const newPrice = Price.of((order.price as Price).sub(tick().mul(Decimal.fromInteger(2))));
        await engine.modify(order.clientOrderId, { price: newPrice }, ACTOR);
        await waitStatus(order.clientOrderId, ['partially-filled']);
        expect(engine.order(order.clientOrderId)?.order.price?.eq(newPrice)).toBe(true);
        const venue = await matches();
        expect(venue.openOrders).toHaveLength(1);
      }, TEST_MS);
    }

    it('fills a market order: TMT shows the position and balances the venue holds', async () => {
      await start();
      const order = request({ side: 'buy', type: 'market', timeInForce: f.client.capabilities.timeInForce.market?.[0] ?? 'IOC' });
      await submitAccepted(order);
      await waitStatus(order.clientOrderId, ['filled']);
      await matches();
    }, TEST_MS);

    it('runs an OCO list (limit below, stop above): one fills, the other ends, TMT and the venue agree (skipped unless OCO is declared)', async (context) => {
      await start();
      const caps = f.client.capabilities;
      if (!caps.orderLists.includes('OCO') || f.market.printTrade === undefined) {
        context.skip();
        return;
      }
      const { ask } = await f.market.quote(f.instrumentId);
      const limit = await restingLimit();
      const stop = request({ side: 'buy', type: 'stop-market', timeInForce: 'GTC', triggerPrice: away(ask, '1.01', 'up') });
      const listId = OrderListId.of(`ecl-${randomUUID().slice(0, 12)}`);
      const outcomes = await engine.submitList(
        [
          { ...limit, contingency: { listId, type: 'OCO', linkedClientOrderIds: [stop.clientOrderId] } },
          { ...stop, contingency: { listId, type: 'OCO', linkedClientOrderIds: [limit.clientOrderId] } },
        ],
        ACTOR,
      );
      expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted']);
      await waitStatus(limit.clientOrderId, ['accepted']);
      await matches();
      await tradeThrough(limit, f.quantity);
      await waitStatus(limit.clientOrderId, ['filled']);
      await waitStatus(stop.clientOrderId, ['canceled', 'expired']);
      expect((await matches()).openOrders).toHaveLength(0);
    }, TEST_MS);

    runEngineListScenarios({
      start,
      restart,
      engine: () => engine,
      fixture: () => f,
      instrument: () => instrument,
      matches,
      request,
      restingLimit,
      tradeThrough,
      waitStatus,
      until,
      away,
      listCalls,
    });

    it('kill switch: HALTED, every order (a modified one too) canceled at the venue, new submits denied', async () => {
      await start();
      const first = await restingLimit();
      const second = await restingLimit('buy');
      await submitAccepted(first);
      await submitAccepted({ ...second, price: away(second.price as Price, '0.99', 'down') });
      if (f.client.capabilities.modify !== 'none')
        await engine.modify(first.clientOrderId, { price: Price.of((first.price as Price).sub(tick())) }, ACTOR);
      await matches();
      const result = await engine.killSwitch({ flatten: false }, ACTOR);
      expect(result.failures).toEqual([]);
      expect(engine.tradingState('global')).toBe('HALTED');
      expect((await matches()).openOrders).toHaveLength(0);
      expect(engine.orders({ accountId: f.accountId, openOnly: true })).toHaveLength(0);
      const denied = await engine.submit(await restingLimit(), ACTOR);
      expect(denied.status === 'denied' ? denied.denial.code : denied.status).toBe('RISK_TRADING_HALTED');
      await matches();
    }, TEST_MS);
  });
}
