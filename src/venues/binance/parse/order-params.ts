import type { VenueClientOrderId } from '../../../core/identifiers';
import type { CryptoSpot } from '../../../core/instruments';
import type { Decimal } from '../../../core/money/decimal';
import type { OrderRequest } from '../../../core/orders/types';
import type { ParamValue } from '../credentials';
import { SIDE_TO_WIRE, takesTimeInForce, wireOrderType } from '../enums';

/** Why an intent cannot be expressed on Binance, or would fail a filter: refused before anything is sent. */
export interface LocalRefusal {
  readonly code: 'VENUE_UNSUPPORTED' | 'VENUE_FILTER_FAILURE' | 'VENUE_MARKET_CLOSED';
  readonly reason: string;
}

/**
 * The POST /api/v3/order parameters for an intent, in a fixed order. Prices and quantities are written
 * from the exact decimals as they are (the engine has rounded them to the instrument's tick and lot).
 */
export function newOrderParams(
  symbol: string,
  request: OrderRequest,
  clientOrderId: VenueClientOrderId,
  selfTradePreventionMode?: string,
): [string, ParamValue][] | LocalRefusal {
  if (request.timeInForce === 'GTD' || request.timeInForce === 'DAY') {
    return { code: 'VENUE_UNSUPPORTED', reason: `binance spot has no ${request.timeInForce} time in force` };
  }
  if (request.reduceOnly) return { code: 'VENUE_UNSUPPORTED', reason: 'binance spot has no reduce-only orders' };
  const type = wireOrderType(request.type, request.postOnly);
  if (request.postOnly && request.type !== 'limit') return { code: 'VENUE_UNSUPPORTED', reason: 'post-only applies to limit orders only (LIMIT_MAKER)' };
  const out: [string, ParamValue][] = [
    ['symbol', symbol],
    ['side', SIDE_TO_WIRE[request.side]],
    ['type', type],
  ];
  if (takesTimeInForce(type)) out.push(['timeInForce', request.timeInForce]);
  else if (request.timeInForce !== 'GTC' && type !== 'MARKET') {
    return { code: 'VENUE_UNSUPPORTED', reason: `binance ${type} orders take no time in force, found ${request.timeInForce}` };
  }
  if (type === 'MARKET' && request.quoteQuantity !== undefined) out.push(['quoteOrderQty', request.quoteQuantity.toString()]);
  else out.push(['quantity', request.quantity.toString()]);
  if (type === 'LIMIT' || type === 'LIMIT_MAKER' || type === 'STOP_LOSS_LIMIT' || type === 'TAKE_PROFIT_LIMIT') {
    if (request.price === undefined) return { code: 'VENUE_UNSUPPORTED', reason: `${type} needs a price` };
    out.push(['price', request.price.toString()]);
  }
  if (request.triggerPrice !== undefined) out.push(['stopPrice', request.triggerPrice.toString()]);
  if (request.trailingOffset !== undefined) {
    if (request.trailingOffset.kind !== 'basis-points') {
      return { code: 'VENUE_UNSUPPORTED', reason: 'binance trailingDelta is in basis points; a price distance cannot be sent' };
    }
    out.push(['trailingDelta', request.trailingOffset.value.toString()]);
  } else if (request.type === 'trailing-stop') {
    return { code: 'VENUE_UNSUPPORTED', reason: 'a trailing stop needs a trailing offset in basis points' };
  }
  if (request.displayQuantity !== undefined) out.push(['icebergQty', request.displayQuantity.toString()]);
  out.push(['newClientOrderId', clientOrderId]);
  out.push(['newOrderRespType', 'FULL']);
  if (selfTradePreventionMode !== undefined) out.push(['selfTradePreventionMode', selfTradePreventionMode]);
  return out;
}

export function isRefusal(value: unknown): value is LocalRefusal {
  return typeof value === 'object' && value !== null && 'reason' in value && !Array.isArray(value);
}

/**
 * The symbol's filters applied before sending (filters.md), so that an order that would fail one is refused
 * here with the filter's name, exactly as the venue would word it.
 */
export function checkFilters(instrument: CryptoSpot, request: OrderRequest): LocalRefusal | undefined {
  if (instrument.status !== 'trading') {
    return { code: 'VENUE_MARKET_CLOSED', reason: `${instrument.venueSymbol} is ${instrument.status}: Market is closed.` };
  }
  const fail = (filter: string): LocalRefusal => ({ code: 'VENUE_FILTER_FAILURE', reason: `Filter failure: ${filter}` });
  const price = request.price;
  if (price !== undefined && !price.isMultipleOf(instrument.priceIncrement)) return fail('PRICE_FILTER');
  const isMarket = request.type === 'market';
  if (isMarket && request.quoteQuantity !== undefined) return undefined;
  const quantity = request.quantity;
  const [min, max]: [Decimal, Decimal | undefined] = isMarket
    ? [instrument.marketMinQuantity ?? instrument.minQuantity, instrument.marketMaxQuantity ?? instrument.maxQuantity]
    : [instrument.minQuantity, instrument.maxQuantity];
  if (quantity.lt(min) || (max !== undefined && quantity.gt(max)) || !quantity.isMultipleOf(instrument.sizeIncrement)) {
    return fail(isMarket && instrument.marketMinQuantity !== undefined ? 'MARKET_LOT_SIZE' : 'LOT_SIZE');
  }
  if (price !== undefined && instrument.minNotional !== undefined && price.mul(quantity).lt(instrument.minNotional)) return fail('NOTIONAL');
  if (price !== undefined && instrument.maxNotional !== undefined && price.mul(quantity).gt(instrument.maxNotional)) return fail('NOTIONAL');
  return undefined;
}
