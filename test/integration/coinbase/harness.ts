import type { Clock, Price } from '../../../src/core';
import { AccountId, Decimal, InstrumentId, Quantity } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { SystemClock } from '../../../src/shared/system-clock';
import { startCoinbaseSimulator, type CoinbaseSimulator, type CoinbaseSimulatorOptions } from '../../../src/simulators/coinbase/server';
import { createCoinbaseVenue, type CoinbaseVenue } from '../../../src/venues/coinbase';
import type { CoinbaseAccountConfig } from '../../../src/venues/coinbase/config';
import type { VenueContractFixture } from '../../contract/venue-contract';
import type { VenueTruth } from '../../contract/venue-truth';

/** Real time plus an offset a test can move forward: simulator and adapter share it, so JWT times agree. */
export class OffsetClock implements Clock {
  private offset = 0;
  private readonly base = new SystemClock();

  now(): number {
    return this.base.now() + this.offset;
  }

  monotonicNanos(): bigint {
    return this.base.monotonicNanos();
  }

  setTimeout(delayMs: number, callback: () => void): () => void {
    return this.base.setTimeout(delayMs, callback);
  }

  skip(ms: number): void {
    this.offset += ms;
  }
}

export interface Harness {
  readonly sim: CoinbaseSimulator;
  readonly venue: CoinbaseVenue;
  readonly clock: OffsetClock;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly sim?: Partial<CoinbaseSimulatorOptions>;
  /** Reuse a running simulator (restart scenarios). */
  readonly reuse?: CoinbaseSimulator;
  readonly connect?: boolean;
  readonly account?: Partial<CoinbaseAccountConfig>;
  readonly clock?: OffsetClock;
}

/** A simulator on port 0 and an adapter pointed at it, over real loopback HTTP and WebSockets. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new OffsetClock();
  const sim = options.reuse ?? (await startCoinbaseSimulator({ clock, ...options.sim }));
  const venue = createCoinbaseVenue({
    clock,
    logger: silentLogger(),
    account: {
      accountId: 'coinbase-test',
      environment: 'custom',
      baseUrl: sim.url,
      wsUrl: sim.wsUrl,
      wsUserUrl: sim.wsUserUrl,
      apiKeyName: sim.apiKeyName,
      apiPrivateKey: sim.apiPrivateKey,
      ...options.account,
    },
  });
  if (options.connect !== false) await venue.client.connect();
  return {
    sim,
    venue,
    clock,
    close: async () => {
      await venue.client.disconnect();
      if (options.reuse === undefined) await sim.close();
    },
  };
}

export const BTC_USD = InstrumentId.of('BTC-USD', 'COINBASE');

/** The simulator's own view of the account, read from its engine (never through the adapter). */
export function venueTruth(sim: CoinbaseSimulator): VenueTruth {
  const accountId = sim.state.exchange.accountId;
  return {
    openOrders: sim.engine.openOrders(accountId).flatMap((order) => {
      const meta = sim.state.exchange.metaOf(order);
      if (meta === undefined) return [];
      return [
        {
          venueClientOrderId: meta.clientOrderId,
          venueOrderId: meta.orderId,
          instrumentId: order.request.instrumentId,
          side: order.request.side,
          quantity: order.quantity,
          filledQuantity: order.filledQuantity,
          ...(order.price === undefined ? {} : { price: order.price }),
          ...(order.triggerPrice === undefined ? {} : { triggerPrice: order.triggerPrice }),
        },
      ];
    }),
    positions: [],
    balances: sim.engine.account(accountId).balances.map((b) => ({ currency: b.currency, total: b.total })),
  };
}

export function contractFixture(harness: Harness): VenueContractFixture {
  const { sim } = harness;
  return {
    client: harness.venue.client,
    accountId: AccountId.parse('coinbase-test'),
    instrumentId: BTC_USD,
    quantity: Quantity.parse('0.01'),
    market: {
      quote: async () => {
        const quote = sim.state.market.quote('BTC-USD');
        if (quote === undefined) throw new Error('no quote');
        return quote;
      },
      movePrice: async (_id, mid: Price) => {
        sim.state.market.movePrice('BTC-USD', mid);
      },
      advanceTime: async (ms) => {
        harness.clock.skip(ms);
        await new Promise((resolve) => setTimeout(resolve, 20));
        sim.state.advance();
      },
      printTrade: async (instrumentId, price, quantity) => {
        const now = harness.clock.now();
        sim.engine.applyMarketData({ type: 'TradeTick', instrumentId, price, quantity, aggressor: 'sell', occurredAt: now, recordedAt: now });
      },
    },
    clock: harness.clock,
    now: () => harness.clock.now(),
    venueTruth: async () => venueTruth(sim),
    close: () => harness.close(),
  };
}

export { Decimal };
