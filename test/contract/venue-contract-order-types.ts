/** The venue contract's scenarios (venue-contract.ts): Each declared order type and time in force, and the refusals every venue must give with a code. */
import { describe, expect, it } from 'vitest';
import type { Quantity } from '../../src/core';
import { Decimal, Price } from '../../src/core';
import { TERMINAL, type VenueContractContext } from './venue-contract-context';

export function venueContractOrderTypes(c: VenueContractContext): void {
  const { caps, tick, clientId, request, send, statusOf, waitStatus, restingOrder } = c;
  describe('each declared order type and time in force', () => {
    for (const type of ['market', 'limit', 'stop-market', 'stop-limit', 'market-if-touched', 'limit-if-touched', 'trailing-stop'] as const) {
      for (const tif of ['GTC', 'GTD', 'DAY', 'IOC', 'FOK'] as const) {
        const declared = () => (caps().timeInForce[type] ?? []).includes(tif) && caps().orderTypes.includes(type);
        it(`${type} ${tif}: accepted, visible by client and venue id, then filled or canceled (skipped when not declared)`, async (context) => {
          if (!declared()) {
            context.skip();
            return;
          }
          // On a conditional order IOC/FOK applies once the trigger releases it: untriggered, it rests like GTC.
          const conditional = type !== 'market' && type !== 'limit';
          const immediate = type === 'market' || (!conditional && (tif === 'IOC' || tif === 'FOK'));
          const order = type === 'market' ? request({ side: 'buy', type, timeInForce: tif }) : await restingOrder(type, tif);
          const result = await send(order);
          expect(result.status, JSON.stringify(result)).toBe('accepted');
          if (result.status !== 'accepted') return;
          const byVenueId = await c.f().client.orderStatus({ accountId: c.f().accountId, venueOrderId: result.venueOrderId });
          expect(byVenueId?.venueOrderId).toBe(result.venueOrderId);
          if (immediate) {
            // A market order fills; a passive IOC/FOK ends unfilled (canceled or expired, by the venue's word).
            const final = await waitStatus(order, [...TERMINAL]);
            if (type === 'market') expect(final.status).toBe('filled');
            else expect(final.filledQuantity.isZero()).toBe(true);
            return;
          }
          const open = await c.f().client.openOrders(c.f().accountId, c.f().instrumentId);
          expect(open.map((o) => o.venueOrderId)).toContain(result.venueOrderId);
          const byClientId = await statusOf(order);
          expect(byClientId?.venueOrderId).toBe(result.venueOrderId);
          expect(byClientId?.type).toBe(type);
          const canceled = await c.f().client.cancel({
            accountId: c.f().accountId,
            instrumentId: c.f().instrumentId,
            venueClientOrderId: clientId(order),
            venueOrderId: result.venueOrderId,
          });
          expect(canceled.status).toBe('canceled');
          expect((await statusOf(order))?.status).toBe('canceled');
        });
      }
    }
  });

  it('rejects a price off the tick with a code', async () => {
    const order = await restingOrder('limit', 'GTC');
    const offTick = Price.of((order.price as Price).add(tick().div(Decimal.fromInteger(3), tick().scale + 2, 'down')));
    const result = await send({ ...order, price: offTick });
    expect(result.status).toBe('rejected');
    if (result.status === 'rejected') expect(result.code).toMatch(/^VENUE_/);
  });

  it('rejects a quantity below the minimum with a code', async () => {
    const order = await restingOrder('limit', 'GTC');
    const tooSmall = c.instrument().minQuantity.sub(c.instrument().sizeIncrement);
    const result = await send({ ...order, quantity: (tooSmall.isNegative() ? Decimal.ZERO : tooSmall) as Quantity });
    expect(result.status).toBe('rejected');
  });

  it('treats a second submit with the same client id as a duplicate, never as a second order', async () => {
    const order = await restingOrder('limit', 'GTC');
    const first = await send(order);
    expect(first.status).toBe('accepted');
    const second = await send(order);
    if (second.status === 'accepted' && first.status === 'accepted') expect(second.venueOrderId).toBe(first.venueOrderId);
    else if (second.status === 'rejected') expect(second.code).toBe('VENUE_DUPLICATE_ORDER');
    const open = await c.f().client.openOrders(c.f().accountId, c.f().instrumentId);
    expect(open.filter((o) => o.venueClientOrderId === clientId(order))).toHaveLength(1);
  });

  it('answers undefined for an order it never saw, and rejects its cancel', async () => {
    const order = request({ side: 'buy', type: 'limit', timeInForce: 'GTC' });
    expect(await statusOf(order)).toBeUndefined();
    const result = await c.f().client.cancel({ accountId: c.f().accountId, instrumentId: c.f().instrumentId, venueClientOrderId: clientId(order) });
    expect(result.status).toBe('rejected');
    if (result.status === 'rejected') expect(result.code).toBe('VENUE_UNKNOWN_ORDER');
  });

  it('rejects the cancel of an order that is already canceled', async () => {
    const order = await restingOrder('limit', 'GTC');
    expect((await send(order)).status).toBe('accepted');
    const cancel = { accountId: c.f().accountId, instrumentId: c.f().instrumentId, venueClientOrderId: clientId(order) };
    expect((await c.f().client.cancel(cancel)).status).toBe('canceled');
    expect((await c.f().client.cancel(cancel)).status).toBe('rejected');
    expect((await c.f().client.openOrders(c.f().accountId)).some((o) => o.venueClientOrderId === cancel.venueClientOrderId)).toBe(false);
  });
}
