import { afterEach, describe, expect, it } from 'vitest';
import { AccountId } from '../../../src/core';
import { ACCOUNT, startHarness, type Harness } from './harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const SIM_ACCOUNT = AccountId.parse('okx-sim');

/** 20 small market orders a batch, alternating sides so the balances hold: one fill each at the touch. */
async function makeFills(h: Harness, batches: number): Promise<void> {
  for (let b = 0; b < batches; b++) {
    const bodies = Array.from({ length: 20 }, (_, i) => ({ instId: 'BTC-USDT', tdMode: 'cash', side: i % 2 === 0 ? 'buy' : 'sell', ordType: 'market', sz: '0.001', tgtCcy: 'base_ccy', clOrdId: `pg${b}x${i}` }));
    const answer = await h.venue.api.batchOrders(bodies);
    expect(answer.data.map((ack) => ack.sCode)).toEqual(bodies.map(() => '0'));
  }
}

describe('okx fillsSince pages through fills and fills-history until done', () => {
  it('returns all 250 fills (three pages of at most 100) from fills, equal to the venue fill log', async () => {
    harness = await startHarness({ connect: false });
    const h = harness;
    const since = h.clock.now() - 60_000;
    await makeFills(h, 12);
    await h.venue.api.batchOrders(Array.from({ length: 10 }, (_, i) => ({ instId: 'BTC-USDT', tdMode: 'cash', side: i % 2 === 0 ? 'buy' : 'sell', ordType: 'market', sz: '0.001', tgtCcy: 'base_ccy', clOrdId: `pgtail${i}` })));
    const venueFills = h.sim.engine.fills(SIM_ACCOUNT);
    expect(venueFills.length).toBe(250);
    const before = h.sim.state.requests.filter((r) => r.path === '/api/v5/trade/fills').length;
    const fills = await h.venue.client.fillsSince(ACCOUNT, since);
    expect(h.sim.state.requests.filter((r) => r.path === '/api/v5/trade/fills').length - before).toBe(3);
    expect(fills.map((f) => f.tradeId)).toEqual(venueFills.map((f) => f.tradeId));
    expect(new Set(fills.map((f) => f.tradeId)).size).toBe(250);
  });

  it('reads fills-history for an old start, stopping on an exact multiple of 100 with one empty page', async () => {
    harness = await startHarness({ connect: false });
    const h = harness;
    await makeFills(h, 10);
    const fills = await h.venue.client.fillsSince(ACCOUNT, 0);
    const history = h.sim.state.requests.filter((r) => r.path === '/api/v5/trade/fills-history').length;
    expect(history).toBe(3);
    expect(fills.map((f) => f.tradeId)).toEqual(h.sim.engine.fills(SIM_ACCOUNT).map((f) => f.tradeId));
    expect(fills.length).toBe(200);
  });
});
