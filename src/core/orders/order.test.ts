import { describe, expect, it } from 'vitest';
import type { OrderEvent, OrderFilled } from '../events/order-events';
import { AccountId, ClientOrderId, InstrumentId, TradeId, VenueOrderId } from '../identifiers';
import { Money } from '../money/money';
import { Price } from '../money/price';
import { Quantity } from '../money/quantity';
import { Order } from './order';
import type { OrderRequest } from './types';

const base = {
  clientOrderId: ClientOrderId.parse('c-1'),
  accountId: AccountId.parse('acc-1'),
  instrumentId: InstrumentId.parse('EUR_USD.PAPER'),
  occurredAt: 1,
  recordedAt: 1,
};
const request: OrderRequest = {
  clientOrderId: base.clientOrderId,
  accountId: base.accountId,
  instrumentId: base.instrumentId,
  side: 'buy',
  type: 'limit',
  quantity: Quantity.parse('1000'),
  price: Price.parse('1.10000'),
  timeInForce: 'GTC',
  postOnly: false,
  reduceOnly: false,
};
let nextId = 0;
const event = <T extends OrderEvent['type']>(type: T, extra: object = {}) =>
  ({ ...base, eventId: `e${nextId++}`, type, ...extra }) as unknown as Extract<OrderEvent, { type: T }>;
const fill = (tradeId: string, qty: string, price = '1.10000'): OrderFilled =>
  event('OrderFilled', {
    venueOrderId: VenueOrderId.of('v-1'),
    tradeId: TradeId.of(tradeId),
    side: 'buy',
    lastQuantity: Quantity.parse(qty),
    lastPrice: Price.parse(price),
    commission: Money.parse('0.01', 'USD'),
    liquidity: 'maker',
  });

function accepted(): Order {
  return Order.fromEvents([
    event('OrderInitialized', { request }),
    event('OrderSubmitted', { venueClientOrderId: 'c-1' }),
    event('OrderAccepted', { venueOrderId: VenueOrderId.of('v-1') }),
  ]);
}

describe('Order fold', () => {
  it('goes partially filled then filled, with an exact average price', () => {
    const order = accepted();
    order.apply(fill('t1', '400', '1.10000'));
    expect(order.status).toBe('partially-filled');
    order.apply(fill('t2', '600', '1.10010'));
    expect(order.status).toBe('filled');
    expect(order.averageFillPrice?.toString()).toBe('1.10006');
    expect(order.commissions.get('USD')?.amount.toString()).toBe('0.02');
  });

  it('ignores a duplicate fill with the same trade id', () => {
    const order = accepted();
    expect(order.apply(fill('t1', '400'))).toBe('applied');
    expect(order.apply(fill('t1', '400'))).toBe('duplicate');
    expect(order.filledQuantity.toString()).toBe('400');
  });

  it('rejects an overfill with OMS_OVERFILL and changes nothing', () => {
    const order = accepted();
    order.apply(fill('t1', '900'));
    expect(() => order.apply(fill('t2', '101'))).toThrow(expect.objectContaining({ code: 'OMS_OVERFILL' }));
    expect(order.filledQuantity.toString()).toBe('900');
    expect(order.status).toBe('partially-filled');
  });

  it('returns to its previous status when a cancel is refused', () => {
    const order = accepted();
    order.apply(fill('t1', '100'));
    order.apply(event('OrderPendingCancel'));
    expect(order.status).toBe('pending-cancel');
    order.apply(event('OrderCancelRejected', { code: 'VENUE_REJECTED', reason: 'too late' }));
    expect(order.status).toBe('partially-filled');
  });

  it('accepts a fill after a cancel was requested and records the edge reason', () => {
    const order = accepted();
    order.apply(event('OrderPendingCancel'));
    order.apply(fill('t1', '1000'));
    expect(order.status).toBe('filled');
    expect(order.lastEdgeReason).toMatch(/after a cancel was requested/);
  });

  it('refuses a transition out of a terminal status with OMS_INVALID_TRANSITION', () => {
    const order = accepted();
    order.apply(event('OrderCanceled'));
    expect(() => order.apply(event('OrderAccepted', { venueOrderId: VenueOrderId.of('v-2') }))).toThrow(
      expect.objectContaining({ code: 'OMS_INVALID_TRANSITION' }),
    );
  });

  it('leaves the unknown state only through what the venue reports', () => {
    const order = Order.fromEvents([
      event('OrderInitialized', { request }),
      event('OrderSubmitted', { venueClientOrderId: 'c-1' }),
      event('OrderOutcomeUnknown', { reason: 'timeout' }),
    ]);
    expect(order.status).toBe('unknown');
    expect(order.isOpen()).toBe(true);
    order.apply(event('OrderRejected', { code: 'VENUE_REJECTED', reason: 'no margin' }));
    expect(order.status).toBe('rejected');
  });
});
