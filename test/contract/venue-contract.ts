/**
 * The shared venue contract: every VenueClient implementation (paper, OANDA against its simulator, Binance
 * against its simulator, ...) runs this suite. It exercises every capability the venue declares and skips,
 * visibly (a skipped test whose name says why), what the venue does not declare.
 *
 * Usage, in a *.test.ts file:
 * ```ts
 * runVenueContract('paper', async () => ({ client, accountId, instrumentId, quantity, market, now, close }));
 * ```
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, deriveVenueClientOrderId, Price, Quantity } from '../../src/core';
import type { AccountId, Clock, Instrument, InstrumentId, MarketDataEvent, OrderRequest, OrderSide, OrderStatusReport, OrderType } from '../../src/core';
import type { SubmitResult, TimeInForce, Timestamp, TrailingOffset, VenueClient, VenueReport } from '../../src/core';
import type { MatchScope } from './engine-matches-venue';
import type { VenueTruth } from './venue-truth';

/** Hooks the suite uses to drive the venue's market; each implementation maps them to its simulator. */
export interface VenueMarketControl {
  /** The venue's current best bid and ask for the instrument. */
  quote(instrumentId: InstrumentId): Promise<{ readonly bid: Price; readonly ask: Price }>;
  /**
   * Moves the market so that the mid ends at `mid`, printing trades along the way as a real market would,
   * and resolves once the venue has applied it (resting orders crossed on the way have had their chance to fill).
   */
  movePrice(instrumentId: InstrumentId, mid: Price): Promise<void>;
  /** Lets `ms` of venue time pass (advances a manual clock, or waits on a real one). */
  advanceTime(ms: number): Promise<void>;
  /**
   * A public trade of `quantity` at `price` (sold into the bids when below them), without moving the quote:
   * a resting buy priced above it fills by at most `quantity`. The engine-level contract's partial fills use it.
   */
  printTrade?(instrumentId: InstrumentId, price: Price, quantity: Quantity): Promise<void>;
}

export interface VenueContractFixture {
  /** Connected. */
  readonly client: VenueClient;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** Valid for the instrument (lot, minimums) and affordable many times over by the account. */
  readonly quantity: Quantity;
  /** A trailing offset the venue accepts for the instrument (when it declares trailing stops). */
  readonly trailingOffset?: TrailingOffset;
  readonly market: VenueMarketControl;
  /** The venue's clock. */
  now(): Timestamp;
  /** The clock an engine over this venue must share (a manual clock the fixture advances); default the system's. */
  readonly clock?: Clock;
  /** The venue's own view of the account, read from the simulator's state, not through the adapter. */
  venueTruth?(): Promise<VenueTruth>;
  /** How the engine-level contract compares balances (currencies, the scale the venue shows them at). */
  readonly matchScope?: Pick<MatchScope, 'currencies' | 'balanceScale'>;
  /** The venue takes the next order (or order list) and its answer is lost on the way back (engine list contract). */
  loseNextOrderAnswer?(): void;
  /** The venue refuses a list whose resting limit leg would take liquidity (Binance LIMIT_MAKER legs, FXCM ORA-20112). */
  readonly refusesMarketableListLimit?: boolean;
  close(): Promise<void>;
}

const TERMINAL = new Set(['filled', 'canceled', 'expired', 'rejected']);
const WAIT_TIMEOUT_MS = 20_000;

export function runVenueContract(name: string, setup: () => Promise<VenueContractFixture>): void {
  describe(`venue contract: ${name}`, () => {
    let f: VenueContractFixture;
    let instrument: Instrument;
    const reports: VenueReport[] = [];
    let unsubscribe: () => void = () => undefined;

    beforeEach(async () => {
      f = await setup();
      reports.length = 0;
      unsubscribe = f.client.onReport((report) => reports.push(report));
      const found = (await f.client.instruments()).find((i) => i.id === f.instrumentId);
      if (found === undefined) throw new Error(`fixture instrument ${f.instrumentId} is not listed by the venue`);
      instrument = found;
    });
    afterEach(async () => {
      unsubscribe();
      await f.close();
    });

    const caps = () => f.client.capabilities;
    const tick = () => instrument.priceIncrement;
    const clientId = (order: OrderRequest, revision = 0) => deriveVenueClientOrderId(order.clientOrderId, caps().clientOrderId, revision);
    const away = (price: Decimal, fraction: string, mode: 'down' | 'up'): Price => Price.roundToTick(price.mul(Decimal.parse(fraction)), tick(), mode);

    function request(partial: Partial<OrderRequest> & { side: OrderSide; type: OrderType; timeInForce: TimeInForce }): OrderRequest {
      return {
        clientOrderId: ClientOrderId.parse(`vc-${randomUUID().slice(0, 18)}`),
        accountId: f.accountId,
        instrumentId: f.instrumentId,
        quantity: f.quantity,
        postOnly: false,
        reduceOnly: false,
        ...partial,
      };
    }

    const send = (order: OrderRequest): Promise<SubmitResult> => f.client.submit({ request: order, venueClientOrderId: clientId(order) });
    const statusOf = (order: OrderRequest): Promise<OrderStatusReport | undefined> =>
      f.client.orderStatus({ accountId: f.accountId, instrumentId: f.instrumentId, venueClientOrderId: clientId(order) });

    /** Polls a condition, letting venue time pass between tries; fails with `what` after the timeout. */
    async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
      const deadline = Date.now() + WAIT_TIMEOUT_MS;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await f.market.advanceTime(100);
      }
    }

    const waitStatus = (order: OrderRequest, statuses: readonly string[]) =>
      waitFor(`${order.clientOrderId} to reach ${statuses.join('/')}`, async () => {
        const report = await statusOf(order);
        return report !== undefined && statuses.includes(report.status) ? report : undefined;
      });

    /** An order of the given type that the venue should accept and leave resting (not fill at once). */
    async function restingOrder(type: OrderType, timeInForce: TimeInForce, side: OrderSide = 'buy'): Promise<OrderRequest> {
      const { bid, ask } = await f.market.quote(f.instrumentId);
      const below = away(bid, '0.99', 'down');
      const above = away(ask, '1.01', 'up');
      const passive = side === 'buy' ? below : above;
      const adverse = side === 'buy' ? above : below;
      const expireAt = timeInForce === 'GTD' ? { expireAt: f.now() + 3_600_000 } : {};
      switch (type) {
        case 'limit':
          return request({ side, type, timeInForce, price: passive, ...expireAt });
        case 'stop-market':
          return request({ side, type, timeInForce, triggerPrice: adverse, ...expireAt });
        case 'stop-limit':
          return request({ side, type, timeInForce, triggerPrice: adverse, price: adverse, ...expireAt });
        case 'market-if-touched':
          return request({ side, type, timeInForce, triggerPrice: passive, ...expireAt });
        case 'limit-if-touched':
          return request({ side, type, timeInForce, triggerPrice: passive, price: passive, ...expireAt });
        case 'trailing-stop':
          if (f.trailingOffset === undefined) throw new Error('the fixture must give a trailingOffset for trailing stops');
          return request({ side, type, timeInForce, trailingOffset: f.trailingOffset, ...expireAt });
        case 'trailing-limit':
          if (f.trailingOffset === undefined) throw new Error('the fixture must give a trailingOffset for trailing limits');
          return request({ side, type, timeInForce, trailingOffset: f.trailingOffset, limitOffset: tick(), ...expireAt });
        case 'market':
          return request({ side, type, timeInForce });
      }
    }

    it('declares coherent capabilities', () => {
      expect(caps().orderTypes.length).toBeGreaterThan(0);
      for (const type of Object.keys(caps().timeInForce)) expect(caps().orderTypes).toContain(type);
      expect(caps().clientOrderId.maxLength).toBeGreaterThan(0);
    });

    it('lists instruments with positive increments', async () => {
      const instruments = await f.client.instruments();
      expect(instruments.length).toBeGreaterThan(0);
      for (const i of instruments) {
        expect(i.priceIncrement.isPositive()).toBe(true);
        expect(i.sizeIncrement.isPositive()).toBe(true);
      }
    });

    it('reports the account with balances', async () => {
      const account = await f.client.account(f.accountId);
      expect(account.accountId).toBe(f.accountId);
      expect(account.balances.length).toBeGreaterThan(0);
    });

    it('streams market data with bid below ask (checked on the streamed events)', async () => {
      const events: MarketDataEvent[] = [];
      const stop = f.client.subscribeMarketData([f.instrumentId], (event) => events.push(event));
      const sides = (event: MarketDataEvent): { bid: Price; ask: Price } | undefined => {
        if (event.type === 'QuoteTick') return { bid: event.bid, ask: event.ask };
        const [bid, ask] = event.type === 'OrderBookUpdate' && event.kind === 'snapshot' && event.valid ? [event.bids[0], event.asks[0]] : [];
        return bid === undefined || ask === undefined ? undefined : { bid: bid.price, ask: ask.price };
      };
      try {
        // A venue that streams only on change is moved to its own mid, so that it publishes; the subscription
        // is made asynchronously, so the move repeats until something has arrived.
        const { bid, ask } = await f.market.quote(f.instrumentId);
        const mid = Price.roundToTick(bid.add(ask).div(Decimal.fromInteger(2), tick().scale + 2, 'half-even'), tick(), 'down');
        await waitFor('a streamed quote or book top', async () => {
          if (events.some((e) => sides(e) !== undefined)) return true;
          await f.market.movePrice(f.instrumentId, mid);
          return undefined;
        });
        expect(events.every((e) => e.instrumentId === f.instrumentId)).toBe(true);
        for (const top of events.map(sides)) if (top !== undefined) expect(top.bid.lt(top.ask), `bid ${top.bid.toString()} ask ${top.ask.toString()}`).toBe(true);
      } finally {
        stop();
      }
    });

    describe('each declared order type and time in force', () => {
      for (const type of ['market', 'limit', 'stop-market', 'stop-limit', 'market-if-touched', 'limit-if-touched', 'trailing-stop'] as const) {
        for (const tif of ['GTC', 'GTD', 'DAY', 'IOC', 'FOK'] as const) {
          const declared = () => (caps().timeInForce[type] ?? []).includes(tif) && caps().orderTypes.includes(type);
          it(`${type} ${tif}: accepted, visible by client and venue id, then filled or canceled (skipped when not declared)`, async (context) => {
            if (!declared()) {
              context.skip();
              return;
            }
            // On a conditional order IOC/FOK applies once the trigger releases it: untriggered, it rests like GTC.
            const conditional = type !== 'market' && type !== 'limit';
            const immediate = type === 'market' || (!conditional && (tif === 'IOC' || tif === 'FOK'));
            const order = type === 'market' ? request({ side: 'buy', type, timeInForce: tif }) : await restingOrder(type, tif);
            const result = await send(order);
            expect(result.status, JSON.stringify(result)).toBe('accepted');
            if (result.status !== 'accepted') return;
            const byVenueId = await f.client.orderStatus({ accountId: f.accountId, venueOrderId: result.venueOrderId });
            expect(byVenueId?.venueOrderId).toBe(result.venueOrderId);
            if (immediate) {
              // A market order fills; a passive IOC/FOK ends unfilled (canceled or expired, by the venue's word).
              const final = await waitStatus(order, [...TERMINAL]);
              if (type === 'market') expect(final.status).toBe('filled');
              else expect(final.filledQuantity.isZero()).toBe(true);
              return;
            }
            const open = await f.client.openOrders(f.accountId, f.instrumentId);
            expect(open.map((o) => o.venueOrderId)).toContain(result.venueOrderId);
            const byClientId = await statusOf(order);
            expect(byClientId?.venueOrderId).toBe(result.venueOrderId);
            expect(byClientId?.type).toBe(type);
            const canceled = await f.client.cancel({
              accountId: f.accountId,
              instrumentId: f.instrumentId,
              venueClientOrderId: clientId(order),
              venueOrderId: result.venueOrderId,
            });
            expect(canceled.status).toBe('canceled');
            expect((await statusOf(order))?.status).toBe('canceled');
          });
        }
      }
    });

    it('rejects a price off the tick with a code', async () => {
      const order = await restingOrder('limit', 'GTC');
      const offTick = Price.of((order.price as Price).add(tick().div(Decimal.fromInteger(3), tick().scale + 2, 'down')));
      const result = await send({ ...order, price: offTick });
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') expect(result.code).toMatch(/^VENUE_/);
    });

    it('rejects a quantity below the minimum with a code', async () => {
      const order = await restingOrder('limit', 'GTC');
      const tooSmall = instrument.minQuantity.sub(instrument.sizeIncrement);
      const result = await send({ ...order, quantity: (tooSmall.isNegative() ? Decimal.ZERO : tooSmall) as Quantity });
      expect(result.status).toBe('rejected');
    });

    it('treats a second submit with the same client id as a duplicate, never as a second order', async () => {
      const order = await restingOrder('limit', 'GTC');
      const first = await send(order);
      expect(first.status).toBe('accepted');
      const second = await send(order);
      if (second.status === 'accepted' && first.status === 'accepted') expect(second.venueOrderId).toBe(first.venueOrderId);
      else if (second.status === 'rejected') expect(second.code).toBe('VENUE_DUPLICATE_ORDER');
      const open = await f.client.openOrders(f.accountId, f.instrumentId);
      expect(open.filter((o) => o.venueClientOrderId === clientId(order))).toHaveLength(1);
    });

    it('answers undefined for an order it never saw, and rejects its cancel', async () => {
      const order = request({ side: 'buy', type: 'limit', timeInForce: 'GTC' });
      expect(await statusOf(order)).toBeUndefined();
      const result = await f.client.cancel({ accountId: f.accountId, instrumentId: f.instrumentId, venueClientOrderId: clientId(order) });
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') expect(result.code).toBe('VENUE_UNKNOWN_ORDER');
    });

    it('rejects the cancel of an order that is already canceled', async () => {
      const order = await restingOrder('limit', 'GTC');
      expect((await send(order)).status).toBe('accepted');
      const cancel = { accountId: f.accountId, instrumentId: f.instrumentId, venueClientOrderId: clientId(order) };
      expect((await f.client.cancel(cancel)).status).toBe('canceled');
      expect((await f.client.cancel(cancel)).status).toBe('rejected');
      expect((await f.client.openOrders(f.accountId)).some((o) => o.venueClientOrderId === cancel.venueClientOrderId)).toBe(false);
    });

    it('modifies a resting limit price (skipped when the venue declares no modify)', async (context) => {
      if (caps().modify === 'none') {
        context.skip();
        return;
      }
      const order = await restingOrder('limit', 'GTC');
      const accepted = await send(order);
      expect(accepted.status).toBe('accepted');
      const newPrice = Price.of((order.price as Price).sub(tick()));
      const replacementVenueClientOrderId = clientId(order, 1);
      const result = await f.client.modify({
        accountId: f.accountId,
        instrumentId: f.instrumentId,
        venueClientOrderId: clientId(order),
        amendment: { price: newPrice },
        replacement: { ...order, price: newPrice },
        replacementVenueClientOrderId,
      });
      expect(result.status).toBe('modified');
      if (result.status !== 'modified') return;
      const now = await f.client.orderStatus({ accountId: f.accountId, venueOrderId: result.venueOrderId });
      expect(now?.price?.eq(newPrice)).toBe(true);
    });

    it('accepts an iceberg that shows part of its size, held at the venue with that display size (skipped when iceberg is not declared)', async (context) => {
      const increment = instrument.sizeIncrement;
      const display = Quantity.of(f.quantity.div(Decimal.fromInteger(2), increment.scale + 2, 'down').roundToIncrement(increment, 'down'));
      if (!caps().iceberg || !display.isPositive() || display.lt(instrument.minQuantity)) {
        context.skip();
        return;
      }
      const order = { ...(await restingOrder('limit', 'GTC')), displayQuantity: display };
      expect((await send(order)).status).toBe('accepted');
      expect((await statusOf(order))?.quantity.eq(f.quantity)).toBe(true);
      if (f.venueTruth === undefined) throw new Error('the fixture must supply venueTruth() to check the display size');
      const held = (await f.venueTruth()).openOrders.find((o) => o.venueClientOrderId === clientId(order));
      expect(held?.displayQuantity?.toString()).toBe(display.toString());
    });

    it('places the stop-loss attached to an entry at the venue once the entry fills (skipped when attached orders are not declared)', async (context) => {
      if (!caps().attachedOrders) {
        context.skip();
        return;
      }
      if (f.venueTruth === undefined) throw new Error('the fixture must supply venueTruth() to find the stop-loss at the venue');
      const entry = await restingOrder('limit', 'GTC');
      const stopTrigger = away(entry.price as Price, '0.98', 'down');
      const order = { ...entry, attached: { stopLoss: { triggerPrice: stopTrigger } } };
      expect((await send(order)).status).toBe('accepted');
      await f.market.movePrice(f.instrumentId, away(entry.price as Price, '0.995', 'down'));
      await waitStatus(order, ['filled']);
      const stop = await waitFor('the stop-loss at the venue', async () =>
        (await (f.venueTruth as NonNullable<VenueContractFixture['venueTruth']>)()).openOrders.find((o) => o.triggerPrice?.eq(stopTrigger) === true),
      );
      expect(stop.side).toBe('sell');
      expect(stop.quantity.eq(f.quantity)).toBe(true);
    });

    it('fills a market order: fill reports on the stream and in fillsSince, position and account updated', async () => {
      const since = f.now();
      const before = await f.client.account(f.accountId);
      const positionBefore = caps().positions ? await netPosition() : Decimal.ZERO;
      const order = request({ side: 'buy', type: 'market', timeInForce: marketTif() });
      const result = await send(order);
      expect(result.status).toBe('accepted');
      const final = await waitStatus(order, ['filled']);
      expect(final.filledQuantity.eq(f.quantity)).toBe(true);
      const fills = await waitFor('fills since the submit', async () => {
        const all = (await f.client.fillsSince(f.accountId, since)).filter((x) => x.venueClientOrderId === final.venueClientOrderId);
        const total = all.reduce((sum, x) => sum.add(x.quantity), Decimal.ZERO);
        return total.eq(f.quantity) ? all : undefined;
      });
      expect(new Set(fills.map((x) => x.tradeId)).size).toBe(fills.length);
      await waitFor('fill reports on the stream', async () =>
        reports.some((r) => r.kind === 'fill' && r.report.venueClientOrderId === final.venueClientOrderId) ? true : undefined,
      );
      if (caps().positions) expect((await netPosition()).sub(positionBefore).eq(f.quantity)).toBe(true);
      const after = await f.client.account(f.accountId);
      expect(JSON.stringify(after.balances)).not.toBe(JSON.stringify(before.balances));
    });

    it('fills a resting buy limit when the market moves down through it', async () => {
      const order = await restingOrder('limit', 'GTC');
      expect((await send(order)).status).toBe('accepted');
      await f.market.movePrice(f.instrumentId, away(order.price as Price, '0.995', 'down'));
      const final = await waitStatus(order, ['filled']);
      expect(final.averageFillPrice?.lte(order.price as Price)).toBe(true);
    });

    it('triggers a buy stop when the market rises through it (skipped when stops are not declared)', async (context) => {
      if (!caps().orderTypes.includes('stop-market')) {
        context.skip();
        return;
      }
      const order = await restingOrder('stop-market', caps().timeInForce['stop-market']?.[0] ?? 'GTC');
      expect((await send(order)).status).toBe('accepted');
      await f.market.movePrice(f.instrumentId, away(order.triggerPrice as Price, '1.005', 'up'));
      const final = await waitStatus(order, ['filled']);
      expect(final.averageFillPrice?.gte(order.triggerPrice as Price)).toBe(true);
    });

    it('rejects or ends a post-only order that would take (skipped when post-only is not declared)', async (context) => {
      if (!caps().postOnly) {
        context.skip();
        return;
      }
      const { ask } = await f.market.quote(f.instrumentId);
      const order = request({ side: 'buy', type: 'limit', timeInForce: 'GTC', price: Price.of(ask), postOnly: true });
      const result = await send(order);
      if (result.status === 'accepted') {
        const final = await waitStatus(order, [...TERMINAL]);
        expect(final.filledQuantity.isZero()).toBe(true);
      } else expect(result.code).toMatch(/^VENUE_/);
    });

    it('refuses a reduce-only order that would open a position (skipped unless reduce-only and positions are declared)', async (context) => {
      if (!caps().reduceOnly || !caps().positions || !(await netPosition()).isZero()) {
        context.skip();
        return;
      }
      const order = request({ side: 'sell', type: 'market', timeInForce: marketTif(), reduceOnly: true });
      const result = await send(order);
      if (result.status === 'accepted') expect((await waitStatus(order, [...TERMINAL])).filledQuantity.isZero()).toBe(true);
      else expect(result.status).toBe('rejected');
    });

    it('expires a GTD order at its expiry (skipped when GTD limits are not declared)', async (context) => {
      if (!(caps().timeInForce.limit ?? []).includes('GTD')) {
        context.skip();
        return;
      }
      const order = { ...(await restingOrder('limit', 'GTD')), expireAt: f.now() + 60_000 };
      expect((await send(order)).status).toBe('accepted');
      await f.market.advanceTime(61_000);
      expect((await waitStatus(order, ['expired', 'canceled'])).filledQuantity.isZero()).toBe(true);
    });

    it('lists positions that sum to the fills (skipped when the venue keeps no positions)', async (context) => {
      if (!caps().positions) {
        context.skip();
        return;
      }
      const before = await netPosition();
      const order = request({ side: 'sell', type: 'market', timeInForce: marketTif() });
      expect((await send(order)).status).toBe('accepted');
      await waitStatus(order, ['filled']);
      expect((await netPosition()).sub(before).eq(f.quantity.neg())).toBe(true);
    });

    function marketTif(): TimeInForce {
      return caps().timeInForce.market?.[0] ?? 'IOC';
    }

    async function netPosition(): Promise<Decimal> {
      const positions = await f.client.positions(f.accountId);
      return positions.filter((p) => p.instrumentId === f.instrumentId).reduce((sum, p) => sum.add(p.signedQuantity), Decimal.ZERO);
    }
  });
}
