import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClientOrderId, Price, Quantity } from '../../../src/core';
import { ACCOUNT, BTC_USDT, startHarness } from './harness';

describe('okx simulator --data-dir', () => {
  it('keeps open orders, fills and balances across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'okx-state-'));
    try {
      const first = await startHarness({ sim: { dataDir } });
      const request = { clientOrderId: ClientOrderId.parse('keep1'), accountId: ACCOUNT, instrumentId: BTC_USDT, side: 'buy' as const, type: 'limit' as const, quantity: Quantity.parse('0.01'), price: Price.parse('50000'), timeInForce: 'GTC' as const, postOnly: false, reduceOnly: false };
      const placed = await first.venue.client.submit({ request, venueClientOrderId: 'keep1' as never });
      expect(placed.status).toBe('accepted');
      const market = await first.venue.client.submit({ request: { ...request, clientOrderId: ClientOrderId.parse('keep2'), type: 'market', timeInForce: 'IOC', price: undefined as never }, venueClientOrderId: 'keep2' as never });
      expect(market.status).toBe('accepted');
      const before = await first.venue.client.account(ACCOUNT);
      await first.close();

      const second = await startHarness({ sim: { dataDir } });
      try {
        const open = await second.venue.client.openOrders(ACCOUNT, BTC_USDT);
        expect(open.map((o) => o.venueClientOrderId)).toEqual(['keep1']);
        expect((await second.venue.client.orderStatus({ accountId: ACCOUNT, instrumentId: BTC_USDT, venueClientOrderId: 'keep2' as never }))?.status).toBe('filled');
        const after = await second.venue.client.account(ACCOUNT);
        expect(after.balances.map((b) => [b.currency, b.total.toString()])).toEqual(before.balances.map((b) => [b.currency, b.total.toString()]));
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
