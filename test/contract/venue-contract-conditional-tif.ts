/**
 * The venue contract's part for a time in force on a conditional order (issue 15, item 13): IOC and FOK on a
 * stop apply to the order the trigger releases, not to the untriggered stop. Every venue fixture runs it beside
 * `runVenueContract`; what a venue does not declare is skipped, visibly.
 * - untriggered, the stop rests (the plain contract's "each declared order type and time in force" checks it);
 * - triggered, a stop-market IOC/FOK fills at once; a stop-limit IOC/FOK whose limit cannot fill ends at once
 *   with nothing filled, where the same order GTC would rest.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, deriveVenueClientOrderId, Price } from '../../src/core';
import type { Instrument, OrderRequest, OrderStatusReport, TimeInForce } from '../../src/core';
import type { VenueContractFixture } from './venue-contract';

const TERMINAL = new Set(['filled', 'canceled', 'expired', 'rejected']);
const WAIT_TIMEOUT_MS = 20_000;

export function runConditionalTimeInForceContract(name: string, setup: () => Promise<VenueContractFixture>): void {
  describe(`venue contract (conditional time in force): ${name}`, () => {
    let f: VenueContractFixture;
    let instrument: Instrument;
    beforeEach(async () => {
      f = await setup();
      const found = (await f.client.instruments()).find((i) => i.id === f.instrumentId);
      if (found === undefined) throw new Error(`fixture instrument ${f.instrumentId} is not listed by the venue`);
      instrument = found;
    });
    afterEach(async () => {
      await f.close();
    });

    const away = (price: Decimal, fraction: string, mode: 'down' | 'up'): Price =>
      Price.roundToTick(price.mul(Decimal.parse(fraction)), instrument.priceIncrement, mode);
    const clientId = (order: OrderRequest) => deriveVenueClientOrderId(order.clientOrderId, f.client.capabilities.clientOrderId, 0);
    const declared = (type: 'stop-market' | 'stop-limit', tif: TimeInForce) =>
      f.client.capabilities.orderTypes.includes(type) && (f.client.capabilities.timeInForce[type] ?? []).includes(tif);

    async function finalStatus(order: OrderRequest): Promise<OrderStatusReport> {
      const deadline = Date.now() + WAIT_TIMEOUT_MS;
      for (;;) {
        const report = await f.client.orderStatus({ accountId: f.accountId, instrumentId: f.instrumentId, venueClientOrderId: clientId(order) });
        if (report !== undefined && TERMINAL.has(report.status)) return report;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${order.clientOrderId} to end (last: ${report?.status ?? 'none'})`);
        await f.market.advanceTime(100);
      }
    }

    /** A buy stop above the ask; for a stop-limit, a limit far below the market, which the release cannot fill. */
    async function buyStop(type: 'stop-market' | 'stop-limit', tif: TimeInForce): Promise<OrderRequest> {
      const { bid, ask } = await f.market.quote(f.instrumentId);
      const triggerPrice = away(ask, '1.01', 'up');
      return {
        clientOrderId: ClientOrderId.parse(`ct-${randomUUID().slice(0, 18)}`),
        accountId: f.accountId,
        instrumentId: f.instrumentId,
        side: 'buy',
        type,
        quantity: f.quantity,
        timeInForce: tif,
        triggerPrice,
        ...(type === 'stop-limit' ? { price: away(bid, '0.97', 'down') } : {}),
        postOnly: false,
        reduceOnly: false,
      };
    }

    for (const tif of ['IOC', 'FOK'] as const) {
      it(`stop-market ${tif}: rests untriggered, fills at once when the market rises through it (skipped when not declared)`, async (context) => {
        if (!declared('stop-market', tif)) {
          context.skip();
          return;
        }
        const order = await buyStop('stop-market', tif);
        const result = await f.client.submit({ request: order, venueClientOrderId: clientId(order) });
        expect(result.status, JSON.stringify(result)).toBe('accepted');
        const open = await f.client.openOrders(f.accountId, f.instrumentId);
        expect(open.some((o) => o.venueClientOrderId === clientId(order) || (result.status === 'accepted' && o.venueOrderId === result.venueOrderId))).toBe(true);
        await f.market.movePrice(f.instrumentId, away(order.triggerPrice as Price, '1.005', 'up'));
        const final = await finalStatus(order);
        expect(final.status).toBe('filled');
        expect(final.filledQuantity.eq(order.quantity)).toBe(true);
      });

      it(`stop-limit ${tif}: triggered with a limit that cannot fill, it ends at once with nothing filled (skipped when not declared)`, async (context) => {
        if (!declared('stop-limit', tif)) {
          context.skip();
          return;
        }
        const order = await buyStop('stop-limit', tif);
        const result = await f.client.submit({ request: order, venueClientOrderId: clientId(order) });
        expect(result.status, JSON.stringify(result)).toBe('accepted');
        await f.market.movePrice(f.instrumentId, away(order.triggerPrice as Price, '1.005', 'up'));
        const final = await finalStatus(order);
        expect(['canceled', 'expired']).toContain(final.status);
        expect(final.filledQuantity.isZero()).toBe(true);
      });
    }

    it('stop-limit GTC, the same order, rests after the trigger: the IOC/FOK cases above are not vacuous (skipped when stop-limits are not declared)', async (context) => {
      if (!declared('stop-limit', 'GTC') || !(declared('stop-limit', 'IOC') || declared('stop-limit', 'FOK'))) {
        context.skip();
        return;
      }
      const order = await buyStop('stop-limit', 'GTC');
      const result = await f.client.submit({ request: order, venueClientOrderId: clientId(order) });
      expect(result.status).toBe('accepted');
      await f.market.movePrice(f.instrumentId, away(order.triggerPrice as Price, '1.005', 'up'));
      // The same move ended the IOC/FOK order at once; give this one the same venue time and more.
      for (let step = 0; step < 5; step++) await f.market.advanceTime(100);
      const report = await f.client.orderStatus({ accountId: f.accountId, instrumentId: f.instrumentId, venueClientOrderId: clientId(order) });
      // Still working at the venue (triggered, or accepted where the venue shows no triggered state), unfilled.
      expect(report !== undefined && !TERMINAL.has(report.status)).toBe(true);
      expect(report?.filledQuantity.isZero()).toBe(true);
    });
  });
}
