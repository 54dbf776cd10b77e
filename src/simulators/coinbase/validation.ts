import { Decimal, Price, Quantity, type OrderSide, type OrderType, type TimeInForce } from '../../core';
import type { SimProduct } from './products';

/** The `error_response` of a failed create (HTTP 200, `success: false`), as Coinbase writes it. */
export interface OrderFailure {
  readonly error: string;
  readonly message: string;
  readonly error_details: string;
  readonly preview_failure_reason: string;
  /** The top-level `failure_reason` (UNKNOWN_FAILURE_REASON for most rule failures). */
  readonly failure_reason: string;
}

export function failure(error: string, message: string, preview = 'UNKNOWN_PREVIEW_FAILURE_REASON', failureReason = 'UNKNOWN_FAILURE_REASON'): OrderFailure {
  return { error, message, error_details: message, preview_failure_reason: preview, failure_reason: failureReason };
}

/** The order configurations Advanced Trade offers for spot (Create Order, `order_configuration`). */
export const CONFIGURATION_KEYS = [
  'market_market_ioc',
  'sor_limit_ioc',
  'limit_limit_gtc',
  'limit_limit_gtd',
  'limit_limit_fok',
  'stop_limit_stop_limit_gtc',
  'stop_limit_stop_limit_gtd',
  'trigger_bracket_gtc',
  'trigger_bracket_gtd',
] as const;
export type ConfigurationKey = (typeof CONFIGURATION_KEYS)[number];

/** A create request after validation: what the matching engine gets, plus the wire facts kept for answers. */
export interface ParsedOrder {
  readonly key: ConfigurationKey;
  readonly configuration: Record<string, unknown>;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  /** Base size; absent for a market order sized in quote (the exchange converts at the book). */
  readonly baseSize?: Quantity;
  readonly quoteSize?: Decimal;
  readonly limitPrice?: Price;
  readonly stopPrice?: Price;
  readonly stopDirection?: 'STOP_DIRECTION_STOP_UP' | 'STOP_DIRECTION_STOP_DOWN';
  readonly bracketStop?: Price;
  readonly endTime?: number;
  readonly postOnly: boolean;
}

type Fields = Record<string, unknown>;

function text(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function decimal(fields: Fields, name: string): Decimal | OrderFailure | undefined {
  const value = text(fields, name);
  if (value === undefined) return undefined;
  const parsed = Decimal.tryParse(value);
  return parsed === undefined || parsed.isNegative() ? failure('INVALID_REQUEST', `invalid ${name}: ${value}`, 'PREVIEW_INVALID_ORDER_CONFIG') : parsed;
}

const isFailure = (value: unknown): value is OrderFailure => typeof value === 'object' && value !== null && 'preview_failure_reason' in value;

/** Validates `side` and `order_configuration` of a create body against the product's rules. */
export function parseOrder(body: Fields, product: SimProduct, nowMs: number): ParsedOrder | OrderFailure {
  const side = body['side'] === 'BUY' ? 'buy' : body['side'] === 'SELL' ? 'sell' : undefined;
  if (side === undefined) return failure('INVALID_SIDE', 'side must be BUY or SELL', 'UNKNOWN_PREVIEW_FAILURE_REASON', 'INVALID_SIDE');
  const configuration = body['order_configuration'];
  if (typeof configuration !== 'object' || configuration === null) return failure('UNSUPPORTED_ORDER_CONFIGURATION', 'order_configuration is required', 'PREVIEW_INVALID_ORDER_CONFIG', 'UNSUPPORTED_ORDER_CONFIGURATION');
  const keys = Object.keys(configuration);
  const key = keys[0] as ConfigurationKey | undefined;
  if (keys.length !== 1 || key === undefined || !CONFIGURATION_KEYS.includes(key)) {
    return failure('UNSUPPORTED_ORDER_CONFIGURATION', `unsupported order configuration ${keys.join(',')}`, 'PREVIEW_INVALID_ORDER_CONFIG', 'UNSUPPORTED_ORDER_CONFIGURATION');
  }
  const fields = (configuration as Record<string, Fields>)[key] ?? {};
  const values = ['base_size', 'quote_size', 'limit_price', 'stop_price', 'stop_trigger_price'].map((name) => decimal(fields, name));
  const bad = values.find(isFailure);
  if (bad !== undefined) return bad;
  const [base, quote, limit, stop, bracketStop] = values as (Decimal | undefined)[];
  const endText = text(fields, 'end_time');
  const endTime = endText === undefined ? undefined : Date.parse(endText);
  const postOnly = fields['post_only'] === true;
  if (product.trading_disabled || product.status !== 'online') return failure('UNTRADABLE_PRODUCT', 'Product is not tradable', 'UNKNOWN_PREVIEW_FAILURE_REASON', 'UNTRADABLE_PRODUCT');
  if (product.cancel_only) return failure('ORDER_ENTRY_DISABLED', 'Product is in cancel only mode', 'UNKNOWN_PREVIEW_FAILURE_REASON', 'ORDER_ENTRY_DISABLED');
  const isMarket = key === 'market_market_ioc';
  if (product.limit_only && isMarket) return failure('ORDER_ENTRY_DISABLED', 'Product is in limit only mode', 'UNKNOWN_PREVIEW_FAILURE_REASON', 'ORDER_ENTRY_DISABLED');
  if (product.post_only && !postOnly) return failure('INVALID_LIMIT_PRICE_POST_ONLY', 'Product is in post only mode', 'PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY', 'INVALID_LIMIT_PRICE_POST_ONLY');
  if (key.endsWith('_gtd')) {
    if (endTime === undefined || Number.isNaN(endTime) || endTime <= nowMs) return failure('INVALID_END_TIME', 'end_time must be a future RFC 3339 time', 'PREVIEW_INVALID_END_TIME', 'UNKNOWN_FAILURE_REASON');
  }
  if (isMarket) {
    if ((base === undefined) === (quote === undefined)) return failure('INVALID_REQUEST', 'exactly one of base_size or quote_size is required', 'PREVIEW_INVALID_ORDER_CONFIG');
  } else if (base === undefined) {
    return failure('INVALID_REQUEST', 'base_size is required', 'PREVIEW_INVALID_ORDER_CONFIG');
  }
  if (!isMarket && limit === undefined) return failure('INVALID_LIMIT_PRICE', 'limit_price is required', 'PREVIEW_INVALID_LIMIT_PRICE', 'INVALID_LIMIT_PRICE');
  if (key.startsWith('stop_limit') && stop === undefined) return failure('INVALID_REQUEST', 'stop_price is required', 'PREVIEW_INVALID_STOP_PRICE');
  if (key.startsWith('trigger_bracket') && bracketStop === undefined) return failure('INVALID_BRACKET_PRICES', 'stop_trigger_price is required', 'PREVIEW_INVALID_STOP_PRICE', 'INVALID_BRACKET_PRICES');
  if (bracketStop !== undefined && limit !== undefined && (side === 'sell' ? !limit.gt(bracketStop) : !limit.lt(bracketStop))) {
    return failure('INVALID_BRACKET_PRICES', 'the take-profit limit_price must be beyond stop_trigger_price for the side', 'PREVIEW_INVALID_BRACKET_PRICES', 'INVALID_BRACKET_PRICES');
  }
  const rules = checkRules(product, base, quote, [limit, stop, bracketStop]);
  if (rules !== undefined) return rules;
  const direction = fields['stop_direction'];
  if (key.startsWith('stop_limit') && direction !== 'STOP_DIRECTION_STOP_UP' && direction !== 'STOP_DIRECTION_STOP_DOWN') {
    return failure('INVALID_REQUEST', 'stop_direction must be STOP_DIRECTION_STOP_UP or STOP_DIRECTION_STOP_DOWN', 'PREVIEW_INVALID_STOP_PRICE');
  }
  const shape = orderShape(key, side, direction);
  return {
    key,
    configuration: configuration as Record<string, unknown>,
    side,
    ...shape,
    ...(base === undefined ? {} : { baseSize: Quantity.of(base) }),
    ...(quote === undefined ? {} : { quoteSize: quote }),
    ...(limit === undefined ? {} : { limitPrice: Price.of(limit) }),
    ...(stop === undefined ? {} : { stopPrice: Price.of(stop) }),
    ...(bracketStop === undefined ? {} : { bracketStop: Price.of(bracketStop) }),
    ...(direction === 'STOP_DIRECTION_STOP_UP' || direction === 'STOP_DIRECTION_STOP_DOWN' ? { stopDirection: direction } : {}),
    ...(endTime === undefined ? {} : { endTime }),
    postOnly,
  };
}

/** Engine order type and time in force for a configuration; a stop against its side's direction is a limit-if-touched. */
function orderShape(key: ConfigurationKey, side: OrderSide, direction: unknown): { type: OrderType; timeInForce: TimeInForce } {
  switch (key) {
    case 'market_market_ioc':
      return { type: 'market', timeInForce: 'IOC' };
    case 'sor_limit_ioc':
      return { type: 'limit', timeInForce: 'IOC' };
    case 'limit_limit_gtc':
    case 'trigger_bracket_gtc':
      return { type: 'limit', timeInForce: 'GTC' };
    case 'limit_limit_gtd':
    case 'trigger_bracket_gtd':
      return { type: 'limit', timeInForce: 'GTD' };
    case 'limit_limit_fok':
      return { type: 'limit', timeInForce: 'FOK' };
    case 'stop_limit_stop_limit_gtc':
    case 'stop_limit_stop_limit_gtd': {
      const breakout = (side === 'buy') === (direction === 'STOP_DIRECTION_STOP_UP');
      return { type: breakout ? 'stop-limit' : 'limit-if-touched', timeInForce: key.endsWith('gtc') ? 'GTC' : 'GTD' };
    }
  }
}

/** Precision and size rules, with the preview reasons Coinbase gives for each. */
function checkRules(product: SimProduct, base: Decimal | undefined, quote: Decimal | undefined, prices: readonly (Decimal | undefined)[]): OrderFailure | undefined {
  const tick = Decimal.parse(product.price_increment);
  for (const price of prices) {
    if (price === undefined) continue;
    if (!price.isPositive()) return failure('INVALID_LIMIT_PRICE', 'price must be positive', 'PREVIEW_INVALID_LIMIT_PRICE', 'INVALID_LIMIT_PRICE');
    if (!price.isMultipleOf(tick)) return failure('INVALID_PRICE_PRECISION', 'Too many decimals in order price', 'PREVIEW_INVALID_PRICE_PRECISION', 'INVALID_PRICE_PRECISION');
  }
  if (base !== undefined) {
    if (!base.isMultipleOf(Decimal.parse(product.base_increment))) return failure('INVALID_SIZE_PRECISION', 'Too many decimals in order amount', 'PREVIEW_INVALID_BASE_SIZE_PRECISION', 'INVALID_SIZE_PRECISION');
    if (base.lt(Decimal.parse(product.base_min_size))) return failure('UNKNOWN_FAILURE_REASON', 'Order size is too small', 'PREVIEW_INVALID_BASE_SIZE_TOO_SMALL');
    if (base.gt(Decimal.parse(product.base_max_size))) return failure('UNKNOWN_FAILURE_REASON', 'Order size is too large', 'PREVIEW_INVALID_BASE_SIZE_TOO_LARGE');
  }
  if (quote !== undefined) {
    if (!quote.isMultipleOf(Decimal.parse(product.quote_increment))) return failure('INVALID_SIZE_PRECISION', 'Too many decimals in order amount', 'PREVIEW_INVALID_QUOTE_SIZE_PRECISION', 'INVALID_SIZE_PRECISION');
    if (quote.lt(Decimal.parse(product.quote_min_size))) return failure('UNKNOWN_FAILURE_REASON', 'Order funds are too small', 'PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL');
    if (quote.gt(Decimal.parse(product.quote_max_size))) return failure('UNKNOWN_FAILURE_REASON', 'Order funds are too large', 'PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE');
  }
  return undefined;
}

export { isFailure };
