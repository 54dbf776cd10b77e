/** The venue contract's scenarios (venue-contract.ts): Modify, iceberg and attached stop-loss, where the venue declares them. */
import { expect, it } from 'vitest';
import { Decimal, Price, Quantity } from '../../src/core';
import type { VenueContractFixture } from './venue-contract-fixture';
import type { VenueContractContext } from './venue-contract-context';

export function venueContractFeatures(c: VenueContractContext): void {
  const { caps, tick, clientId, away, send, statusOf, waitFor, waitStatus, restingOrder } = c;
  it('modifies a resting limit price (skipped when the venue declares no modify)', async (context) => {
    if (caps().modify === 'none') {
      context.skip();
      return;
    }
    const order = await restingOrder('limit', 'GTC');
    const accepted = await send(order);
    expect(accepted.status).toBe('accepted');
    const newPrice = Price.of((order.price as Price).sub(tick()));
    const replacementVenueClientOrderId = clientId(order, 1);
    const result = await c.f().client.modify({
      accountId: c.f().accountId,
      instrumentId: c.f().instrumentId,
      venueClientOrderId: clientId(order),
      amendment: { price: newPrice },
      replacement: { ...order, price: newPrice },
      replacementVenueClientOrderId,
    });
    expect(result.status).toBe('modified');
    if (result.status !== 'modified') return;
    const now = await c.f().client.orderStatus({ accountId: c.f().accountId, venueOrderId: result.venueOrderId });
    expect(now?.price?.eq(newPrice)).toBe(true);
  });

  it('accepts an iceberg that shows part of its size, held at the venue with that display size (skipped when iceberg is not declared)', async (context) => {
    const increment = c.instrument().sizeIncrement;
    const display = Quantity.of(c.f().quantity.div(Decimal.fromInteger(2), increment.scale + 2, 'down').roundToIncrement(increment, 'down'));
    if (!caps().iceberg || !display.isPositive() || display.lt(c.instrument().minQuantity)) {
      context.skip();
      return;
    }
    const order = { ...(await restingOrder('limit', 'GTC')), displayQuantity: display };
    expect((await send(order)).status).toBe('accepted');
    expect((await statusOf(order))?.quantity.eq(c.f().quantity)).toBe(true);
    const truth = c.f().venueTruth?.bind(c.f());
    if (truth === undefined) throw new Error('the fixture must supply venueTruth() to check the display size');
    const held = (await truth()).openOrders.find((o) => o.venueClientOrderId === clientId(order));
    expect(held?.displayQuantity?.toString()).toBe(display.toString());
  });

  it('places the stop-loss attached to an entry at the venue once the entry fills (skipped when attached orders are not declared)', async (context) => {
    if (!caps().attachedOrders) {
      context.skip();
      return;
    }
    if (c.f().venueTruth === undefined) throw new Error('the fixture must supply venueTruth() to find the stop-loss at the venue');
    const entry = await restingOrder('limit', 'GTC');
    const stopTrigger = away(entry.price as Price, '0.98', 'down');
    const order = { ...entry, attached: { stopLoss: { triggerPrice: stopTrigger } } };
    expect((await send(order)).status).toBe('accepted');
    await c.f().market.movePrice(c.f().instrumentId, away(entry.price as Price, '0.995', 'down'));
    await waitStatus(order, ['filled']);
    const stop = await waitFor('the stop-loss at the venue', async () =>
      (await (c.f().venueTruth as NonNullable<VenueContractFixture['venueTruth']>)()).openOrders.find((o) => o.triggerPrice?.eq(stopTrigger) === true),
    );
    expect(stop.side).toBe('sell');
    expect(stop.quantity.eq(c.f().quantity)).toBe(true);
  });
}
