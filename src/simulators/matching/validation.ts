import type { Decimal} from '../../core';
import { type Instrument, type Timestamp } from '../../core';
import type { InstrumentScale } from './scale';
import type { MatchingRejectCode, SimOrderRequest } from './types';

export interface Rejection {
  readonly code: MatchingRejectCode;
  readonly reason: string;
}

const reject = (code: MatchingRejectCode, reason: string): Rejection => ({ code, reason });

/**
 * The instrument rules a venue enforces on arrival: required fields, tick, lot, size and notional bounds,
 * expiry. `referencePrice` is the price notional is checked at for orders without a limit (the touch).
 */
export function validateRequest(request: SimOrderRequest, instrument: Instrument, scale: InstrumentScale, now: Timestamp, referencePrice: Decimal | undefined): Rejection | undefined {
  if (instrument.status !== 'trading') return reject('INSTRUMENT_NOT_TRADING', `${instrument.id} is ${instrument.status}`);
  const { type } = request;
  const needsPrice = type === 'limit' || type === 'stop-limit' || type === 'limit-if-touched';
  const needsTrigger = type === 'stop-market' || type === 'stop-limit' || type === 'market-if-touched' || type === 'limit-if-touched';
  if (needsPrice && request.price === undefined) return reject('MISSING_PRICE', `a ${type} order needs a price`);
  if (needsTrigger && request.triggerPrice === undefined) return reject('MISSING_TRIGGER', `a ${type} order needs a trigger price`);
  if ((type === 'trailing-stop' || type === 'trailing-limit') && request.trailingOffset === undefined) return reject('MISSING_TRAILING_OFFSET', `a ${type} order needs a trailing offset`);
  if (type === 'trailing-limit' && (request.limitOffset === undefined || request.limitOffset.isNegative() || scale.ticksOf(request.limitOffset) === undefined)) {
    return reject('MISSING_PRICE', `a trailing-limit order needs a limitOffset of zero or more on the tick ${instrument.priceIncrement.toString()}`);
  }
  if (request.trailingOffset !== undefined && !request.trailingOffset.value.isPositive()) return reject('MISSING_TRAILING_OFFSET', 'the trailing offset must be positive');
  for (const [field, value] of [['price', request.price], ['triggerPrice', request.triggerPrice]] as const) {
    if (value === undefined) continue;
    if (!value.isPositive()) return reject('PRICE_OFF_TICK', `${field} must be positive, found ${value.toString()}`);
    if (scale.ticksOf(value) === undefined) {
      return reject('PRICE_OFF_TICK', `${field} must be a multiple of ${instrument.priceIncrement.toString()}, found ${value.toString()}`);
    }
  }
  if (request.trailingOffset?.kind === 'price' && instrument.kind === 'fx') {
    const { min, max } = instrument.trailingStopDistance;
    const distance = request.trailingOffset.value;
    if (distance.lt(min) || distance.gt(max)) return reject('MISSING_TRAILING_OFFSET', `trailing distance must be within [${min.toString()}, ${max.toString()}], found ${distance.toString()}`);
  }
  const quantity = request.quantity;
  if (!quantity.isPositive()) return reject('QUANTITY_BELOW_MINIMUM', `quantity must be positive, found ${quantity.toString()}`);
  if (scale.lotsOf(quantity) === undefined) {
    return reject('QUANTITY_OFF_LOT', `quantity must be a multiple of ${instrument.sizeIncrement.toString()}, found ${quantity.toString()}`);
  }
  if (quantity.lt(instrument.minQuantity)) return reject('QUANTITY_BELOW_MINIMUM', `quantity must be at least ${instrument.minQuantity.toString()}, found ${quantity.toString()}`);
  const maxQuantity = instrument.kind === 'fx' ? instrument.maxOrderUnits : instrument.maxQuantity;
  if (maxQuantity !== undefined && quantity.gt(maxQuantity)) return reject('QUANTITY_ABOVE_MAXIMUM', `quantity must be at most ${maxQuantity.toString()}, found ${quantity.toString()}`);
  if (instrument.kind === 'crypto-spot' && type === 'market') {
    if (instrument.marketMinQuantity !== undefined && quantity.lt(instrument.marketMinQuantity)) return reject('QUANTITY_BELOW_MINIMUM', `market quantity must be at least ${instrument.marketMinQuantity.toString()}`);
    if (instrument.marketMaxQuantity !== undefined && quantity.gt(instrument.marketMaxQuantity)) return reject('QUANTITY_ABOVE_MAXIMUM', `market quantity must be at most ${instrument.marketMaxQuantity.toString()}`);
  }
  if (request.displayQuantity !== undefined && (!request.displayQuantity.isPositive() || request.displayQuantity.gt(quantity) || scale.lotsOf(request.displayQuantity) === undefined)) {
    return reject('QUANTITY_OFF_LOT', `displayQuantity must be a positive multiple of the lot, at most the quantity, found ${request.displayQuantity.toString()}`);
  }
  const notionalPrice = request.price ?? request.triggerPrice ?? referencePrice;
  const notionalApplies = type !== 'market' || instrument.kind !== 'crypto-spot' || instrument.minNotionalAppliesToMarket;
  if (notionalPrice !== undefined && notionalApplies) {
    const notional = notionalPrice.mul(quantity);
    if (instrument.minNotional !== undefined && notional.lt(instrument.minNotional)) return reject('NOTIONAL_BELOW_MINIMUM', `notional must be at least ${instrument.minNotional.toString()}, found ${notional.toString()}`);
    if (instrument.maxNotional !== undefined && notional.gt(instrument.maxNotional)) return reject('NOTIONAL_ABOVE_MAXIMUM', `notional must be at most ${instrument.maxNotional.toString()}, found ${notional.toString()}`);
  }
  if (request.timeInForce === 'GTD') {
    if (request.expireAt === undefined) return reject('INVALID_EXPIRY', 'a GTD order needs expireAt');
    if (request.expireAt <= now) return reject('INVALID_EXPIRY', `expireAt must be after ${now}, found ${request.expireAt}`);
  }
  if (type === 'market' && (request.timeInForce === 'GTD' || request.timeInForce === 'DAY' || request.timeInForce === 'GTC')) {
    // A market order never rests; venues run it as immediate-or-cancel whatever it says.
    return undefined;
  }
  if (request.postOnly === true && (type !== 'limit' || request.timeInForce === 'IOC' || request.timeInForce === 'FOK')) {
    return reject('UNSUPPORTED_TIME_IN_FORCE', 'post-only needs a resting limit order (GTC, GTD or DAY)');
  }
  return undefined;
}
