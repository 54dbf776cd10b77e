import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import { VenueOrderId, type VenueClientOrderId } from '../../core/identifiers';
import type { OrderRequest, OrderType } from '../../core/orders/types';
import type { OrderStatusReport } from '../../core/reports';
import type { Refusal } from './parse/order-params';
import type { ReportContext } from './parse/reports';

/** Engine order types that go through POST /api/v5/trade/order-algo rather than trade/order. */
export const ALGO_TYPES: ReadonlySet<OrderType> = new Set(['stop-market', 'stop-limit', 'trailing-stop']);

/**
 * The order-algo body for a conditional engine order: `trigger` (orderPx -1 is a market order once triggered)
 * for stops, `move_order_stop` (OKX's native trailing stop: callbackRatio for basis points, callbackSpread for
 * a price distance) for trailing stops. The client id travels as algoClOrdId.
 */
export function algoBody(instId: string, request: OrderRequest, algoClOrdId: VenueClientOrderId): Record<string, string> | Refusal {
  const base = { instId, tdMode: 'cash', side: request.side, sz: request.quantity.normalize().toString(), algoClOrdId };
  if (request.timeInForce !== 'GTC') return { code: 'VENUE_UNSUPPORTED', reason: `okx algo orders are GTC, not ${request.timeInForce}` };
  switch (request.type) {
    case 'stop-market':
    case 'stop-limit': {
      if (request.triggerPrice === undefined) return { code: 'VENUE_FILTER_FAILURE', reason: 'a stop needs a trigger price (field triggerPrice)' };
      if (request.type === 'stop-limit' && request.price === undefined) return { code: 'VENUE_FILTER_FAILURE', reason: 'a stop-limit needs a price (field price)' };
      return { ...base, ordType: 'trigger', triggerPx: request.triggerPrice.normalize().toString(), orderPx: request.type === 'stop-market' ? '-1' : (request.price as Price).normalize().toString() };
    }
    case 'trailing-stop': {
      const offset = request.trailingOffset;
      if (offset === undefined) return { code: 'VENUE_FILTER_FAILURE', reason: 'a trailing stop needs an offset (field trailingOffset)' };
      return offset.kind === 'basis-points'
        ? { ...base, ordType: 'move_order_stop', callbackRatio: offset.value.div(Decimal.fromInteger(10_000), 8, 'half-even').normalize().toString() }
        : { ...base, ordType: 'move_order_stop', callbackSpread: offset.value.normalize().toString() };
    }
    default:
      return { code: 'VENUE_UNSUPPORTED', reason: `okx order-algo does not place ${request.type} here` };
  }
}

const ALGO_STATE: Readonly<Record<string, OrderStatusReport['status']>> = {
  live: 'accepted',
  pause: 'accepted',
  partially_effective: 'accepted',
  canceled: 'canceled',
  order_failed: 'rejected',
};

/**
 * An algo order as an engine report, under its algoId and algoClOrdId. Once `effective`, the order it placed
 * (`child`) tells the fill: its status, filled size and average price are reported under the algo's ids.
 */
export function algoReport(algo: Readonly<Record<string, string>>, child: OrderStatusReport | undefined, context: ReportContext): OrderStatusReport | undefined {
  const type: OrderType = algo.ordType === 'move_order_stop' ? 'trailing-stop' : algo.ordPx === '-1' || algo.ordPx === '' ? 'stop-market' : 'stop-limit';
  const state = algo.state ?? '';
  const status = state === 'effective' ? (child?.status ?? 'triggered') : ALGO_STATE[state];
  if (status === undefined) return undefined;
  const trigger = algo.triggerPx !== undefined && algo.triggerPx !== '' ? algo.triggerPx : algo.moveTriggerPx;
  return {
    accountId: context.accountId,
    instrumentId: context.instrumentId,
    venueOrderId: VenueOrderId.of(algo.algoId ?? ''),
    ...(algo.algoClOrdId === undefined || algo.algoClOrdId === '' ? {} : { venueClientOrderId: algo.algoClOrdId as VenueClientOrderId }),
    side: algo.side === 'sell' ? 'sell' : 'buy',
    type,
    timeInForce: 'GTC',
    status,
    quantity: Quantity.parse(algo.sz ?? '0'),
    filledQuantity: child?.filledQuantity ?? Quantity.parse('0'),
    ...(child?.averageFillPrice === undefined ? {} : { averageFillPrice: child.averageFillPrice }),
    ...(type === 'stop-limit' ? { price: Price.parse(algo.ordPx ?? '0') } : {}),
    ...(trigger === undefined || trigger === '' ? {} : { triggerPrice: Price.parse(trigger) }),
    reportedAt: Number(algo.uTime ?? context.now),
  };
}
