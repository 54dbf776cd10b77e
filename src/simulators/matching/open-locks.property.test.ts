import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, Price, Quantity, type AccountId, type OrderType } from '../../core';
import { lockedByOpenOrders, scanLockedByOpenOrders } from './funds';
import type { InstrumentMatcher } from './matcher';
import { BTCUSDT, SPOT_ACCOUNT, d, scenario } from './test-kit';
import type { SimOrder } from './types';

type Action =
  | { kind: 'submit'; side: 'buy' | 'sell'; type: OrderType; lots: number; offset: number; trigger: number }
  | { kind: 'book'; mid: number }
  | { kind: 'trade'; offset: number; buy: boolean }
  | { kind: 'modify'; pick: number; lots: number; offset: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'restore' };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('submit' as const),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      type: fc.constantFrom<OrderType>(
        'limit',
        'market',
        'stop-market',
        'stop-limit',
        'trailing-stop',
        'limit-if-touched',
      ),
      lots: fc.integer({ min: 1, max: 40 }),
      offset: fc.integer({ min: -20, max: 20 }),
      trigger: fc.integer({ min: -20, max: 20 }),
    }),
  },
  fc.record({ kind: fc.constant('book' as const), mid: fc.integer({ min: -15, max: 15 }) }),
  fc.record({
    kind: fc.constant('trade' as const),
    offset: fc.integer({ min: -10, max: 10 }),
    buy: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('modify' as const),
    pick: fc.nat(),
    lots: fc.integer({ min: 1, max: 40 }),
    offset: fc.integer({ min: -20, max: 20 }),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.constant({ kind: 'restore' as const }),
);

/** 60000.00 plus `cents` hundredths, built exactly. */
const price = (cents: number) => Price.of(Decimal.of(6_000_000n + BigInt(cents), 2));
/** `lots` thousandths, written at 5 decimals as the instrument does. */
const qty = (lots: number) => Quantity.of(Decimal.of(BigInt(lots) * 100n, 5));

function text(locked: Map<string, Decimal>): string {
  return [...locked.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, amount]) => `${currency}=${amount.toString()}`)
    .join(' ');
}

describe('matching open-order locks (property)', () => {
  let bothLocked = 0;
  it('the running sums equal a scan of every open order after any mix of orders, fills, modifies, cancels and restores', () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 60 }), (actions) => {
        const s = scenario();
        const engine = s.engine;
        const matchers = () =>
          (engine as unknown as { matchers: Map<string, InstrumentMatcher> }).matchers.values();
        const orders: SimOrder[] = [];
        const setBook = (mid: number) =>
          s.book(BTCUSDT, [[price(mid - 1).toString(), '0.5']], [[price(mid + 1).toString(), '0.5']]);
        setBook(0);
        for (const a of actions) {
          if (a.kind === 'submit') {
            const outcome = engine.submit(
              s.request({
                accountId: SPOT_ACCOUNT,
                instrumentId: BTCUSDT,
                side: a.side,
                type: a.type,
                quantity: qty(a.lots),
                ...(a.type === 'limit' || a.type === 'stop-limit' || a.type === 'limit-if-touched'
                  ? { price: price(a.offset) }
                  : {}),
                ...(a.type.startsWith('stop') || a.type === 'limit-if-touched'
                  ? { triggerPrice: price(a.trigger) }
                  : {}),
                ...(a.type === 'trailing-stop'
                  ? { trailingOffset: { kind: 'price' as const, value: d('0.05') } }
                  : {}),
              }),
            ).outcome;
            if (outcome?.status === 'accepted') orders.push(outcome.order);
          } else if (a.kind === 'book') setBook(a.mid);
          else if (a.kind === 'trade')
            s.trade(BTCUSDT, price(a.offset).toString(), '0.01', a.buy ? 'buy' : 'sell');
          else if (a.kind === 'restore')
            (engine as unknown as { restore(snapshot: string): void }).restore(engine.saveEncoded());
          else {
            const target = orders[a.pick % Math.max(orders.length, 1)];
            if (target === undefined) continue;
            const ref = { orderId: target.orderId };
            if (a.kind === 'cancel') engine.cancel(ref);
            else
              engine.modify(ref, {
                quantity: qty(a.lots),
                ...(target.request.price === undefined ? {} : { price: price(a.offset) }),
              });
          }
          for (const accountId of [SPOT_ACCOUNT] as AccountId[]) {
            const expected = text(scanLockedByOpenOrders(accountId, matchers()));
            if (expected.includes('USDT') && expected.includes('BTC')) bothLocked++;
            expect(text(lockedByOpenOrders(accountId, matchers()))).toBe(expected);
          }
        }
      }),
      // A fixed seed: the content check below counts cases, and an unseeded run can fall short of it by chance.
      { numRuns: 150, seed: 20261201 },
    );
    // The scenarios did hold both currencies at once (buys lock USDT, sells BTC), so the comparison had content.
    expect(bothLocked).toBeGreaterThan(100);
  });
});
