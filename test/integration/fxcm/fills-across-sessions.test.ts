/**
 * fillsSince across FIX sessions: FXCM's FIX has no fill history by time, so the adapter keeps every fill it
 * receives (SQLite beside the session store). A fill booked in one session (through the engine) is answered by
 * a new adapter in a new session (a sequence reset, as FXCM logs on), and a new engine on that session equals
 * the venue. Without a store the new session knows nothing, which is what the store is for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, InstrumentId, Quantity, type OrderRequest } from '../../../src/core';
import { ExecutionEngine, standardRiskAndPortfolio } from '../../../src/engine';
import { SystemClock } from '../../../src/shared/system-clock';
import { createFxcmSimulator } from '../../../src/simulators/fxcm';
import { openSqliteStore } from '../../../src/store';
import type { FxcmExecutionClient } from '../../../src/venues/fxcm';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { adapterFor, eventually, venueTruth } from './harness';

const EURUSD = InstrumentId.parse('EUR/USD.FXCM');

describe('FXCM fillsSince across sessions', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function engineOn(client: FxcmExecutionClient, path: string) {
    const clock = new SystemClock();
    const store = await openSqliteStore({ path, clock, checkpoint: 'none' });
    const engine = new ExecutionEngine({
      clock, journal: store.journal, deadLetters: store.deadLetters, venues: [client],
      ...standardRiskAndPortfolio({ global: { submitRatePerSecond: 1_000, modifyRatePerSecond: 1_000 } }),
    });
    await engine.start();
    return { engine, stop: async () => { await engine.stop(); await store.close(); } };
  }

  it('answers a fill of an earlier session from the fill store; a new engine on the new session equals the venue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-fxcm-fills-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const sim = await createFxcmSimulator({ prices: 'scripted' });
    cleanup.push(() => sim.close());
    const config = { sessionStorePath: join(dir, 'session.db') };
    const started = new SystemClock().now();

    const first = adapterFor(sim, config);
    const one = await engineOn(first, join(dir, 'journal-1.db'));
    const accountId = first.accountIds[0]!;
    const request: OrderRequest = {
      clientOrderId: ClientOrderId.parse('fxcm-fill-1'), accountId, instrumentId: EURUSD, side: 'buy', type: 'market',
      quantity: Quantity.parse('10000'), timeInForce: 'IOC', postOnly: false, reduceOnly: false,
    };
    expect((await one.engine.submit(request, 'test')).status).toBe('accepted');
    await eventually('the fill', () => (one.engine.order(request.clientOrderId)?.status === 'filled' ? true : undefined));
    const seen = await first.fillsSince(accountId, started);
    expect(seen.map((f) => [f.side, f.quantity.toString()])).toEqual([['buy', '10000']]);
    await one.stop();
    await first.disconnect();

    // A new adapter process, a new FIX session (141=Y resets the numbers): the fill is still answered.
    const second = adapterFor(sim, config);
    const two = await engineOn(second, join(dir, 'journal-2.db'));
    cleanup.push(async () => { await two.stop(); await second.disconnect(); });
    const again = await second.fillsSince(accountId, started);
    expect(again.map((f) => [f.tradeId, f.venueOrderId, f.side, f.quantity.toString(), f.price.toString(), f.occurredAt])).toEqual(
      seen.map((f) => [f.tradeId, f.venueOrderId, f.side, f.quantity.toString(), f.price.toString(), f.occurredAt]));
    expect(again[0]?.venueClientOrderId).toBe(seen[0]?.venueClientOrderId);
    expect(await second.fillsSince(accountId, (seen[0]?.occurredAt ?? 0) + 1)).toEqual([]);
    const venue = await waitEngineMatchesVenue(two.engine, async () => venueTruth(sim, accountId), { accountId, positions: true });
    expect(venue.positions.map((p) => p.quantity.toString())).toEqual(['10000']);

    // No store: a new session has seen no fills.
    const memory = adapterFor(sim);
    await memory.connect();
    cleanup.push(() => memory.disconnect());
    expect(await memory.fillsSince(accountId, started)).toEqual([]);
  }, 90_000);
});
