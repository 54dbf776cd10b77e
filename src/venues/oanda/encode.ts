import { TmtError } from '../../core/errors';
import type { FxPair } from '../../core/instruments';
import type { VenueClientOrderId } from '../../core/identifiers';
import type { Decimal } from '../../core/money/decimal';
import type { OrderRequest } from '../../core/orders/types';
import { ORDER_TYPE_TO_OANDA, TIME_IN_FORCE_BY_TYPE, TIME_IN_FORCE_TO_OANDA } from './enums';
import { formatOandaTime } from './parse/time';
import { toOandaSymbol } from './symbols';

/** A price at the instrument's precision. A price finer than the tick is refused here, never rounded silently. */
export function encodePrice(value: Decimal, instrument: FxPair, field: string): string {
  if (!value.isMultipleOf(instrument.priceIncrement)) {
    throw new TmtError('VENUE_FILTER_FAILURE', `${field} ${value.toString()} is finer than ${instrument.venueSymbol}'s tick ${instrument.priceIncrement.toString()}`, {
      field,
      details: { found: value.toString(), tick: instrument.priceIncrement.toString() },
    });
  }
  return value.rescale(instrument.displayPrecision, 'down').toString();
}

/** Units signed by side (positive buys, negative sells), at the instrument's units precision. */
export function encodeUnits(quantity: Decimal, side: 'buy' | 'sell', instrument: FxPair): string {
  if (!quantity.isMultipleOf(instrument.sizeIncrement)) {
    throw new TmtError('VENUE_FILTER_FAILURE', `quantity ${quantity.toString()} is finer than ${instrument.venueSymbol}'s units step ${instrument.sizeIncrement.toString()}`, {
      field: 'order.quantity',
    });
  }
  const scaled = quantity.rescale(instrument.sizeIncrement.scale, 'down');
  return (side === 'buy' ? scaled : scaled.neg()).toString();
}

export interface EncodeContext {
  readonly instrument: FxPair;
  readonly venueClientOrderId: VenueClientOrderId;
}

/** The engine's order as a v20 OrderRequest (MarketOrderRequest, LimitOrderRequest, StopOrderRequest, MarketIfTouchedOrderRequest). */
export function encodeOrderRequest(request: OrderRequest, context: EncodeContext): Record<string, unknown> {
  const { instrument } = context;
  const type = ORDER_TYPE_TO_OANDA[request.type];
  if (type === undefined) {
    throw new TmtError('VENUE_UNSUPPORTED', `OANDA has no native ${request.type} order`, { field: 'order.type' });
  }
  const allowed = TIME_IN_FORCE_BY_TYPE[request.type] ?? [];
  if (!allowed.includes(request.timeInForce)) {
    throw new TmtError('VENUE_UNSUPPORTED', `OANDA ${type} orders take ${allowed.join(', ')}, found ${request.timeInForce}`, { field: 'order.timeInForce' });
  }
  if (request.postOnly) throw new TmtError('VENUE_UNSUPPORTED', 'OANDA has no post-only orders', { field: 'order.postOnly' });
  const body: Record<string, unknown> = {
    type,
    instrument: toOandaSymbol(request.instrumentId),
    units: encodeUnits(request.quantity, request.side, instrument),
    timeInForce: TIME_IN_FORCE_TO_OANDA[request.timeInForce],
    positionFill: request.reduceOnly ? 'REDUCE_ONLY' : 'DEFAULT',
    clientExtensions: {
      id: context.venueClientOrderId,
      ...(request.tag === undefined ? {} : { tag: request.tag }),
    },
  };
  switch (request.type) {
    case 'market':
      if (request.price !== undefined) body['priceBound'] = encodePrice(request.price, instrument, 'order.price');
      break;
    case 'limit':
      if (request.price === undefined) throw new TmtError('VENUE_REJECTED', 'a limit order needs a price', { field: 'order.price' });
      body['price'] = encodePrice(request.price, instrument, 'order.price');
      break;
    case 'stop-market':
    case 'market-if-touched':
      if (request.triggerPrice === undefined) throw new TmtError('VENUE_REJECTED', `a ${request.type} order needs a trigger price`, { field: 'order.triggerPrice' });
      body['price'] = encodePrice(request.triggerPrice, instrument, 'order.triggerPrice');
      if (request.price !== undefined) body['priceBound'] = encodePrice(request.price, instrument, 'order.price');
      break;
    default:
      throw new TmtError('VENUE_UNSUPPORTED', `OANDA has no native ${request.type} order`, { field: 'order.type' });
  }
  if (request.timeInForce === 'GTD') {
    if (request.expireAt === undefined) throw new TmtError('VENUE_REJECTED', 'a GTD order needs expireAt', { field: 'order.expireAt' });
    body['gtdTime'] = formatOandaTime(request.expireAt);
  }
  const attached = request.attached;
  if (attached?.takeProfit !== undefined) {
    body['takeProfitOnFill'] = { price: encodePrice(attached.takeProfit.price, instrument, 'order.attached.takeProfit.price'), timeInForce: 'GTC' };
  }
  if (attached?.stopLoss !== undefined) {
    body['stopLossOnFill'] = { price: encodePrice(attached.stopLoss.triggerPrice, instrument, 'order.attached.stopLoss.triggerPrice'), timeInForce: 'GTC' };
  }
  if (attached?.trailingStop !== undefined) {
    const offset = attached.trailingStop.offset;
    if (offset.kind !== 'price') {
      throw new TmtError('VENUE_UNSUPPORTED', 'OANDA trailing stops take a price distance, not basis points', { field: 'order.attached.trailingStop.offset' });
    }
    body['trailingStopLossOnFill'] = { distance: encodePrice(offset.value, instrument, 'order.attached.trailingStop.offset'), timeInForce: 'GTC' };
  }
  return body;
}
