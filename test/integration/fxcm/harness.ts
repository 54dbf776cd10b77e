import { setTimeout as sleep } from 'node:timers/promises';

import { AccountId, Decimal, InstrumentId, Price, Quantity } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createFxcmSimulator, type FxcmSimulator, type FxcmSimulatorOptions } from '../../../src/simulators/fxcm';
import { createFxcmVenue, type FxcmConfigInput, type FxcmExecutionClient } from '../../../src/venues/fxcm';
import type { VenueContractFixture } from '../../contract/venue-contract';
import type { VenueTruth } from '../../contract/venue-truth';

export interface FxcmPair {
  readonly sim: FxcmSimulator;
  readonly client: FxcmExecutionClient;
  readonly accountId: AccountId;
  close(): Promise<void>;
}

export function adapterFor(sim: FxcmSimulator, config: Partial<FxcmConfigInput> = {}, account = 0): FxcmExecutionClient {
  return createFxcmVenue({
    config: {
      environment: 'simulator', host: sim.host, port: sim.port, senderCompId: `${sim.login.username}_client1`, targetSubId: sim.subId,
      accountIds: [sim.login.accounts[account]?.id ?? ''], requestTimeoutMs: 30_000, logonTimeoutMs: 30_000, ...config,
    },
    username: sim.login.username,
    password: sim.login.password,
    logger: silentLogger(),
  });
}

/** A simulator on a free loopback port and the real adapter logged on to it. */
export async function startPair(options: { sim?: FxcmSimulatorOptions; config?: Partial<FxcmConfigInput>; account?: number } = {}): Promise<FxcmPair> {
  const sim = await createFxcmSimulator({ prices: 'scripted', ...options.sim });
  const client = adapterFor(sim, options.config, options.account);
  await client.connect();
  return {
    sim, client, accountId: AccountId.parse(sim.login.accounts[options.account ?? 0]?.id ?? ''),
    async close() {
      await client.disconnect();
      await sim.close();
    },
  };
}

export function venueTruth(sim: FxcmSimulator, account: string): VenueTruth {
  const truth = sim.truth(account);
  const net = new Map<string, Decimal>();
  for (const p of truth.positions) net.set(p.symbol, (net.get(p.symbol) ?? Decimal.ZERO).add(p.quantity));
  return {
    openOrders: truth.orders.map((o) => ({
      venueClientOrderId: o.clOrdId, venueOrderId: o.orderId, instrumentId: InstrumentId.of(o.symbol, 'FXCM'), side: o.side, quantity: o.quantity, filledQuantity: o.cumQty,
      ...(o.price === undefined ? {} : { price: o.price }), ...(o.stopPx === undefined ? {} : { triggerPrice: o.stopPx }),
    })),
    positions: [...net].filter(([, q]) => !q.isZero()).map(([symbol, quantity]) => ({ instrumentId: InstrumentId.of(symbol, 'FXCM'), quantity })),
    balances: truth.balances,
  };
}

export function contractFixture(pair: FxcmPair): VenueContractFixture {
  const { sim } = pair;
  return {
    client: pair.client,
    accountId: pair.accountId,
    instrumentId: InstrumentId.parse('EUR/USD.FXCM'),
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
    refusesMarketableListLimit: true,
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
