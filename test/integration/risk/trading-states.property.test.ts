import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, Price, Quantity, type OrderRequest } from '../../../src/core';
import { fill, order } from './fixtures';
import { ACCOUNT, eurUsd, gbpUsd, riskHarness } from './harness';

const TYPES = ['market', 'limit', 'stop-market'] as const;

const requestArbitrary = fc.record({
  instrument: fc.constantFrom(eurUsd, gbpUsd),
  buy: fc.boolean(),
  units: fc.integer({ min: 1, max: 3000 }),
  type: fc.constantFrom(...TYPES),
  reduceOnly: fc.boolean(),
  priceTicks: fc.integer({ min: 95000, max: 105000 }),
});

type RawRequest = typeof requestArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toRequest(raw: RawRequest): OrderRequest {
  const price = Price.of(Decimal.of(BigInt(raw.priceTicks), 5));
  return order(raw.instrument, raw.buy ? 'buy' : 'sell', String(raw.units), {
    type: raw.type,
    reduceOnly: raw.reduceOnly,
    ...(raw.type === 'limit' ? { price } : {}),
    ...(raw.type === 'stop-market' ? { triggerPrice: price } : {}),
  });
}

describe('trading states (property)', () => {
  it('HALTED, globally or on the account, lets no submit or modify pass and every cancel pass', () => {
    fc.assert(
      fc.property(
        fc.array(requestArbitrary, { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        fc.integer({ min: -2000, max: 2000 }),
        (requests, global, position) => {
          const { risk, portfolio, open } = riskHarness();
          if (position !== 0)
            portfolio.applyFill(
              fill(eurUsd, position > 0 ? 'buy' : 'sell', String(Math.abs(position)), '1.00000'),
            );
          risk.setTradingState(global ? 'global' : ACCOUNT, 'HALTED', 'test', 'test');
          for (const raw of requests) {
            const request = toRequest(raw);
            expect(risk.checkSubmit(request).allowed).toBe(false);
            const resting = open(request);
            expect(risk.checkModify(resting, { quantity: request.quantity }).allowed).toBe(false);
            expect(risk.checkCancel().allowed).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('REDUCING lets no order pass that would grow a position or flip it', () => {
    fc.assert(
      fc.property(
        fc.array(requestArbitrary, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: -2000, max: 2000 }),
        fc.boolean(),
        (requests, position, global) => {
          const { risk, portfolio } = riskHarness();
          if (position !== 0)
            portfolio.applyFill(
              fill(eurUsd, position > 0 ? 'buy' : 'sell', String(Math.abs(position)), '1.00000'),
            );
          risk.setTradingState(global ? 'global' : ACCOUNT, 'REDUCING', 'test', 'test');
          for (const raw of requests) {
            const request = toRequest(raw);
            const decision = risk.checkSubmit(request);
            if (!decision.allowed) continue;
            const net = portfolio.netQuantity(ACCOUNT, request.instrumentId);
            const after = net.add(request.side === 'buy' ? request.quantity : request.quantity.neg());
            expect(after.abs().lte(net.abs())).toBe(true);
            expect(after.isZero() || after.sign() === net.sign()).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('the kill switch may flatten under HALTED with reduce-only orders, and nothing else may', () => {
    const { risk, portfolio } = riskHarness();
    portfolio.applyFill(fill(eurUsd, 'buy', '1000', '1.00000'));
    risk.setTradingState('global', 'HALTED', 'kill switch', 'admin');
    expect(
      risk.checkSubmit(order(eurUsd, 'sell', '1000', { reduceOnly: true }), { killSwitchFlatten: true })
        .allowed,
    ).toBe(true);
    expect(risk.checkSubmit(order(eurUsd, 'sell', '1000', { reduceOnly: true })).allowed).toBe(false);
    expect(
      risk.checkSubmit(order(eurUsd, 'sell', '1001', { reduceOnly: true }), { killSwitchFlatten: true })
        .allowed,
    ).toBe(false);
    expect(
      risk.checkSubmit(order(eurUsd, 'buy', '1', { reduceOnly: false }), { killSwitchFlatten: true }).allowed,
    ).toBe(false);
  });

  it('publishes each state change once, with the previous state', () => {
    const { risk, events } = riskHarness();
    risk.setTradingState(ACCOUNT, 'REDUCING', 'drill', 'admin');
    risk.setTradingState(ACCOUNT, 'REDUCING', 'drill again', 'admin');
    const changes = events.filter((event) => event.type === 'TradingStateChanged');
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      accountId: ACCOUNT,
      previous: 'ACTIVE',
      current: 'REDUCING',
      actor: 'admin',
    });
  });
});

describe('REDUCING with resting orders', () => {
  it('counts open orders on the same side: two reductions together may not exceed the position', () => {
    const { risk, portfolio, open } = riskHarness();
    portfolio.applyFill(fill(eurUsd, 'buy', '1000', '1.00000'));
    risk.setTradingState(ACCOUNT, 'REDUCING', 'drill', 'admin');
    open(order(eurUsd, 'sell', '600', { type: 'limit', price: Price.parse('1.10000') }));
    expect(risk.checkSubmit(order(eurUsd, 'sell', '400')).allowed).toBe(true);
    expect(risk.checkSubmit(order(eurUsd, 'sell', '401')).allowed).toBe(false);
  });
});

describe('modify under REDUCING', () => {
  it('allows a modify that keeps a reducing order reducing and denies one that would grow the position', () => {
    const { risk, portfolio, open } = riskHarness();
    portfolio.applyFill(fill(eurUsd, 'buy', '1000', '1.00000'));
    const resting = open(order(eurUsd, 'sell', '500', { type: 'limit', price: Price.parse('1.10000') }));
    risk.setTradingState(ACCOUNT, 'REDUCING', 'drill', 'admin');
    expect(risk.checkModify(resting, { price: Price.parse('1.09000') }).allowed).toBe(true);
    expect(risk.checkModify(resting, { quantity: Quantity.parse('1000') }).allowed).toBe(true);
    expect(risk.checkModify(resting, { quantity: Quantity.parse('1001') }).allowed).toBe(false);
  });
});
