import { setTimeout as sleep } from 'node:timers/promises';

import { AccountId, Decimal, InstrumentId, Price, Quantity, type Clock } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createOandaSimulator, type OandaSimulator, type OandaSimulatorOptions } from '../../../src/simulators/oanda';
import { createOandaVenue, type OandaConfigInput, type VenueRequestLogEntry } from '../../../src/venues/oanda';
import type { VenueContractFixture } from '../../contract/venue-contract';
import type { VenueTruth, VenueTruthOrder } from '../../contract/venue-truth';
import { responseErrors, templateOf } from './schema';

export interface OandaPair {
  readonly sim: OandaSimulator;
  readonly client: ReturnType<typeof createOandaVenue>;
  readonly accountId: AccountId;
  readonly requests: VenueRequestLogEntry[];
  close(): Promise<void>;
}

/** A simulator on a free loopback port and the real adapter connected to it. */
export async function startPair(
  /** `clock`: the adapter's clock (its limiter, retries, timers); the simulator keeps its own. */
  options: { sim?: OandaSimulatorOptions; config?: Partial<OandaConfigInput>; account?: number; connect?: boolean; clock?: Clock } = {},
): Promise<OandaPair> {
  // Every answer the simulator gives during a test is checked against the official schema when the pair closes.
  const replies: { method: string; path: string; status: number; body: Record<string, unknown> }[] = [];
  const sim = await createOandaSimulator({ prices: 'scripted', heartbeatMs: 500, onReply: (reply) => replies.push(reply), ...options.sim });
  const accountId = AccountId.parse(sim.accounts[options.account ?? 0] ?? '');
  const requests: VenueRequestLogEntry[] = [];
  const client = createOandaVenue({
    config: { environment: 'simulator', baseUrl: sim.url, accountIds: [accountId], streamSilenceMs: 2000, ...options.config },
    token: sim.token,
    logger: silentLogger(),
    requestLog: (entry) => requests.push(entry),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  let streaming = false;
  const stop = client.onConnection((event) => {
    if (event.state === 'connected') streaming = true;
  });
  if (options.connect !== false) {
    await client.connect();
    // Faults injected by a test must meet the test's requests, not the stream's first connection.
    await eventually('the transaction stream', () => (streaming ? true : undefined));
  }
  stop();
  return {
    sim, client, accountId, requests,
    async close() {
      await client.disconnect();
      await sim.close();
      // 429 and 5xx (injected faults) are not in the schema at all; their bodies are checked by the fault tests.
      const errors = replies.filter((r) => r.status !== 429 && r.status < 500).flatMap((r) => responseErrors(r.method, templateOf(r.path), r.status, r.body).map((e) => `${r.method} ${r.path} ${r.status}: ${e}`));
      if (errors.length > 0) throw new Error(`simulator answers off the v20 schema:\n${errors.slice(0, 10).join('\n')}`);
    },
  };
}

/** The OANDA simulator's own view of an account: its pending orders, the engine's positions and balance. */
export function oandaTruth(sim: OandaSimulator, accountId: AccountId): VenueTruth {
  const account = sim.venue.accounts.get(accountId);
  if (account === undefined) throw new Error(`the simulator has no account ${accountId}`);
  const openOrders: VenueTruthOrder[] = [];
  for (const order of account.orders.values()) {
    if (order.state !== 'PENDING' || order.type === 'MARKET') continue;
    const trade = order.tradeId === undefined ? undefined : account.trades.get(order.tradeId);
    // A trade's dependent order (SL/TP/trailing) closes the trade: its size and side are the trade's, reversed.
    const units = order.units ?? trade?.currentUnits.neg() ?? Decimal.ZERO;
    const price = typeof order.wire['price'] === 'string' ? Price.parse(order.wire['price']) : undefined;
    openOrders.push({
      venueClientOrderId: order.clientId ?? `oanda-order-${order.id}`,
      venueOrderId: order.id,
      instrumentId: InstrumentId.of(order.instrument, 'OANDA'),
      side: units.isNegative() ? 'sell' : 'buy',
      quantity: units.abs(),
      filledQuantity: order.filledUnits ?? Decimal.ZERO,
      ...(price === undefined ? {} : order.type === 'LIMIT' ? { price } : { triggerPrice: price }),
    });
  }
  return {
    openOrders,
    positions: sim.venue.engine.positions(accountId).map((p) => ({ instrumentId: p.instrumentId, quantity: p.signedQuantity })),
    balances: sim.venue.engine.account(accountId).balances.map((b) => ({ currency: b.currency, total: b.total })),
  };
}

export function contractFixture(pair: OandaPair): VenueContractFixture {
  const { sim } = pair;
  return {
    client: pair.client,
    accountId: pair.accountId,
    instrumentId: InstrumentId.parse('EUR_USD.OANDA'),
    quantity: Quantity.parse('1000'),
    market: {
      quote: async (instrumentId) => sim.market.quote(InstrumentId.symbol(instrumentId)),
      movePrice: async (instrumentId, mid) => {
        sim.market.movePrice(InstrumentId.symbol(instrumentId), Price.of(mid));
        await sleep(20);
      },
      advanceTime: async (ms) => {
        sim.market.advanceTime(ms);
        await sleep(10);
      },
      printTrade: async (instrumentId, price, quantity) => {
        const now = sim.clock.now();
        sim.venue.withBatch(undefined, () =>
          sim.venue.engine.applyMarketData({ type: 'TradeTick', instrumentId, price, quantity, aggressor: 'sell', occurredAt: now, recordedAt: now }),
        );
        sim.venue.drain();
        await sleep(10);
      },
    },
    now: () => sim.clock.now(),
    venueTruth: async () => oandaTruth(sim, pair.accountId),
    // OANDA shows the account balance with 4 decimals.
    matchScope: { balanceScale: 4 },
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
