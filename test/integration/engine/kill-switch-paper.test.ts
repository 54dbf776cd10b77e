import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  Price,
  Quantity,
  type OrderRequest,
  type VenueCapabilities,
  type VenueClient,
} from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { createPaperVenue, type PaperVenue } from '../../../src/simulators/paper';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { until } from './venue-engine-rig';

const ACCOUNT = AccountId.parse('paper-fx');
const EURUSD = InstrumentId.parse('EUR_USD.PAPER');

/** The paper venue as a venue without native stops, so that the engine emulates them. */
function withoutNativeStops(venue: PaperVenue): VenueClient {
  const capabilities: VenueCapabilities = { ...venue.capabilities, orderTypes: ['market', 'limit'] };
  return new Proxy(venue, {
    get(target, property) {
      if (property === 'capabilities') return capabilities;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

function order(i: number, overrides: Partial<OrderRequest> = {}): OrderRequest {
  const request: OrderRequest = {
    clientOrderId: ClientOrderId.parse(`k-${i}`),
    accountId: ACCOUNT,
    instrumentId: EURUSD,
    side: i % 2 === 0 ? 'buy' : 'sell',
    type: 'limit',
    quantity: Quantity.parse('1000'),
    price: Price.parse(i % 2 === 0 ? '0.90000' : '1.30000'),
    timeInForce: 'GTC',
    postOnly: false,
    reduceOnly: false,
    ...overrides,
  };
  if (request.type !== 'stop-market') return request;
  const { price: _price, ...stop } = request;
  return stop;
}

describe('kill switch against the paper venue', () => {
  it('500 open orders: HALTED, 0 open at the venue, new submits denied, cancels pass, emulated orders gone', async () => {
    const clock = new SystemClock();
    const directory = mkdtempSync(join(tmpdir(), 'tmt-ks-'));
    const store: SqliteStore = await openSqliteStore({
      path: join(directory, 'journal.db'),
      clock,
      checkpoint: 'none',
    });
    const paper = createPaperVenue({ clock, seed: 11 });
    const engine = new ExecutionEngine({
      clock,
      journal: store.journal,
      venues: [withoutNativeStops(paper)],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000_000 } }),
    });
    cleanup = async () => {
      await engine.stop();
      await paper.close();
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    };
    await engine.start();
    // Bounded: a paper feed that never quotes fails here with a name, instead of hanging the run.
    await until('the first EUR_USD quote', () => engine.quotes().some((q) => q.instrumentId === EURUSD));

    const outcomes = await Promise.all(
      Array.from({ length: 500 }, (_, i) => engine.submit(order(i), 'test')),
    );
    expect(outcomes.filter((o) => o.order.status === 'accepted')).toHaveLength(500);
    const stops = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        engine.submit(
          order(1000 + i, { type: 'stop-market', side: 'buy', triggerPrice: Price.parse('1.50000') }),
          'test',
        ),
      ),
    );
    expect(stops.every((s) => s.order.emulated && s.order.status === 'initialized')).toBe(true);
    expect(await paper.openOrders(ACCOUNT)).toHaveLength(500);

    const progress: string[] = [];
    const result = await engine.killSwitch({ flatten: false, onProgress: (p) => progress.push(p.phase) }, 'admin');
    expect(engine.tradingState('global')).toBe('HALTED');
    expect(result.failures).toEqual([]);
    expect(result.canceled).toBe(500);
    expect(result.stillOpen).toEqual([]);
    expect(progress[0]).toBe('halted');
    expect(progress.at(-1)).toBe('done');
    expect(result.emulatedRemoved).toBe(3);
    expect(await paper.openOrders(ACCOUNT)).toHaveLength(0);
    expect(engine.orders({ openOnly: true })).toHaveLength(0);
    expect(engine.order(ClientOrderId.parse('k-1000'))?.status).toBe('canceled');

    const denied = await engine.submit(order(2000), 'test');
    expect(denied.status === 'denied' && denied.denial.code).toBe('RISK_TRADING_HALTED');
    expect(await paper.openOrders(ACCOUNT)).toHaveLength(0);
  }, 60_000);
});
