import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ClientOrderId,
  InstrumentId,
  Quantity,
  type AccountId,
  type OrderRequest,
} from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { eventually, startPair, type OandaPair } from '../oanda/harness';

const EUR_USD = InstrumentId.parse('EUR_USD.OANDA');

let pair: OandaPair | undefined;
let engine: ExecutionEngine | undefined;
let store: SqliteStore | undefined;
const directories: string[] = [];
afterEach(async () => {
  // The engine's stop disconnects the adapter; the simulator is closed on its own.
  await engine?.stop();
  await store?.close();
  await pair?.sim.close();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  engine = undefined;
  store = undefined;
  pair = undefined;
});

function buy(id: string, units: string, accountId: AccountId): OrderRequest {
  return {
    clientOrderId: ClientOrderId.parse(id),
    accountId,
    instrumentId: EUR_USD,
    side: 'buy',
    type: 'market',
    quantity: Quantity.parse(units),
    timeInForce: 'FOK',
    postOnly: false,
    reduceOnly: false,
  };
}

/** The engine on the OANDA simulator's US account (FIFO, no hedging), with the us-fx compliance profile. */
async function start(): Promise<{ engine: ExecutionEngine; pair: OandaPair }> {
  pair = await startPair({ account: 1 });
  const clock = new SystemClock();
  const directory = mkdtempSync(join(tmpdir(), 'tmt-us-fifo-'));
  directories.push(directory);
  store = await openSqliteStore({ path: join(directory, 'journal.db'), clock });
  engine = new ExecutionEngine({
    clock,
    journal: store.journal,
    deadLetters: store.deadLetters,
    venues: [pair.client],
    ...standardRiskAndPortfolio({
      global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 },
      accounts: { [pair.accountId]: { complianceProfile: 'us-fx' } },
    }),
  });
  await engine.start();
  const running = engine;
  await eventually('a EUR_USD quote', () => running.quotes().find((q) => q.instrumentId === EUR_USD));
  return { engine, pair };
}

async function openTrades(p: OandaPair): Promise<string[]> {
  const trades = await p.client.trades.openTrades(p.accountId);
  return [...trades]
    .sort((a, b) => (BigInt(a.tradeId) < BigInt(b.tradeId) ? -1 : 1))
    .map((t) => t.currentUnits.toString());
}

describe('closing positions on a US FX (FIFO) account', () => {
  it('a partial close takes the oldest trades first, whole, and the engine books the same trades as OANDA', async () => {
    const { engine, pair } = await start();
    for (const [i, units] of ['1000', '2000', '3000'].entries()) {
      const outcome = await engine.submit(buy(`fifo-${i}`, units, pair.accountId), 'test');
      expect(outcome.status).toBe('accepted');
      await eventually(`fill of fifo-${i}`, () =>
        engine.order(ClientOrderId.parse(`fifo-${i}`))?.status === 'filled' ? true : undefined,
      );
    }
    expect(await openTrades(pair)).toEqual(['1000', '2000', '3000']);

    const [close] = await engine.closePosition(pair.accountId, EUR_USD, Quantity.parse('2500'), 'test');
    expect(close?.status).toBe('accepted');
    const closeId = close?.order.order.clientOrderId as ClientOrderId;
    await eventually('the close fill', () => (engine.order(closeId)?.status === 'filled' ? true : undefined));
    expect(engine.order(closeId)?.order.request.reduceOnly).toBe(true);

    // FIFO: the 1,000 trade is gone, the 2,000 one is down to 500, the newest is untouched.
    expect(await openTrades(pair)).toEqual(['500', '3000']);
    await eventually('the engine position', () =>
      engine.positions(pair.accountId).find((p) => p.signedQuantity.toString() === '3500'),
    );
  }, 60_000);

  it('a close for more than the position closes every trade, oldest first, and asks for no more than is open', async () => {
    const { engine, pair } = await start();
    for (const [i, units] of ['1500', '2500'].entries()) {
      expect((await engine.submit(buy(`all-${i}`, units, pair.accountId), 'test')).status).toBe('accepted');
      await eventually(`fill of all-${i}`, () =>
        engine.order(ClientOrderId.parse(`all-${i}`))?.status === 'filled' ? true : undefined,
      );
    }
    const [close] = await engine.closePosition(pair.accountId, EUR_USD, Quantity.parse('9000'), 'test');
    expect(close?.status).toBe('accepted');
    expect(close?.order.order.quantity.toString()).toBe('4000');
    const closeId = close?.order.order.clientOrderId as ClientOrderId;
    await eventually('the close fill', () => (engine.order(closeId)?.status === 'filled' ? true : undefined));
    expect(await openTrades(pair)).toEqual([]);
  }, 60_000);
});
