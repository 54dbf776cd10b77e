import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal, Price, type InstrumentId } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { openSqliteStore, type SqliteStore } from '../../../src/store';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { conIdOf, eventually, startPair, venueTruth, type IbkrPair } from './harness';
import type { IbkrConfigInput } from '../../../src/venues/ibkr';
import type { IbkrSimulatorOptions } from '../../../src/simulators/ibkr';

export interface IbkrEngineRig {
  readonly pair: IbkrPair;
  readonly engine: ExecutionEngine;
  /** Waits until TMT's open orders, positions and USD balance equal the simulator's own. */
  matches(): ReturnType<typeof waitEngineMatchesVenue>;
  close(): Promise<void>;
}

/**
 * A real ExecutionEngine (standard risk and portfolio, a SQLite journal in a temporary directory) trading
 * through the IBKR adapter against the TWS simulator over loopback. `beforeConnect` runs before the engine
 * connects the adapter (to move the simulator's clock, say).
 */
export async function startEngineRig(options: { sim?: IbkrSimulatorOptions; config?: Partial<IbkrConfigInput>; beforeConnect?: (pair: IbkrPair) => void; quoteOf?: InstrumentId } = {}): Promise<IbkrEngineRig> {
  const pair = await startPair({ sim: options.sim ?? {}, config: options.config ?? {}, connect: false });
  options.beforeConnect?.(pair);
  const directory = mkdtempSync(join(tmpdir(), 'tmt-ibkr-engine-'));
  let store: SqliteStore | undefined;
  let engine: ExecutionEngine | undefined;
  try {
    store = await openSqliteStore({ path: join(directory, 'journal.db'), clock: pair.sim.clock, checkpoint: 'none' });
    engine = new ExecutionEngine({
      clock: pair.sim.clock, journal: store.journal, deadLetters: store.deadLetters, venues: [pair.client],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 } }),
      timings: { lookupDelayMs: 100 },
    });
    await engine.start();
    const started = engine;
    if (options.quoteOf !== undefined) {
      const id = options.quoteOf;
      const conId = conIdOf(id);
      const { bid, ask } = pair.sim.market.quote(conId);
      const mid = bid.add(ask).div(Decimal.fromInteger(2), 6, 'half-even');
      // Risk prices market orders at the quote: nudge the venue until the engine has one.
      await eventually(`a quote of ${id} in the engine`, () => {
        pair.sim.market.movePrice(conId, Price.roundToTick(mid, Decimal.parse(conId === 12087792 ? '0.00005' : '0.01'), 'down'));
        return started.quotes().some((q) => q.instrumentId === id) ? true : undefined;
      });
    }
  } catch (error) {
    await engine?.stop();
    await store?.close();
    await pair.close();
    throw error;
  }
  const opened = { engine, store };
  return {
    pair, engine: opened.engine,
    matches: () => waitEngineMatchesVenue(opened.engine, () => Promise.resolve(venueTruth(pair.sim)), { accountId: pair.accountId, positions: true, currencies: ['USD'], balanceScale: 2 }),
    async close() {
      await opened.engine.stop();
      await opened.store.close();
      await pair.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
