/**
 * The helpers every scenario group of the venue contract (venue-contract.ts) shares: the fixture of the running
 * test, requests and submits by the venue's client id, waits that let venue time pass.
 */
import { randomUUID } from 'node:crypto';
import { ClientOrderId, Decimal, deriveVenueClientOrderId, Price } from '../../src/core';
import type { Instrument, OrderRequest, OrderSide, OrderStatusReport, OrderType } from '../../src/core';
import type { SubmitResult, TimeInForce, VenueCapabilities, VenueClientOrderId, VenueReport } from '../../src/core';
import type { VenueContractFixture } from './venue-contract-fixture';

export const TERMINAL = new Set(['filled', 'canceled', 'expired', 'rejected']);
const WAIT_TIMEOUT_MS = 20_000;

export interface VenueContractContext {
  /** The running test's fixture (set up before each test). */
  f(): VenueContractFixture;
  /** The fixture's instrument, as the venue lists it. */
  instrument(): Instrument;
  /** Reports the client streamed during the running test. */
  readonly reports: VenueReport[];
  caps(): VenueCapabilities;
  tick(): Decimal;
  clientId(order: OrderRequest, revision?: number): VenueClientOrderId;
  away(price: Decimal, fraction: string, mode: 'down' | 'up'): Price;
  request(partial: Partial<OrderRequest> & { side: OrderSide; type: OrderType; timeInForce: TimeInForce }): OrderRequest;
  send(order: OrderRequest): Promise<SubmitResult>;
  statusOf(order: OrderRequest): Promise<OrderStatusReport | undefined>;
  /** Polls a condition, letting venue time pass between tries; fails with `what` after the timeout. */
  waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T>;
  waitStatus(order: OrderRequest, statuses: readonly string[]): Promise<OrderStatusReport>;
  /** An order of the given type that the venue should accept and leave resting (not fill at once). */
  restingOrder(type: OrderType, timeInForce: TimeInForce, side?: OrderSide): Promise<OrderRequest>;
  marketTif(): TimeInForce;
  netPosition(): Promise<Decimal>;
}

export function venueContractContext(current: () => { f: VenueContractFixture; instrument: Instrument }, reports: VenueReport[]): VenueContractContext {
  const fixture = () => current().f;
  const caps = () => fixture().client.capabilities;
  const tick = () => current().instrument.priceIncrement;
  const clientId = (order: OrderRequest, revision = 0) => deriveVenueClientOrderId(order.clientOrderId, caps().clientOrderId, revision);
  const away = (price: Decimal, fraction: string, mode: 'down' | 'up'): Price => Price.roundToTick(price.mul(Decimal.parse(fraction)), tick(), mode);

  function request(partial: Partial<OrderRequest> & { side: OrderSide; type: OrderType; timeInForce: TimeInForce }): OrderRequest {
    const f = fixture();
    return {
      clientOrderId: ClientOrderId.parse(`vc-${randomUUID().slice(0, 18)}`),
      accountId: f.accountId,
      instrumentId: f.instrumentId,
      quantity: f.quantity,
      postOnly: false,
      reduceOnly: false,
      ...partial,
    };
  }

  const send = (order: OrderRequest): Promise<SubmitResult> => fixture().client.submit({ request: order, venueClientOrderId: clientId(order) });
  const statusOf = (order: OrderRequest): Promise<OrderStatusReport | undefined> =>
    fixture().client.orderStatus({ accountId: fixture().accountId, instrumentId: fixture().instrumentId, venueClientOrderId: clientId(order) });

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + WAIT_TIMEOUT_MS;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await fixture().market.advanceTime(100);
    }
  }

  const waitStatus = (order: OrderRequest, statuses: readonly string[]) =>
    waitFor(`${order.clientOrderId} to reach ${statuses.join('/')}`, async () => {
      const report = await statusOf(order);
      return report !== undefined && statuses.includes(report.status) ? report : undefined;
    });

  async function restingOrder(type: OrderType, timeInForce: TimeInForce, side: OrderSide = 'buy'): Promise<OrderRequest> {
    const f = fixture();
    const { bid, ask } = await f.market.quote(f.instrumentId);
    const below = away(bid, '0.99', 'down');
    const above = away(ask, '1.01', 'up');
    const passive = side === 'buy' ? below : above;
    const adverse = side === 'buy' ? above : below;
    const expireAt = timeInForce === 'GTD' ? { expireAt: f.now() + 3_600_000 } : {};
    switch (type) {
      case 'limit':
        return request({ side, type, timeInForce, price: passive, ...expireAt });
      case 'stop-market':
        return request({ side, type, timeInForce, triggerPrice: adverse, ...expireAt });
      case 'stop-limit':
        return request({ side, type, timeInForce, triggerPrice: adverse, price: adverse, ...expireAt });
      case 'market-if-touched':
        return request({ side, type, timeInForce, triggerPrice: passive, ...expireAt });
      case 'limit-if-touched':
        return request({ side, type, timeInForce, triggerPrice: passive, price: passive, ...expireAt });
      case 'trailing-stop':
        if (f.trailingOffset === undefined) throw new Error('the fixture must give a trailingOffset for trailing stops');
        return request({ side, type, timeInForce, trailingOffset: f.trailingOffset, ...expireAt });
      case 'trailing-limit':
        if (f.trailingOffset === undefined) throw new Error('the fixture must give a trailingOffset for trailing limits');
        return request({ side, type, timeInForce, trailingOffset: f.trailingOffset, limitOffset: tick(), ...expireAt });
      case 'market':
        return request({ side, type, timeInForce });
    }
  }

  const marketTif = (): TimeInForce => caps().timeInForce.market?.[0] ?? 'IOC';

  async function netPosition(): Promise<Decimal> {
    const f = fixture();
    const positions = await f.client.positions(f.accountId);
    return positions.filter((p) => p.instrumentId === f.instrumentId).reduce((sum, p) => sum.add(p.signedQuantity), Decimal.ZERO);
  }

  return {
    f: fixture,
    instrument: () => current().instrument,
    reports,
    caps,
    tick,
    clientId,
    away,
    request,
    send,
    statusOf,
    waitFor,
    waitStatus,
    restingOrder,
    marketTif,
    netPosition,
  };
}
