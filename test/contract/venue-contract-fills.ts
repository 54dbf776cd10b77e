/** The venue contract's scenarios (venue-contract.ts): Fills: market, resting limit, triggered stop; post-only, reduce-only, GTD expiry; positions summing to the fills. */
import { expect, it } from 'vitest';
import { Decimal, Price } from '../../src/core';
import { TERMINAL, type VenueContractContext } from './venue-contract-context';

export function venueContractFills(c: VenueContractContext): void {
  const { caps, away, request, send, waitFor, waitStatus, restingOrder, marketTif, netPosition } = c;
  it('fills a market order: fill reports on the stream and in fillsSince, position and account updated', async () => {
    const since = c.f().now();
    const before = await c.f().client.account(c.f().accountId);
    const positionBefore = caps().positions ? await netPosition() : Decimal.ZERO;
    const order = request({ side: 'buy', type: 'market', timeInForce: marketTif() });
    const result = await send(order);
    expect(result.status).toBe('accepted');
    const final = await waitStatus(order, ['filled']);
    expect(final.filledQuantity.eq(c.f().quantity)).toBe(true);
    const fills = await waitFor('fills since the submit', async () => {
      const all = (await c.f().client.fillsSince(c.f().accountId, since)).filter((x) => x.venueClientOrderId === final.venueClientOrderId);
      const total = all.reduce((sum, x) => sum.add(x.quantity), Decimal.ZERO);
      return total.eq(c.f().quantity) ? all : undefined;
    });
    expect(new Set(fills.map((x) => x.tradeId)).size).toBe(fills.length);
    await waitFor('fill reports on the stream', async () =>
      c.reports.some((r) => r.kind === 'fill' && r.report.venueClientOrderId === final.venueClientOrderId) ? true : undefined,
    );
    if (caps().positions) expect((await netPosition()).sub(positionBefore).eq(c.f().quantity)).toBe(true);
    const after = await c.f().client.account(c.f().accountId);
    expect(JSON.stringify(after.balances)).not.toBe(JSON.stringify(before.balances));
  });

  it('fills a resting buy limit when the market moves down through it', async () => {
    const order = await restingOrder('limit', 'GTC');
    expect((await send(order)).status).toBe('accepted');
    await c.f().market.movePrice(c.f().instrumentId, away(order.price as Price, '0.995', 'down'));
    const final = await waitStatus(order, ['filled']);
    expect(final.averageFillPrice?.lte(order.price as Price)).toBe(true);
  });

  it('triggers a buy stop when the market rises through it (skipped when stops are not declared)', async (context) => {
    if (!caps().orderTypes.includes('stop-market')) {
      context.skip();
      return;
    }
    const order = await restingOrder('stop-market', caps().timeInForce['stop-market']?.[0] ?? 'GTC');
    expect((await send(order)).status).toBe('accepted');
    await c.f().market.movePrice(c.f().instrumentId, away(order.triggerPrice as Price, '1.005', 'up'));
    const final = await waitStatus(order, ['filled']);
    expect(final.averageFillPrice?.gte(order.triggerPrice as Price)).toBe(true);
  });

  it('rejects or ends a post-only order that would take (skipped when post-only is not declared)', async (context) => {
    if (!caps().postOnly) {
      context.skip();
      return;
    }
    const { ask } = await c.f().market.quote(c.f().instrumentId);
    const order = request({ side: 'buy', type: 'limit', timeInForce: 'GTC', price: Price.of(ask), postOnly: true });
    const result = await send(order);
    if (result.status === 'accepted') {
      const final = await waitStatus(order, [...TERMINAL]);
      expect(final.filledQuantity.isZero()).toBe(true);
    } else expect(result.code).toMatch(/^VENUE_/);
  });

  it('refuses a reduce-only order that would open a position (skipped unless reduce-only and positions are declared)', async (context) => {
    if (!caps().reduceOnly || !caps().positions || !(await netPosition()).isZero()) {
      context.skip();
      return;
    }
    const order = request({ side: 'sell', type: 'market', timeInForce: marketTif(), reduceOnly: true });
    const result = await send(order);
    if (result.status === 'accepted') expect((await waitStatus(order, [...TERMINAL])).filledQuantity.isZero()).toBe(true);
    else expect(result.status).toBe('rejected');
  });

  it('expires a GTD order at its expiry (skipped when GTD limits are not declared)', async (context) => {
    if (!(caps().timeInForce.limit ?? []).includes('GTD')) {
      context.skip();
      return;
    }
    const order = { ...(await restingOrder('limit', 'GTD')), expireAt: c.f().now() + 60_000 };
    expect((await send(order)).status).toBe('accepted');
    await c.f().market.advanceTime(61_000);
    expect((await waitStatus(order, ['expired', 'canceled'])).filledQuantity.isZero()).toBe(true);
  });

  it('lists positions that sum to the fills (skipped when the venue keeps no positions)', async (context) => {
    if (!caps().positions) {
      context.skip();
      return;
    }
    const before = await netPosition();
    const order = request({ side: 'sell', type: 'market', timeInForce: marketTif() });
    expect((await send(order)).status).toBe('accepted');
    await waitStatus(order, ['filled']);
    expect((await netPosition()).sub(before).eq(c.f().quantity.neg())).toBe(true);
  });
}
