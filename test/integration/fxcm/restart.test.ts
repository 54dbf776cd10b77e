/**
 * Crash and restart: the adapter's FIX sequence numbers live in SQLite and the simulator's orders, positions
 * and sequence numbers under its --data-dir, so after both restart (no Logout: a crash) the session resumes
 * with the numbers it had, the gap is resent, and the order state is what it was.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type VenueClientOrderId } from '../../../src/core';
import { createFxcmSimulator, type FxcmSimulator } from '../../../src/simulators/fxcm';
import { SqliteFixSessionStore } from '../../../src/venues/fix/store';
import { adapterFor, eventually } from './harness';

describe('FXCM crash and restart', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps FIX sequence numbers and order state across a crash of both sides (no Logout), and resumes without a reset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmt-fxcm-restart-'));
    dirs.push(dir);
    const storePath = join(dir, 'adapter-session.db');
    const simDir = join(dir, 'sim');
    const config = { resetOnLogon: false, sessionStorePath: storePath };
    let sim: FxcmSimulator = await createFxcmSimulator({ prices: 'scripted', dataDir: simDir });
    let client = adapterFor(sim, config);
    await client.connect();
    const accountId = client.accountIds[0];
    if (accountId === undefined) throw new Error('no account');
    const instrumentId = InstrumentId.parse('EUR/USD.FXCM');
    const { bid } = sim.market.quote('EUR/USD');
    const price = Price.roundToTick(bid.mul(Decimal.parse('0.99')), Decimal.parse('0.00001'), 'down');
    const order = { clientOrderId: ClientOrderId.parse('restart-1'), accountId, instrumentId, side: 'buy' as const, type: 'limit' as const, quantity: Quantity.parse('10000'), price, timeInForce: 'GTC' as const, postOnly: false, reduceOnly: false };
    const submitted = await client.submit({ request: order, venueClientOrderId: 'restart-1' as VenueClientOrderId });
    expect(submitted.status).toBe('accepted');
    const market = { ...order, clientOrderId: ClientOrderId.parse('restart-2'), type: 'market' as const, timeInForce: 'IOC' as const };
    delete (market as { price?: Price }).price;
    expect((await client.submit({ request: market, venueClientOrderId: 'restart-2' as VenueClientOrderId })).status).toBe('accepted');
    await eventually('the market fill', async () => ((await client.positions(accountId)).length === 1 ? true : undefined));

    // Crash: the simulator's state is flushed as it runs; the adapter's store is closed without a Logout.
    const before = new SqliteFixSessionStore(storePath);
    const numbers = { sender: before.nextSenderSeqNum, target: before.nextTargetSeqNum };
    before.close();
    expect(numbers.sender).toBeGreaterThan(5);
    sim.server.saveNow();
    await sim.close();
    const crashed = client;
    sim = await createFxcmSimulator({ prices: 'scripted', dataDir: simDir });
    client = adapterFor(sim, config);
    await client.connect();
    try {
      const after = new SqliteFixSessionStore(storePath);
      // The new Logon took the next number: no reset to 1 on either side.
      expect(after.nextSenderSeqNum).toBeGreaterThan(numbers.sender);
      expect(after.nextTargetSeqNum).toBeGreaterThan(numbers.target);
      after.close();
      const status = await client.orderStatus({ accountId, venueClientOrderId: 'restart-1' as VenueClientOrderId });
      expect(status?.status).toBe('accepted');
      expect(status?.price?.eq(price)).toBe(true);
      const open = await client.openOrders(accountId);
      expect(open.map((o) => o.venueClientOrderId)).toEqual(['restart-1']);
      const positions = await client.positions(accountId);
      expect(positions.map((p) => [p.instrumentId, p.signedQuantity.toString()])).toEqual([[instrumentId, '10000']]);
      expect((await client.cancel({ accountId, instrumentId, venueClientOrderId: 'restart-1' as VenueClientOrderId })).status).toBe('canceled');
    } finally {
      // The crashed instance only stops its reconnect attempts here; its line is long gone.
      await crashed.disconnect();
      await client.disconnect();
      await sim.close();
    }
  }, 60_000);
});
