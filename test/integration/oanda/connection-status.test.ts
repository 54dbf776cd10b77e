import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { AccountId, ClientOrderId, InstrumentId, ManualClock, Quantity } from '../../../src/core';
import { silentLogger } from '../../../src/shared/logger';
import { createOandaSimulator, type OandaSimulator } from '../../../src/simulators/oanda';
import { createOandaVenue } from '../../../src/venues/oanda';
import { waitEngineMatchesVenue } from '../../contract/engine-matches-venue';
import { eventually, startVenueEngine, type VenueEngine } from '../engine/support/venue-engine';
import { oandaTruth } from './harness';

/**
 * Issue 15 item 18: after an OANDA restart, orders succeed as soon as the venue is back, and the connection TMT
 * shows must follow. The adapter's clock is a manual one that the test never moves once the venue is back: the
 * transaction stream's reconnect delay (grown while the venue was down) cannot elapse, so only the venue
 * answering a request can bring the stream back. Before the fix the status stayed "reconnecting" until that
 * delay ran out (up to 5 s after the first successful order).
 */
describe('OANDA connection status after a venue restart', () => {
  let sim: OandaSimulator | undefined;
  let engine: VenueEngine | undefined;
  let venue: ReturnType<typeof createOandaVenue> | undefined;
  const directory = mkdtempSync(join(tmpdir(), 'tmt-oanda-restart-'));
  afterEach(async () => {
    await engine?.close();
    await venue?.disconnect();
    await sim?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('shows connected once the venue answers an order, without waiting out the reconnect delay; TMT equals the venue', async () => {
    const stateFile = join(directory, 'oanda.json');
    sim = await createOandaSimulator({ port: 0, prices: 'scripted', heartbeatMs: 200, stateFile });
    const port = Number(new URL(sim.url).port);
    const accountId = AccountId.parse(sim.accounts[2] ?? '');
    const clock = new ManualClock(Date.now());
    venue = createOandaVenue({
      config: { environment: 'simulator', baseUrl: sim.url, accountIds: [accountId], streamSilenceMs: 60_000 },
      token: sim.token,
      logger: silentLogger(),
      clock,
    });
    let streaming = false;
    venue.onConnection((event) => {
      if (event.state === 'connected') streaming = true;
    });
    await venue.connect();
    await eventually('the transaction stream', () => streaming);
    engine = await startVenueEngine(venue, { clock, timings: { reconcileOpenOrdersEveryMs: 3_600_000, reconcilePositionsEveryMs: 3_600_000 } });
    const state = () => engine?.engine.venueConnections().find((c) => c.venue === 'OANDA')?.state;

    // The venue goes away; the stream retries on the adapter's clock, its delay doubling each time.
    await sim.close();
    await eventually('the loss seen', () => state() === 'reconnecting');
    for (let moved = 0; moved < 20_000; moved += 100) {
      clock.advance(100);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(state()).toBe('reconnecting');

    // Back on the same address with its state; the clock stands still from here on.
    sim = await createOandaSimulator({ port, prices: 'scripted', heartbeatMs: 200, stateFile });
    const outcome = await engine.engine.submit(
      {
        clientOrderId: ClientOrderId.parse('back-1'),
        accountId,
        instrumentId: InstrumentId.parse('EUR_USD.OANDA'),
        side: 'buy',
        type: 'market',
        quantity: Quantity.parse('1000'),
        timeInForce: 'FOK',
        postOnly: false,
        reduceOnly: false,
      },
      'test',
    );
    expect(outcome.status).toBe('accepted');
    await eventually('the order filled', () => engine?.engine.order(ClientOrderId.parse('back-1'))?.status === 'filled');
    await eventually('connected again, with the adapter clock unmoved', () => state() === 'connected');
    const current = sim;
    await waitEngineMatchesVenue(engine.engine, async () => oandaTruth(current, accountId), { accountId, positions: true });
  }, 60_000);
});
