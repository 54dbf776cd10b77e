/**
 * Engine against the Binance wire simulator: TMT never holds an order as finished while the venue works it,
 * and a fill the venue made is never dropped. Each case ends with TMT equal to the simulator's own view.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountId,
  ClientOrderId,
  Decimal,
  InstrumentId,
  Price,
  Quantity,
  type OrderRequest,
} from '../../../src/core';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { binanceTruth, startHarness, type Harness } from '../binance/harness';
import { eventually, startVenueEngine, type VenueEngine } from '../engine/support/venue-engine';

const ACCOUNT = AccountId.parse('binance-test');
const BTCUSDT = InstrumentId.of('BTCUSDT', 'BINANCE');
const SCOPE = { accountId: ACCOUNT, positions: false, balanceScale: 8 };

let h: Harness | undefined;
let e: VenueEngine | undefined;
afterEach(async () => {
  await e?.close();
  await h?.close();
  e = undefined;
  h = undefined;
});

function quote(harness: Harness): { bid: Price; ask: Price } {
  const q = harness.sim.state.market.quote('BTCUSDT');
  if (q === undefined) throw new Error('no quote');
  return q;
}

/** The engine prices market orders at the quote: the simulator publishes one when its market moves. */
async function withQuote(harness: Harness, engine: VenueEngine): Promise<void> {
  const { bid, ask } = quote(harness);
  const mid = Price.roundToTick(
    bid.add(ask).div(Decimal.fromInteger(2), 4, 'down'),
    Decimal.parse('0.01'),
    'down',
  );
  await eventually('a quote in the engine', async () => {
    harness.sim.state.market.movePrice('BTCUSDT', mid);
    await new Promise((resolve) => setTimeout(resolve, 30));
    return engine.engine.quotes().some((q) => q.instrumentId === BTCUSDT);
  });
}

function order(id: string, partial: Partial<OrderRequest> = {}): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id),
    accountId: ACCOUNT,
    instrumentId: BTCUSDT,
    side: 'buy',
    type: 'market',
    quantity: Quantity.parse('0.01'),
    timeInForce: 'IOC',
    postOnly: false,
    reduceOnly: false,
    ...partial,
  };
}

/** A post-only buy at the ask would take: Binance refuses it (-2010), and TMT holds it as rejected. */
async function rejectedInTmt(harness: Harness, engine: VenueEngine, id: string): Promise<void> {
  const request = order(id, {
    type: 'limit',
    timeInForce: 'GTC',
    price: Price.of(quote(harness).ask),
    postOnly: true,
  });
  await engine.engine.submit(request, 'test');
  await eventually(`${id} rejected`, () => engine.engine.order(request.clientOrderId)?.status === 'rejected');
}

describe('venue truth through the engine, against the Binance simulator', () => {
  it('an order the rate limiter holds past the timeout is never settled as absent: it fills, and TMT books the fill', async () => {
    // One order per ten seconds: the adapter certainly holds the second order past the 200 ms timeout, as
    // Binance's limits require, wherever the first falls in its window.
    h = await startHarness({
      sim: {
        rateLimits: [
          { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 1 },
        ],
      },
    });
    e = await startVenueEngine(h.venue.client, {
      timings: { requestTimeoutMs: 200, lookupDelayMs: 20, lookupAttempts: 2 },
    });
    await withQuote(h, e);
    // Three orders: the venue's windows are aligned to the clock, so when the first falls at the very end of
    // one window the second opens the next, and then the third is the one held.
    const ids = ['held-1', 'held-2', 'held-3'];
    for (const id of ids) expect((await e.engine.submit(order(id), 'test')).status).toBe('accepted');
    // The third may wait into the window after next: up to 20 s at one order per 10 s.
    await eventually(
      'all filled',
      () => ids.every((id) => e?.engine.order(ClientOrderId.parse(id))?.status === 'filled'),
      45_000,
    );
    const later = ids.slice(1).map((id) => e?.engine.order(ClientOrderId.parse(id))?.order);
    // An answer came late: that order was in doubt meanwhile, and no order was ever settled as rejected.
    expect(later.some((o) => o?.events.some((event) => event.type === 'OrderOutcomeUnknown'))).toBe(true);
    for (const o of later) {
      expect(o?.events.some((event) => event.type === 'OrderRejected')).toBe(false);
      expect(o?.filledQuantity.eq(Quantity.parse('0.01'))).toBe(true);
    }
    await waitEngineMatchesVenue(e.engine, async () => binanceTruth((h as Harness).sim, 'BINANCE'), SCOPE);
  }, 90_000);

  it('a fill on an order TMT holds as rejected is applied, with a drift alert, never dropped', async () => {
    h = await startHarness();
    e = await startVenueEngine(h.venue.client);
    await withQuote(h, e);
    await rejectedInTmt(h, e, 'late-fill-1');
    // The venue fills an order under that client id (a request TMT gave up on, arriving late).
    await h.venue.api.newOrder([
      ['symbol', 'BTCUSDT'],
      ['side', 'BUY'],
      ['type', 'MARKET'],
      ['quantity', '0.01'],
      ['newClientOrderId', 'late-fill-1'],
    ]);
    const settled = await eventually('the fill on the rejected order', () => {
      const found = e?.engine.order(ClientOrderId.parse('late-fill-1'))?.order;
      return found !== undefined && found.filledQuantity.isPositive() ? found : undefined;
    });
    expect(settled.status).toBe('filled');
    expect(e.alerts.some((a) => a.kind === 'drift' && a.message.includes('late-fill-1'))).toBe(true);
    await waitEngineMatchesVenue(e.engine, async () => binanceTruth((h as Harness).sim, 'BINANCE'), SCOPE);
  }, 60_000);

  it('an order working at the venue that TMT settled as rejected is adopted, with a drift alert; the account is REDUCING until it ends', async () => {
    h = await startHarness();
    e = await startVenueEngine(h.venue.client, { timings: { reconcileOpenOrdersEveryMs: 200 } });
    await withQuote(h, e);
    await rejectedInTmt(h, e, 'revived-1');
    expect(e.engine.tradingState(ACCOUNT)).toBe('ACTIVE');
    const price = Price.roundToTick(quote(h).bid.mul(Decimal.parse('0.98')), Decimal.parse('0.01'), 'down');
    await h.venue.api.newOrder([
      ['symbol', 'BTCUSDT'],
      ['side', 'BUY'],
      ['type', 'LIMIT'],
      ['timeInForce', 'GTC'],
      ['quantity', '0.01'],
      ['price', price.toString()],
      ['newClientOrderId', 'revived-1'],
    ]);
    const adopted = await eventually('the adopted order', () =>
      e?.engine
        .orders({ accountId: ACCOUNT, openOnly: true })
        .find((view) => view.order.venueClientOrderId === 'revived-1'),
    );
    expect(adopted.order.request.tag).toBe('adopted');
    expect(e.engine.order(ClientOrderId.parse('revived-1'))?.status).toBe('rejected');
    expect(e.alerts.some((a) => a.kind === 'drift' && a.message.includes('revived-1'))).toBe(true);
    await eventually('the unresolved item', () =>
      e?.engine.reconciliation().accounts[0]?.unresolved.some((item) => item.kind === 'order-live-at-venue'),
    );
    expect(e.engine.tradingState(ACCOUNT)).toBe('REDUCING');
    await waitEngineMatchesVenue(e.engine, async () => binanceTruth((h as Harness).sim, 'BINANCE'), SCOPE);
    // Resolved once the venue order ends: canceled through TMT, it is gone at the venue and the account ACTIVE.
    await e.engine.cancel(adopted.order.clientOrderId, 'test');
    await eventually('ACTIVE again', () => e?.engine.tradingState(ACCOUNT) === 'ACTIVE');
    expect(
      (await waitEngineMatchesVenue(e.engine, async () => binanceTruth((h as Harness).sim, 'BINANCE'), SCOPE))
        .openOrders,
    ).toHaveLength(0);
  }, 60_000);

  it('with the circuit open, a submit that certainly never left is rejected VENUE_CIRCUIT_OPEN and does not count as open', async () => {
    // One order per ten seconds, and a short engine timeout: the second order certainly times out in the
    // adapter's limiter wherever the first falls in its window, a transport failure that opens the breaker
    // (threshold 1).
    h = await startHarness({
      sim: {
        rateLimits: [
          { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
          { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 1 },
        ],
      },
    });
    e = await startVenueEngine(h.venue.client, {
      circuitBreaker: { failureThreshold: 1, openForMs: 600_000 },
      timings: { requestTimeoutMs: 200, lookupDelayMs: 20 },
    });
    await withQuote(h, e);
    await e.engine.submit(order('cb-1'), 'test');
    await e.engine.submit(order('cb-2'), 'test');
    await eventually('the breaker alert', () =>
      e?.alerts.some((a) => a.kind === 'circuit-breaker' && a.severity === 'critical'),
    );
    const refused = await e.engine.submit(order('cb-3'), 'test');
    await eventually(
      'cb-3 refused',
      () => e?.engine.order(ClientOrderId.parse('cb-3'))?.status === 'rejected',
    );
    expect(e.engine.order(ClientOrderId.parse('cb-3'))?.order.closingCode).toBe('VENUE_CIRCUIT_OPEN');
    expect(refused.status).toBe('accepted');
    expect(e.engine.orders({ openOnly: true }).map((v) => v.order.clientOrderId)).not.toContain('cb-3');
    // The held order still went out and filled; TMT shows exactly what the venue holds.
    await eventually('cb-2 filled', () => e?.engine.order(ClientOrderId.parse('cb-2'))?.status === 'filled');
    expect(
      h.sim.engine.order({ accountId: AccountId.parse('binance-sim'), clientOrderId: 'cb-3' }),
    ).toBeUndefined();
    await waitEngineMatchesVenue(e.engine, async () => binanceTruth((h as Harness).sim, 'BINANCE'), SCOPE);
  }, 60_000);
});
