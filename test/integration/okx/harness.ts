import { AccountId, Price, Decimal, InstrumentId, Quantity, type Clock } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { startOkxSimulator, type OkxSimulator, type OkxSimulatorOptions } from '../../../src/simulators/okx/server';
import { createOkxVenue, type OkxVenue } from '../../../src/venues/okx';
import type { LimitRule } from '../../../src/venues/okx/http/rate-limiter';
import type { VenueContractFixture } from '../../contract/venue-contract';
import type { VenueTruth, VenueTruthOrder } from '../../contract/venue-truth';

export interface Harness {
  readonly sim: OkxSimulator;
  readonly venue: OkxVenue;
  readonly clock: Clock;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly sim?: Partial<OkxSimulatorOptions>;
  readonly connect?: boolean;
  readonly orderTransport?: 'rest' | 'ws';
  readonly idleMs?: number;
  readonly timeoutMs?: number;
  /** The adapter's clock (a skewed one tests the 50102 re-sync); the simulator keeps the system clock. */
  readonly adapterClock?: Clock;
  readonly rateLimits?: Readonly<Record<string, LimitRule>>;
}

export const ACCOUNT = AccountId.parse('okx-test');
export const BTC_USDT = InstrumentId.of('BTC-USDT', 'OKX');

/** A simulator on port 0 and an adapter pointed at it, over real loopback HTTP and WebSockets. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = new SystemClock();
  const sim = await startOkxSimulator({ clock, ...options.sim });
  const venue = createOkxVenue({
    clock: options.adapterClock ?? clock,
    logger: silentLogger(),
    ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
    ...(options.rateLimits === undefined ? {} : { rateLimits: options.rateLimits }),
    account: {
      accountId: ACCOUNT,
      venue: 'okx',
      environment: 'custom',
      baseUrl: sim.url,
      wsPublicUrl: sim.wsPublicUrl,
      wsPrivateUrl: sim.wsPrivateUrl,
      wsBusinessUrl: sim.wsBusinessUrl,
      apiKey: sim.apiKey,
      secretKey: sim.secretKey,
      passphrase: sim.passphrase,
      ...(options.orderTransport === undefined ? {} : { orderTransport: options.orderTransport }),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    },
  });
  if (options.connect !== false) await venue.client.connect();
  return {
    sim,
    venue,
    clock,
    close: async () => {
      await venue.client.disconnect();
      await sim.close();
    },
  };
}

/**
 * The simulator's own view of the account (its engine's state), never read through the adapter. Live algo
 * orders are listed as OKX lists them (orders-algo-pending: one entry under algoClOrdId and algoId, whatever
 * legs the simulator keeps for it); an order an algo placed once triggered goes under the algo's ids, as
 * the adapter reports it.
 */
export async function venueTruth(sim: OkxSimulator): Promise<VenueTruth> {
  const accountId = AccountId.parse('okx-sim');
  const exchange = sim.state.exchange;
  const working = sim.engine.openOrders(accountId).filter((order) => exchange.meta.has(exchange.wireOrdId(order.orderId)));
  const openOrders: VenueTruthOrder[] = working.map((order) => {
    const meta = exchange.meta.get(exchange.wireOrdId(order.orderId));
    const fromAlgo = meta?.algo !== undefined && meta.clOrdId === '';
    return {
      venueClientOrderId: fromAlgo ? meta.algo.algoClOrdId : (meta?.clOrdId ?? order.request.clientOrderId),
      venueOrderId: fromAlgo ? meta.algo.algoId : exchange.wireOrdId(order.orderId),
      instrumentId: order.request.instrumentId,
      side: order.request.side,
      quantity: order.quantity,
      filledQuantity: order.filledQuantity,
      ...(order.price === undefined ? {} : { price: order.price }),
    };
  });
  for (const algo of sim.state.algos.pending(undefined)) {
    openOrders.push({
      venueClientOrderId: String(algo.algoClOrdId),
      venueOrderId: String(algo.algoId),
      instrumentId: InstrumentId.of(String(algo.instId), 'OKX'),
      side: algo.side === 'sell' ? 'sell' : 'buy',
      quantity: Quantity.parse(String(algo.sz)),
      filledQuantity: Quantity.parse('0'),
      ...(typeof algo.ordPx !== 'string' || algo.ordPx === '' || algo.ordPx === '-1' ? {} : { price: Price.parse(algo.ordPx) }),
    });
  }
  const balances = sim.engine.account(accountId).balances.map((b) => ({ currency: b.currency, total: b.total }));
  return { openOrders, positions: [], balances };
}

export function contractFixture(harness: Harness): VenueContractFixture {
  const { sim } = harness;
  return {
    client: harness.venue.client,
    accountId: ACCOUNT,
    instrumentId: BTC_USDT,
    quantity: Quantity.parse('0.01'),
    trailingOffset: { kind: 'basis-points', value: Decimal.fromInteger(100) },
    market: {
      quote: async () => {
        const quote = sim.state.market.quote('BTC-USDT');
        if (quote === undefined) throw new Error('no quote');
        return quote;
      },
      movePrice: async (_id, mid: Price) => {
        sim.state.market.movePrice('BTC-USDT', mid);
      },
      printTrade: async (_id, price, quantity) => {
        sim.state.market.printTrade('BTC-USDT', price, quantity);
      },
      advanceTime: async (ms) => {
        await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 50)));
        sim.state.advance();
        sim.state.market.refresh('BTC-USDT');
      },
    },
    now: () => harness.clock.now(),
    venueTruth: () => venueTruth(sim),
    close: () => harness.close(),
  };
}

export const d = (text: string): Decimal => Decimal.parse(text);
