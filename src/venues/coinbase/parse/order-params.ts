import type { ErrorCode } from '../../../core/errors/catalogue';
import type { VenueClientOrderId } from '../../../core/identifiers';
import type { CryptoSpot } from '../../../core/instruments';
import type { Decimal } from '../../../core/money/decimal';
import type { OrderRequest } from '../../../core/orders/types';
import type { ProductFlags } from '../symbols';

export interface Refusal {
  readonly code: ErrorCode;
  readonly reason: string;
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;
}

const text = (value: Decimal): string => value.normalize().toString();

/** RFC 3339 for end_time (milliseconds kept; Coinbase accepts fractional seconds). */
const rfc3339 = (ms: number): string => new Date(ms).toISOString();

/**
 * The `order_configuration` for an engine order (Create Order): market IOC by base or quote size, limit
 * GTC/GTD/FOK with post_only, SOR limit IOC, stop-limit GTC/GTD (a limit-if-touched is a stop-limit whose
 * direction is against its side). Anything else is refused locally with VENUE_UNSUPPORTED.
 */
export function orderConfiguration(request: OrderRequest): Record<string, Record<string, unknown>> | Refusal {
  const size = text(request.quantity);
  const price = request.price === undefined ? undefined : text(request.price);
  const needPrice = (): Refusal => ({ code: 'VENUE_REJECTED', reason: `order.price is required for a ${request.type} order` });
  const endTime = request.expireAt === undefined ? undefined : rfc3339(request.expireAt);
  if (request.timeInForce === 'GTD' && endTime === undefined) return { code: 'VENUE_REJECTED', reason: 'order.expireAt is required for GTD' };
  switch (request.type) {
    case 'market':
      if (request.timeInForce !== 'IOC') break;
      return { market_market_ioc: request.quoteQuantity !== undefined ? { quote_size: text(request.quoteQuantity) } : { base_size: size } };
    case 'limit':
      if (price === undefined) return needPrice();
      switch (request.timeInForce) {
        case 'GTC':
          return { limit_limit_gtc: { base_size: size, limit_price: price, post_only: request.postOnly } };
        case 'GTD':
          return { limit_limit_gtd: { base_size: size, limit_price: price, end_time: endTime, post_only: request.postOnly } };
        case 'FOK':
          if (request.postOnly) return { code: 'VENUE_UNSUPPORTED', reason: 'Coinbase refuses post_only with FOK (POST_ONLY_NOT_ALLOWED_WITH_FOK)' };
          return { limit_limit_fok: { base_size: size, limit_price: price } };
        case 'IOC':
          return { sor_limit_ioc: { base_size: size, limit_price: price } };
        case 'DAY':
        case 'OPG':
          break;
      }
      break;
    case 'stop-limit':
    case 'limit-if-touched': {
      if (price === undefined) return needPrice();
      if (request.triggerPrice === undefined) return { code: 'VENUE_REJECTED', reason: `order.triggerPrice is required for a ${request.type} order` };
      const rises = (request.side === 'buy') === (request.type === 'stop-limit');
      const fields = { base_size: size, limit_price: price, stop_price: text(request.triggerPrice), stop_direction: rises ? 'STOP_DIRECTION_STOP_UP' : 'STOP_DIRECTION_STOP_DOWN' };
      if (request.timeInForce === 'GTC') return { stop_limit_stop_limit_gtc: fields };
      if (request.timeInForce === 'GTD') return { stop_limit_stop_limit_gtd: { ...fields, end_time: endTime } };
      break;
    }
    default:
      break;
  }
  return { code: 'VENUE_UNSUPPORTED', reason: `Coinbase has no order configuration for ${request.type} ${request.timeInForce}` };
}

/** The product's rules checked before sending, so that an order the venue would refuse never leaves. */
export function checkRules(instrument: CryptoSpot, flags: ProductFlags | undefined, request: OrderRequest): Refusal | undefined {
  if (instrument.status !== 'trading') return { code: 'VENUE_MARKET_CLOSED', reason: `${instrument.venueSymbol} is ${instrument.status}` };
  if (flags?.limitOnly === true && request.type === 'market') return { code: 'VENUE_MARKET_CLOSED', reason: `${instrument.venueSymbol} is limit-only` };
  if (flags?.postOnly === true && !request.postOnly) return { code: 'VENUE_MARKET_CLOSED', reason: `${instrument.venueSymbol} is post-only` };
  for (const [field, value] of [['price', request.price], ['triggerPrice', request.triggerPrice]] as const) {
    if (value !== undefined && !value.isMultipleOf(instrument.priceIncrement)) {
      return { code: 'VENUE_FILTER_FAILURE', reason: `order.${field} ${value.toString()} is not a multiple of the price increment ${instrument.priceIncrement.toString()}` };
    }
  }
  if (request.quoteQuantity === undefined) {
    if (!request.quantity.isMultipleOf(instrument.sizeIncrement)) return { code: 'VENUE_FILTER_FAILURE', reason: `order.quantity ${request.quantity.toString()} is not a multiple of base_increment ${instrument.sizeIncrement.toString()}` };
    if (request.quantity.lt(instrument.minQuantity)) return { code: 'VENUE_FILTER_FAILURE', reason: `order.quantity ${request.quantity.toString()} is below base_min_size ${instrument.minQuantity.toString()}` };
    if (instrument.maxQuantity !== undefined && request.quantity.gt(instrument.maxQuantity)) return { code: 'VENUE_FILTER_FAILURE', reason: `order.quantity ${request.quantity.toString()} is above base_max_size ${instrument.maxQuantity.toString()}` };
  }
  return undefined;
}

/** The Create Order body. */
export function createOrderBody(productId: string, request: OrderRequest, clientOrderId: VenueClientOrderId): Record<string, unknown> | Refusal {
  const configuration = orderConfiguration(request);
  if (isRefusal(configuration)) return configuration;
  return { client_order_id: clientOrderId, product_id: productId, side: request.side === 'buy' ? 'BUY' : 'SELL', order_configuration: configuration };
}
