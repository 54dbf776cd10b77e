import { setTimeout as sleep } from 'node:timers/promises';

import { AccountId, Decimal, InstrumentId, Price, Quantity } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createTradeLockerSimulator, type TradeLockerSimulator, type TradeLockerSimulatorOptions } from '../../../src/simulators/tradelocker';
import { createTradeLockerVenue, type TlRequestLogEntry, type TradeLockerConfigInput, type TradeLockerVenue } from '../../../src/venues/tradelocker';
import type { VenueContractFixture } from '../../contract/venue-contract';
import type { VenueTruth, VenueTruthOrder } from '../../contract/venue-truth';

export interface TradeLockerPair {
  readonly sim: TradeLockerSimulator;
  readonly client: TradeLockerVenue;
  readonly accountId: AccountId;
  readonly requests: TlRequestLogEntry[];
  close(): Promise<void>;
}

/** A simulator on a free loopback port and the real adapter connected to it over HTTP. */
export async function startPair(
  options: { sim?: TradeLockerSimulatorOptions; config?: Partial<TradeLockerConfigInput>; account?: number; connect?: boolean } = {},
): Promise<TradeLockerPair> {
  const sim = await createTradeLockerSimulator({ prices: 'scripted', ...options.sim });
  const account = sim.accounts[options.account ?? 0];
  if (account === undefined) throw new Error('the simulator has no such account');
  const accountId = AccountId.parse(account.id);
  const requests: TlRequestLogEntry[] = [];
  const client = createTradeLockerVenue({
    config: { environment: 'simulator', baseUrl: sim.url, accountIds: [account.id], profile: account.profile, pollIntervalMs: 100, quotePollIntervalMs: 100, ...options.config },
    login: sim.login,
    logger: silentLogger(),
    requestLog: (entry) => requests.push(entry),
  });
  if (options.connect !== false) await client.connect();
  return {
    sim, client, accountId, requests,
    async close() {
      await client.disconnect();
      await sim.close();
    },
  };
}

/** The simulator's own view of the account: every working order (SL/TP included), the engine's legs, the balance. */
export function tradeLockerTruth(sim: TradeLockerSimulator, accountId: AccountId): VenueTruth {
  const openOrders: VenueTruthOrder[] = [];
  for (const order of sim.venue.engine.openOrders(accountId)) {
    const record = sim.venue.orders.get(order.orderId);
    if (record === undefined) continue;
    openOrders.push({
      // An order placed without a strategyId (a position's SL/TP) has no client id: the engine adopts it as adopted-<id>.
      venueClientOrderId: record.strategyId ?? `adopted-${order.orderId}`,
      venueOrderId: order.orderId,
      instrumentId: order.request.instrumentId,
      side: order.request.side,
      quantity: order.quantity,
      filledQuantity: order.filledQuantity,
      ...(order.price === undefined ? {} : { price: order.price }),
      ...(order.triggerPrice === undefined ? {} : { triggerPrice: order.triggerPrice }),
    });
  }
  return {
    openOrders,
    positions: sim.venue.engine.positions(accountId).map((p) => ({ instrumentId: p.instrumentId, quantity: p.signedQuantity })),
    balances: sim.venue.engine.account(accountId).balances.map((b) => ({ currency: b.currency, total: b.total })),
  };
}

export function contractFixture(pair: TradeLockerPair): VenueContractFixture {
  const { sim } = pair;
  const settle = async (): Promise<void> => {
    await pair.client.poke(pair.accountId);
  };
  return {
    client: pair.client,
    accountId: pair.accountId,
    instrumentId: InstrumentId.parse('EURUSD.TRADELOCKER'),
    // 0.1 lot: a multiple of the 0.01 lot step, halves (0.05 lot) still above the minimum lot.
    quantity: Quantity.parse('10000'),
    trailingOffset: { kind: 'price', value: Decimal.parse('0.00200') },
    market: {
      quote: async (instrumentId) => sim.market.quote(InstrumentId.symbol(instrumentId)),
      movePrice: async (instrumentId, mid) => {
        sim.market.movePrice(InstrumentId.symbol(instrumentId), Price.of(mid));
        await settle();
      },
      advanceTime: async (ms) => {
        sim.market.advanceTime(ms);
        await sleep(10);
      },
      printTrade: async (instrumentId, price, quantity) => {
        sim.market.printTrade(InstrumentId.symbol(instrumentId), price, quantity);
        await settle();
      },
    },
    now: () => sim.clock.now(),
    venueTruth: async () => tradeLockerTruth(sim, pair.accountId),
    // TradeLocker shows money with two decimals.
    matchScope: { balanceScale: 2 },
    // The simulator places the order and drops the connection unanswered.
    loseNextOrderAnswer: () => {
      sim.faults.stallNextOrders++;
    },
    close: () => pair.close(),
  };
}

/** Polls until `probe` returns a value (never a fixed sleep for correctness; a loaded machine is slow). */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
