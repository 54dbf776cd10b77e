import type { Money, OrderFilled, OrderRequest } from '../../core';
import type { PositionFill } from '../../core/portfolio/types';

/** The facts of a fill the portfolio books. Reduce-only orders act on the opposite leg in hedging mode. */
export function positionFillFrom(
  fill: OrderFilled,
  request: OrderRequest,
  venueRealizedPnl?: Money,
): PositionFill {
  return {
    accountId: fill.accountId,
    instrumentId: fill.instrumentId,
    tradeId: fill.tradeId,
    clientOrderId: fill.clientOrderId,
    side: fill.side,
    quantity: fill.lastQuantity,
    price: fill.lastPrice,
    commission: fill.commission,
    ...(request.tag === undefined ? {} : { tag: request.tag }),
    effect: request.reduceOnly ? 'reduce' : 'open',
    ...(venueRealizedPnl === undefined ? {} : { venueRealizedPnl }),
    occurredAt: fill.occurredAt,
  };
}
