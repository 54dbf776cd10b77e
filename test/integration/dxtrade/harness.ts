import { setTimeout as sleep } from 'node:timers/promises';

import { AccountId, Decimal, InstrumentId, Price, Quantity } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createDxtradeSimulator, type DxtradeSimulator, type DxtradeSimulatorOptions } from '../../../src/simulators/dxtrade';
import { createDxtradeVenue, type DxtradeConfigInput, type DxtradeExecutionClient } from '../../../src/venues/dxtrade';
import type { VenueContractFixture } from '../../contract/venue-contract';
import type { VenueTruth } from '../../contract/venue-truth';

/** Limits high enough that the contract suites run at their own pace (the rate-limit test sets the spec's). */
export const GENEROUS_LIMITS = { loginPerSecond: 50, dataPerSecond: 500, tradingPerSecond: 200 };

export interface DxtradePair {
  readonly sim: DxtradeSimulator;
  readonly client: DxtradeExecutionClient;
  readonly accountId: AccountId;
  close(): Promise<void>;
}

export function adapterFor(sim: DxtradeSimulator, config: Partial<DxtradeConfigInput> = {}, account = 0, password?: string): DxtradeExecutionClient {
  return createDxtradeVenue({
    config: {
      environment: 'simulator', restUrl: sim.url, pushUrl: sim.pushUrl, accountIds: [sim.user.accounts[account]?.code ?? ''],
      profile: sim.user.accounts[account]?.us === true ? 'us' : 'international', rateLimits: GENEROUS_LIMITS, requestTimeoutMs: 30_000,
      // Tests run on the wall clock, weekends too: trading hours are checked only where a test asks (trading-hours.test.ts).
      tradingHours: 'venue', ...config,
    },
    username: sim.user.username,
    domain: sim.user.domain,
    password: password ?? sim.user.password,
    logger: silentLogger(),
  });
}

/** A simulator on a free loopback port and the real adapter logged in to it. */
export async function startPair(options: { sim?: DxtradeSimulatorOptions; config?: Partial<DxtradeConfigInput>; account?: number } = {}): Promise<DxtradePair> {
  const sim = await createDxtradeSimulator({ prices: 'scripted', rateLimits: GENEROUS_LIMITS, tradingHours: 'always-open', ...options.sim });
  const client = adapterFor(sim, options.config, options.account);
  await client.connect();
  return {
    sim, client, accountId: AccountId.parse(sim.user.accounts[options.account ?? 0]?.code ?? ''),
    async close() {
      await client.disconnect();
      await sim.close();
    },
  };
}

/** The venue's own view of the account, read from the simulator's state, never through the adapter. */
export function venueTruth(sim: DxtradeSimulator, account: string): VenueTruth {
  const truth = sim.truth(account);
  const net = new Map<string, Decimal>();
  for (const p of truth.positions) net.set(p.symbol, (net.get(p.symbol) ?? Decimal.ZERO).add(p.quantity));
  return {
    openOrders: truth.orders.map((o) => ({
      venueClientOrderId: o.orderCode, venueOrderId: o.orderId, instrumentId: InstrumentId.of(o.symbol, 'DXTRADE'), side: o.side, quantity: o.quantity, filledQuantity: o.filled,
      ...(o.limitPrice === undefined ? {} : { price: o.limitPrice }), ...(o.stopPrice === undefined ? {} : { triggerPrice: o.stopPrice }),
    })),
    positions: [...net].filter(([, q]) => !q.isZero()).map(([symbol, quantity]) => ({ instrumentId: InstrumentId.of(symbol, 'DXTRADE'), quantity })),
    balances: truth.balances,
  };
}

export function contractFixture(pair: DxtradePair): VenueContractFixture {
  const { sim } = pair;
  return {
    client: pair.client,
    accountId: pair.accountId,
    instrumentId: InstrumentId.parse('EUR/USD.DXTRADE'),
    quantity: Quantity.parse('10000'),
    market: {
      quote: async (instrumentId) => sim.market.quote(InstrumentId.symbol(instrumentId)),
      movePrice: async (instrumentId, mid) => {
        sim.market.movePrice(InstrumentId.symbol(instrumentId), Price.of(mid));
        await sleep(20);
      },
      printTrade: async (instrumentId, price, quantity) => {
        sim.market.printTrade(InstrumentId.symbol(instrumentId), price, quantity);
        await sleep(10);
      },
      advanceTime: async (ms) => {
        sim.market.advanceTime(ms);
        await sleep(10);
      },
    },
    now: () => sim.clock.now(),
    venueTruth: async () => venueTruth(sim, pair.accountId),
    loseNextOrderAnswer: () => {
      sim.faults.dropNextPlacementAnswer = true;
    },
    close: () => pair.close(),
  };
}

/** Polls until `probe` returns a value (never a fixed sleep for correctness). */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
