import { describe, expect, it } from 'vitest';
import { Decimal, InstrumentId, Price, Quantity } from '../../../src/core';
import { startHarness } from './harness';

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('coinbase simulator: attached_order_configuration (a trigger bracket attached to the entry)', () => {
  it('once the entry fills, the bracket goes on as a sell trigger_bracket_gtc for the filled size; before, there is none', async () => {
    const h = await startHarness();
    try {
      const quote = h.sim.state.market.quote('BTC-USD') as { bid: Price; ask: Price };
      const entry = quote.bid.mul(Decimal.parse('0.99')).rescale(2, 'down').toString();
      const takeProfit = quote.ask.mul(Decimal.parse('1.05')).rescale(2, 'up').toString();
      const stop = quote.bid.mul(Decimal.parse('0.95')).rescale(2, 'down').toString();
      const answer = await h.venue.api.createOrder({
        client_order_id: 'entry-with-bracket', product_id: 'BTC-USD', side: 'BUY',
        order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: entry, post_only: false } },
        attached_order_configuration: { trigger_bracket_gtc: { limit_price: takeProfit, stop_trigger_price: stop } },
      });
      expect(answer.success).toBe(true);
      const bracketOf = async () => (await h.venue.api.listOrders([['order_status', 'OPEN']])).find((o) => o.client_order_id === 'entry-with-bracket-bracket');
      expect(await bracketOf()).toBeUndefined();
      const now = h.clock.now();
      h.sim.engine.applyMarketData({ type: 'TradeTick', instrumentId: InstrumentId.of('BTC-USD', 'COINBASE'), price: Price.of(Price.parse(entry).sub(Decimal.parse('0.01'))), quantity: Quantity.parse('0.01'), aggressor: 'sell', occurredAt: now, recordedAt: now });
      const bracket = await eventually('the attached bracket', bracketOf);
      expect(bracket.side).toBe('SELL');
      expect(bracket.order_configuration).toEqual({ trigger_bracket_gtc: { limit_price: takeProfit, stop_trigger_price: stop, base_size: '0.01' } });
    } finally {
      await h.close();
    }
  }, 30_000);

  it('an attached configuration Coinbase does not take is refused with the order', async () => {
    const h = await startHarness();
    try {
      const answer = await h.venue.api.createOrder({
        client_order_id: 'entry-bad-bracket', product_id: 'BTC-USD', side: 'BUY',
        order_configuration: { limit_limit_gtc: { base_size: '0.01', limit_price: '1.00', post_only: false } },
        attached_order_configuration: { trigger_bracket_gtc: { limit_price: '2.00' } },
      });
      expect(answer.success).toBe(false);
      expect(JSON.stringify(answer)).toContain('stop_trigger_price is required');
    } finally {
      await h.close();
    }
  }, 30_000);
});
