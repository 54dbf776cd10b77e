import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ClientOrderId, Decimal, InstrumentId, Price, Quantity, type VenueClientOrderId } from '../../../src/core';
import { startPair, type OandaPair } from './harness';

/** Issue 15 item 7: an OANDA simulator with a state file restarts as the same venue, through the real adapter. */
describe('oanda simulator state across a restart', () => {
  const directory = mkdtempSync(join(tmpdir(), 'tmt-oanda-state-'));
  const stateFile = join(directory, 'oanda.json');
  const instrumentId = InstrumentId.of('EUR_USD', 'OANDA');
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  // What the venue holds, without the time of the reading.
  const positionsOf = async (pair: OandaPair) =>
    (await pair.client.positions(pair.accountId)).map(({ reportedAt: _at, ...position }) => position);

  const submit = (pair: OandaPair, id: string, type: 'limit' | 'market', price?: string) =>
    pair.client.submit({
      request: {
        clientOrderId: ClientOrderId.parse(id),
        accountId: pair.accountId,
        instrumentId,
        side: 'buy',
        type,
        quantity: Quantity.parse('1000'),
        ...(price === undefined ? {} : { price: Price.parse(price) }),
        timeInForce: type === 'market' ? 'FOK' : 'GTC',
        postOnly: false,
        reduceOnly: false,
      },
      venueClientOrderId: id as VenueClientOrderId,
    });

  it('keeps pending orders, positions, balance, fills and transaction ids, and refuses a corrupt file', async () => {
    const first = await startPair({ sim: { stateFile, prices: 'scripted' }, account: 2 });
    let before: { positions: unknown; balances: unknown; fills: number; lastTransaction: bigint; pending: unknown[] };
    try {
      expect((await submit(first, 'persist-rest', 'limit', '1.00000')).status).toBe('accepted');
      expect((await submit(first, 'persist-fill', 'market')).status).toBe('accepted');
      const account = first.sim.venue.accounts.get(first.accountId);
      before = {
        positions: await positionsOf(first),
        balances: (await first.client.account(first.accountId)).balances,
        fills: (await first.client.fillsSince(first.accountId, 0)).length,
        lastTransaction: account?.lastTransactionId ?? 0n,
        pending: (await first.client.openOrders(first.accountId)).map((o) => o.venueClientOrderId),
      };
      expect(before.fills).toBeGreaterThan(0);
      expect(before.pending).toEqual(['persist-rest']);
    } finally {
      await first.close();
    }

    const second = await startPair({ sim: { stateFile, prices: 'scripted' }, account: 2 });
    try {
      expect((await second.client.openOrders(second.accountId)).map((o) => o.venueClientOrderId)).toEqual(before.pending);
      expect(await positionsOf(second)).toEqual(before.positions);
      expect((await second.client.account(second.accountId)).balances).toEqual(before.balances);
      expect((await second.client.fillsSince(second.accountId, 0)).length).toBe(before.fills);
      // Transaction ids go on from the last one: nothing is funded again, no id is reused.
      const account = second.sim.venue.accounts.get(second.accountId);
      expect(account?.transactions.filter((t) => t['type'] === 'TRANSFER_FUNDS')).toHaveLength(1);
      expect((await submit(second, 'persist-next', 'market')).status).toBe('accepted');
      expect((account?.lastTransactionId ?? 0n) > before.lastTransaction).toBe(true);
      // The restored pending order still works: the market falls through its price and fills it.
      second.sim.market.movePrice('EUR_USD', Decimal.parse('0.99990'));
      await expect.poll(async () => (await second.client.openOrders(second.accountId)).length, { timeout: 10_000 }).toBe(0);
    } finally {
      await second.close();
    }

    writeFileSync(stateFile, readFileSync(stateFile, 'utf8').slice(0, 100));
    await expect(startPair({ sim: { stateFile, prices: 'scripted' }, account: 2 })).rejects.toThrow();
  }, 60_000);
});
