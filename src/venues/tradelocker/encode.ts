import { TmtError } from '../../core/errors';
import type { VenueClientOrderId } from '../../core/identifiers';
import type { Decimal } from '../../core/money/decimal';
import type { OrderRequest } from '../../core/orders/types';
import { TIME_IN_FORCE_BY_TYPE, WIRE_TYPE_OF } from './enums';
import { jsonNumber } from './http/json';
import { unitsToLots, type TradeLockerInstrument } from './symbols';

/**
 * An engine order → the body of POST /trade/accounts/{accountId}/orders. Mandatory: qty (lots), routeId (the
 * TRADE route), side, validity, type, tradableInstrumentId; price for limit, stopPrice for stop; SL/TP as
 * absolute prices; strategyId carries the client id. What TradeLocker cannot take is refused here, naming the
 * field, before anything is sent.
 */
export function encodePlaceOrder(request: OrderRequest, entry: TradeLockerInstrument, venueClientOrderId: VenueClientOrderId): Record<string, unknown> {
  const type = WIRE_TYPE_OF[request.type];
  if (type === undefined) throw new TmtError('VENUE_UNSUPPORTED', `TradeLocker takes market, limit and stop orders, not ${request.type}`, { field: 'order.type' });
  if (!(TIME_IN_FORCE_BY_TYPE[request.type] ?? []).includes(request.timeInForce)) {
    throw new TmtError('VENUE_UNSUPPORTED', `TradeLocker takes ${type} orders with validity ${(TIME_IN_FORCE_BY_TYPE[request.type] ?? []).join('/')}, not ${request.timeInForce}`, { field: 'order.timeInForce' });
  }
  if (request.postOnly) throw new TmtError('VENUE_UNSUPPORTED', 'TradeLocker has no post-only orders', { field: 'order.postOnly' });
  if (request.displayQuantity !== undefined) throw new TmtError('VENUE_UNSUPPORTED', 'TradeLocker has no iceberg orders', { field: 'order.displayQuantity' });
  if (request.attached?.trailingStop !== undefined && request.attached.trailingStop.offset.kind !== 'price') {
    throw new TmtError('VENUE_UNSUPPORTED', 'TradeLocker trails a stop loss by a price distance (trailingOffset), not by basis points', { field: 'order.attached.trailingStop' });
  }
  const lots = lotsOf(entry, request.quantity, 'order.quantity');
  const body: Record<string, unknown> = {
    tradableInstrumentId: jsonNumber(entry.tradableInstrumentId),
    routeId: jsonNumber(entry.tradeRouteId),
    side: request.side,
    type,
    validity: request.timeInForce,
    qty: jsonNumber(lots),
    price: type === 'limit' && request.price !== undefined ? jsonNumber(request.price) : jsonNumber('0'),
    strategyId: venueClientOrderId,
  };
  if (type === 'limit' && request.price === undefined) throw new TmtError('VENUE_REJECTED', 'a limit order needs a price', { field: 'order.price' });
  if (type === 'stop') {
    if (request.triggerPrice === undefined) throw new TmtError('VENUE_REJECTED', 'a stop order needs a trigger price (stopPrice)', { field: 'order.triggerPrice' });
    body['stopPrice'] = jsonNumber(request.triggerPrice);
  }
  const { stopLoss, takeProfit, trailingStop } = request.attached ?? {};
  if (stopLoss !== undefined && trailingStop !== undefined) throw new TmtError('VENUE_UNSUPPORTED', 'TradeLocker takes one stop loss per order: a fixed one or a trailing one', { field: 'order.attached' });
  if (stopLoss !== undefined) {
    body['stopLoss'] = jsonNumber(stopLoss.triggerPrice);
    body['stopLossType'] = 'absolute';
  }
  if (trailingStop !== undefined) {
    body['stopLoss'] = jsonNumber(trailingStop.offset.value);
    body['stopLossType'] = 'trailingOffset';
  }
  if (takeProfit !== undefined) {
    body['takeProfit'] = jsonNumber(takeProfit.price);
    body['takeProfitType'] = 'absolute';
  }
  return body;
}

/** Units → lots; units that are not a whole number of lot steps are refused here rather than rounded. */
export function lotsOf(entry: TradeLockerInstrument, units: Decimal, field: string): Decimal {
  const lots = unitsToLots(entry, units);
  if (lots === undefined || !units.isMultipleOf(entry.instrument.sizeIncrement)) {
    throw new TmtError('VENUE_FILTER_FAILURE', `${field} ${units.toString()} units is not a multiple of the lot step (${entry.instrument.sizeIncrement.toString()} units)`, { field });
  }
  return lots;
}
