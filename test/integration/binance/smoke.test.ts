import { describe, expect, it } from 'vitest';
import { ClientOrderId, InstrumentId, Price, Quantity, AccountId } from '../../../src/core';
import { startHarness } from './harness';

describe('binance adapter against the simulator', () => {
  it('places, queries and cancels a limit order over REST', async () => {
    const h = await startHarness();
    try {
      const instrumentId = InstrumentId.of('BTCUSDT', 'BINANCE');
      const result = await h.venue.client.submit({
        request: {
          clientOrderId: ClientOrderId.parse('smoke-1'),
          accountId: AccountId.parse('binance-test'),
          instrumentId,
          side: 'buy',
          type: 'limit',
          quantity: Quantity.parse('0.01'),
          price: Price.parse('50000.00'),
          timeInForce: 'GTC',
          postOnly: false,
          reduceOnly: false,
        },
        venueClientOrderId: 'smoke-1' as never,
      });
      expect(result.status, JSON.stringify(result)).toBe('accepted');
    } finally {
      await h.close();
    }
  }, 30_000);
});
