import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fxPair, order as requestFor } from '../../../test/integration/risk/fixtures';
import {
  AccountId,
  Money,
  Order,
  Price,
  Quantity,
  TradeId,
  type VenueClientOrderId,
  VenueOrderId,
  type OrderEvent,
  type OrderRequest,
} from '../../core';
import { summarizePending } from './open-orders';
import { PendingTotals } from './pending-totals';

const instruments = [fxPair('EUR_USD'), fxPair('GBP_USD')];
const accounts = [AccountId.parse('acc-1'), AccountId.parse('acc-2')];

type Step =
  | { kind: 'open'; account: number; instrument: number; buy: boolean; reduceOnly: boolean; units: number }
  | { kind: 'fill'; pick: number; units: number }
  | { kind: 'amend'; pick: number; units: number }
  | { kind: 'cancel'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    account: fc.integer({ min: 0, max: 1 }),
    instrument: fc.integer({ min: 0, max: 1 }),
    buy: fc.boolean(),
    reduceOnly: fc.boolean(),
    units: fc.integer({ min: 1, max: 1_000 }),
  }),
  fc.record({
    kind: fc.constant('fill' as const),
    pick: fc.nat(),
    units: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({
    kind: fc.constant('amend' as const),
    pick: fc.nat(),
    units: fc.integer({ min: 1, max: 1_500 }),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
);

let sequence = 0;
function event(order: Order, body: Record<string, unknown>): OrderEvent {
  sequence++;
  return {
    eventId: `e${sequence}`,
    clientOrderId: order.clientOrderId,
    accountId: order.request.accountId,
    instrumentId: order.request.instrumentId,
    occurredAt: sequence,
    recordedAt: sequence,
    ...body,
  } as unknown as OrderEvent;
}

describe('PendingTotals (property)', () => {
  it('after any sequence of opens, fills, amendments and cancels, every summary equals a scan of the open orders', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const totals = new PendingTotals();
        const open: Order[] = [];
        const all: Order[] = [];
        const check = (s: Step) => {
          const pick = 'pick' in s ? s.pick : all.length - 1;
          for (const accountId of accounts) {
            for (const instrument of instruments) {
              for (const side of ['buy', 'sell'] as const) {
                const exclude = (all[pick % all.length] as Order).clientOrderId;
                const expected = summarizePending(
                  open.filter((o) => o.request.accountId === accountId),
                  instrument.id,
                  side,
                  exclude,
                );
                const found = totals.summary(accountId, instrument.id, side, exclude);
                expect(found.count).toBe(expected.count);
                expect(found.instrumentCount).toBe(expected.instrumentCount);
                expect(found.growing.eq(expected.growing)).toBe(true);
                expect(found.reducing.eq(expected.reducing)).toBe(true);
              }
            }
          }
        };
        for (const s of steps) {
          if (s.kind === 'open') {
            const request: OrderRequest = requestFor(
              instruments[s.instrument] as (typeof instruments)[number],
              s.buy ? 'buy' : 'sell',
              String(s.units),
              { accountId: accounts[s.account] as AccountId, reduceOnly: s.reduceOnly },
            );
            sequence++;
            const order = Order.fromEvents([
              {
                type: 'OrderInitialized',
                eventId: `e${sequence}`,
                clientOrderId: request.clientOrderId,
                accountId: request.accountId,
                instrumentId: request.instrumentId,
                occurredAt: sequence,
                recordedAt: sequence,
                request,
              },
            ]);
            order.apply(
              event(order, {
                type: 'OrderSubmitted',
                venueClientOrderId: `v${sequence}` as VenueClientOrderId,
              }),
            );
            order.apply(
              event(order, { type: 'OrderAccepted', venueOrderId: VenueOrderId.of(`x${sequence}`) }),
            );
            open.push(order);
            all.push(order);
            totals.opened(order);
            check(s);
            continue;
          }
          const order = open[s.pick % Math.max(open.length, 1)];
          if (order === undefined) continue;
          if (s.kind === 'fill') {
            const units = Math.min(s.units, Number(order.leavesQuantity.toString()));
            order.apply(
              event(order, {
                type: 'OrderFilled',
                venueOrderId: VenueOrderId.of('x'),
                tradeId: TradeId.of(`t${sequence}`),
                side: order.request.side,
                lastQuantity: Quantity.parse(String(units)),
                lastPrice: Price.parse('1.00000'),
                commission: Money.zero('USD'),
                liquidity: 'maker',
              }),
            );
            totals.changed(order.clientOrderId);
          } else if (s.kind === 'amend') {
            const quantity = Number(order.filledQuantity.toString()) + s.units;
            order.apply(event(order, { type: 'OrderUpdated', quantity: Quantity.parse(String(quantity)) }));
            totals.changed(order.clientOrderId);
          } else {
            order.apply(event(order, { type: 'OrderCanceled' }));
          }
          if (order.isTerminal()) {
            open.splice(open.indexOf(order), 1);
            totals.closed(order);
          }
          check(s);
        }
      }),
      { numRuns: 200 },
    );
  });
});
