import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { Decimal, InstrumentId, Price, Quantity, type AccountId } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createIbkrSimulator, IB_CONTRACTS, type IbkrSimulator, type IbkrSimulatorOptions } from '../../../src/simulators/ibkr';
import { createIbkrVenue, type IbkrConfigInput, type IbkrExecutionClient } from '../../../src/venues/ibkr';
import type { VenueContractFixture } from '../../contract/venue-contract';
import type { VenueTruth } from '../../contract/venue-truth';

export interface IbkrPair {
  readonly sim: IbkrSimulator;
  readonly client: IbkrExecutionClient;
  readonly accountId: AccountId;
  readonly stateFile: string;
  close(): Promise<void>;
}

/** The instrument id of a simulator contract, as the adapter names it. */
export function instrumentOfConId(conId: number): InstrumentId {
  const spec = IB_CONTRACTS.find((c) => c.conId === conId);
  if (spec === undefined) throw new Error(`no contract ${conId}`);
  return spec.secType === 'CASH' ? InstrumentId.parse(`${spec.symbol}/${spec.currency}.IBKR`) : InstrumentId.parse(`${spec.symbol}.IBKR`);
}

export function conIdOf(instrumentId: InstrumentId): number {
  const spec = IB_CONTRACTS.find((c) => instrumentOfConId(c.conId) === instrumentId);
  if (spec === undefined) throw new Error(`no contract for ${instrumentId}`);
  return spec.conId;
}

export function newAdapter(sim: IbkrSimulator, config: Partial<IbkrConfigInput> = {}): IbkrExecutionClient {
  return createIbkrVenue({
    config: { environment: 'simulator', host: sim.host, port: sim.port, clientId: 1, accountIds: [...sim.accounts], instruments: ['AAPL.IBKR', 'MSFT.IBKR', 'EUR/USD.IBKR'], reconnectInitialDelayMs: 50, ...config },
    logger: silentLogger(),
    clock: sim.clock,
  });
}

/** A simulator on a free loopback port and the real adapter connected to it over TCP. */
export async function startPair(options: { sim?: IbkrSimulatorOptions; config?: Partial<IbkrConfigInput>; connect?: boolean } = {}): Promise<IbkrPair> {
  const sim = await createIbkrSimulator({ prices: 'scripted', ...options.sim });
  const stateFile = options.config?.stateFile ?? join(mkdtempSync(join(tmpdir(), 'tmt-ibkr-')), 'order-ids.json');
  const client = newAdapter(sim, { stateFile, ...options.config });
  if (options.connect !== false) await client.connect();
  const accountId = client.accountIds[0] ?? (sim.accounts[0] as AccountId);
  return {
    sim, client, accountId, stateFile,
    async close() {
      await client.disconnect();
      await sim.close();
    },
  };
}

export function venueTruth(sim: IbkrSimulator): VenueTruth {
  const truth = sim.truth();
  return {
    openOrders: truth.openOrders.map((o) => ({
      venueClientOrderId: o.orderRef, venueOrderId: String(o.orderId), instrumentId: instrumentOfConId(o.conId), side: o.action === 'BUY' ? 'buy' : 'sell',
      quantity: o.totalQuantity, filledQuantity: o.filled, ...(o.lmtPrice === undefined ? {} : { price: o.lmtPrice }), // A trailing order's auxPrice is its trailing amount, not a trigger price.
      ...(o.auxPrice === undefined || o.orderType.startsWith('TRAIL') ? {} : { triggerPrice: o.auxPrice }),
      ...(o.displaySize === undefined ? {} : { displayQuantity: Decimal.fromInteger(o.displaySize) }),
    })),
    positions: truth.positions.map((p) => ({ instrumentId: instrumentOfConId(p.conId), quantity: p.quantity })),
    balances: [{ currency: 'USD', total: truth.cash }],
  };
}

export function contractFixture(pair: IbkrPair, instrumentId = InstrumentId.parse('AAPL.IBKR'), quantity = '10'): VenueContractFixture {
  const { sim } = pair;
  return {
    client: pair.client,
    accountId: pair.accountId,
    instrumentId,
    quantity: Quantity.parse(quantity),
    trailingOffset: { kind: 'price', value: Decimal.parse(instrumentId.startsWith('EUR') ? '0.00100' : '1.00') },
    market: {
      quote: async (id) => Promise.resolve(sim.market.quote(conIdOf(id))),
      movePrice: async (id, mid) => {
        sim.market.movePrice(conIdOf(id), Price.of(mid));
        await sleep(30);
      },
      printTrade: async (id, price, size) => {
        sim.market.printTrade(conIdOf(id), price, size);
        await sleep(30);
      },
      advanceTime: async (ms) => {
        sim.market.advanceTime(ms);
        await sleep(10);
      },
    },
    now: () => sim.clock.now(),
    matchScope: { currencies: ['USD'], balanceScale: 2 },
    venueTruth: () => Promise.resolve(venueTruth(sim)),
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
