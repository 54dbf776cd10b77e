import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientOrderId, type OrderRequest, type TradingState } from '../../../src/core';
import { standardRiskAndPortfolio } from '../../../src/engine';
import { ACCOUNT, BTC } from './support/fake-venue';
import { createHarness, limitBuy, marketOrder, settle, type Harness } from './support/harness';

/**
 * Trading states at the engine level, with the real risk engine: whatever the sequence of intents, under
 * HALTED no submit reaches the venue and every cancel does; under REDUCING nothing that reaches the venue
 * grows the position.
 */
let harness: Harness;
beforeAll(async () => {
  harness = await createHarness({
    engine: standardRiskAndPortfolio({
      global: { submitRatePerSecond: 1_000_000, modifyRatePerSecond: 1_000_000 },
    }),
  });
  harness.venue.quote('99.00', '101.00');
  await settle();
  await harness.engine.submit(marketOrder('buy', '1.000'), 'setup');
});
afterAll(async () => {
  await harness.close();
});

type Intent =
  | { kind: 'limit-buy' }
  | { kind: 'market'; side: 'buy' | 'sell'; reduceOnly: boolean; size: number }
  | { kind: 'cancel'; pick: number };

const intent: fc.Arbitrary<Intent> = fc.oneof(
  fc.constant<Intent>({ kind: 'limit-buy' }),
  fc.record({
    kind: fc.constant('market' as const),
    side: fc.constantFrom('buy' as const, 'sell' as const),
    reduceOnly: fc.boolean(),
    size: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
);

let counter = 0;
const reachedIn: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 0, HALTED: 0 };

describe('trading states through the engine (property)', () => {
  it('HALTED: no submit reaches the venue, every cancel does; REDUCING: nothing that reaches the venue grows the position', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<TradingState>('ACTIVE', 'REDUCING', 'HALTED'),
        fc.array(intent, { minLength: 1, maxLength: 8 }),
        async (state, intents) => {
          const { engine, venue } = harness;
          engine.setTradingState('global', state, 'property', 'test');
          for (const next of intents) {
            const submitsBefore = venue.submitCount;
            const net = venue.net.get(BTC);
            if (next.kind === 'cancel') {
              const open = engine.orders({ openOnly: true });
              const target = open[next.pick % Math.max(1, open.length)];
              if (target === undefined) continue;
              const cancelsBefore = venue.cancelCount;
              const view = await engine.cancel(target.order.clientOrderId, 'test');
              expect(venue.cancelCount).toBe(cancelsBefore + 1);
              expect(view.status).toBe('canceled');
              continue;
            }
            counter++;
            const request: OrderRequest =
              next.kind === 'limit-buy'
                ? limitBuy('90.00', '0.010', `p-${counter}`)
                : {
                    ...marketOrder(next.side, (next.size / 1000).toFixed(3), `p-${counter}`),
                    reduceOnly: next.reduceOnly,
                  };
            const outcome = await engine.submit(request, 'test');
            const reached = venue.submitCount > submitsBefore;
            if (reached) reachedIn[state]++;
            if (state === 'HALTED') {
              expect(reached).toBe(false);
              expect(outcome.status).toBe('denied');
            }
            if (state === 'REDUCING' && reached) {
              const after = venue.net.get(BTC);
              expect(
                after?.abs().lte(net?.abs() ?? after.abs()) ?? true,
                `${request.side} ${request.quantity.toString()} from ${net?.toString()}`,
              ).toBe(true);
              expect(request.type).toBe('market');
            }
          }
          engine.setTradingState('global', 'ACTIVE', 'property', 'test');
          // Keep the position long and the book small between runs.
          const position = venue.net.get(BTC);
          if (position === undefined || !position.isPositive())
            await engine.submit(marketOrder('buy', '1.000', `top-${++counter}`), 'test');
          await engine.cancelAll({ accountId: ACCOUNT }, 'test');
        },
      ),
      { numRuns: 300 },
    );
    expect(harness.engine.order(ClientOrderId.parse('p-1'))).toBeDefined();
    // The property is not vacuous: orders did reach the venue when allowed.
    expect(reachedIn.ACTIVE).toBeGreaterThan(20);
    expect(reachedIn.REDUCING).toBeGreaterThan(5);
    expect(reachedIn.HALTED).toBe(0);
  }, 120_000);
});
