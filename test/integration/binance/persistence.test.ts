import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { AccountId, ClientOrderId, Decimal, InstrumentId, Price, Quantity, type VenueClientOrderId } from '../../../src/core';
import { startHarness, type Harness } from './harness';

/** Issue 15 item 7: a Binance simulator with a state file restarts as the same venue. */
describe('binance simulator state across a restart', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-binance-state-'));
  const stateFile = join(directory, 'binance.json');
  const accountId = AccountId.parse('binance-test');
  const instrumentId = InstrumentId.of('BTCUSDT', 'BINANCE');
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const submit = (h: Harness, id: string, type: 'limit' | 'market', price?: string) =>
    h.venue.client.submit({
      request: {
        clientOrderId: ClientOrderId.parse(id),
        accountId,
        instrumentId,
        side: 'buy',
        type,
        quantity: Quantity.parse('0.01'),
        ...(price === undefined ? {} : { price: Price.parse(price) }),
        timeInForce: type === 'market' ? 'IOC' : 'GTC',
        postOnly: false,
        reduceOnly: false,
      },
      venueClientOrderId: id as VenueClientOrderId,
    });

  it('keeps open orders, fills, balances and id counters, and refuses a corrupt file', async () => {
    const first = await startHarness({ sim: { stateFile } });
    let restingId: string;
    let before: { balances: unknown; fills: number };
    try {
      const resting = await submit(first, 'persist-rest', 'limit', '50000.00');
      expect(resting.status).toBe('accepted');
      restingId = resting.status === 'accepted' ? String(resting.venueOrderId) : '';
      expect((await submit(first, 'persist-fill', 'market')).status).toBe('accepted');
      before = {
        balances: (await first.venue.client.account(accountId)).balances,
        fills: (await first.venue.client.fillsSince(accountId, 0)).length,
      };
      expect(before.fills).toBeGreaterThan(0);
    } finally {
      await first.close();
    }

    const second = await startHarness({ sim: { stateFile } });
    try {
      const open = await second.venue.client.openOrders(accountId);
      expect(open.map((o) => [o.venueClientOrderId, String(o.venueOrderId)])).toEqual([['persist-rest', restingId]]);
      expect((await second.venue.client.account(accountId)).balances).toEqual(before.balances);
      expect((await second.venue.client.fillsSince(accountId, 0)).length).toBe(before.fills);
      // Ids go on from where they were: a new order never reuses an id the venue already handed out.
      const next = await submit(second, 'persist-next', 'limit', '50000.00');
      expect(next.status === 'accepted' && BigInt(next.venueOrderId) > BigInt(restingId)).toBe(true);
      // The restored order still works: a market move through its price fills it.
      second.sim.state.market.movePrice('BTCUSDT', Decimal.parse('49000.00'));
      await expect.poll(async () => (await second.venue.client.openOrders(accountId)).length, { timeout: 10_000 }).toBe(0);
    } finally {
      await second.close();
    }

    // Corrupt data is worse than no data: a damaged file stops the start instead of opening an empty venue.
    writeFileSync(stateFile, readFileSync(stateFile, 'utf8').slice(0, 100));
    await expect(startHarness({ sim: { stateFile } })).rejects.toThrow();
  }, 60_000);
});
