import type { Decimal, Instrument, OrderRequest, Timestamp, TrailingOffset } from '../../core';
import { Decimal as DecimalValue, requiresPrice, requiresTrigger } from '../../core';
import { deny } from './denial';
import type { RiskDenial } from './types';

/**
 * The order's own figures against the instrument: quantity (positive, lot, min, max), prices (positive, tick),
 * required fields per type, time in force, trailing bounds, display quantity. Nothing here reads state.
 */
export function validateOrder(
  request: OrderRequest,
  instrument: Instrument,
  now: Timestamp,
): RiskDenial | undefined {
  return (
    validateQuantity(request.quantity, instrument, request.type === 'market', 'quantity') ??
    validatePrices(request, instrument) ??
    validateTimeInForce(request, now) ??
    validateTrailing(request, instrument) ??
    validateDisplay(request, instrument)
  );
}

export function validateQuantity(
  quantity: Decimal,
  instrument: Instrument,
  market: boolean,
  field: string,
): RiskDenial | undefined {
  if (!quantity.isPositive()) {
    return deny(
      'RISK_INVALID_QUANTITY',
      `${field} must be positive, found ${quantity.toString()}`,
      { rule: 'positive', found: quantity.toString() },
      field,
    );
  }
  if (!quantity.isMultipleOf(instrument.sizeIncrement)) {
    return deny(
      'RISK_QUANTITY_OFF_LOT',
      `${field} must be a multiple of ${instrument.sizeIncrement.toString()}, found ${quantity.toString()}`,
      { rule: 'multiple-of-lot', increment: instrument.sizeIncrement.toString(), found: quantity.toString() },
      field,
    );
  }
  const minimum =
    market && instrument.kind === 'crypto-spot' && instrument.marketMinQuantity !== undefined
      ? instrument.marketMinQuantity
      : instrument.minQuantity;
  if (quantity.lt(minimum)) {
    return deny(
      'RISK_QUANTITY_BELOW_MINIMUM',
      `${field} must be at least ${minimum.toString()}, found ${quantity.toString()}`,
      { rule: 'minimum', limit: minimum.toString(), found: quantity.toString() },
      field,
    );
  }
  for (const maximum of maxima(instrument, market)) {
    if (quantity.gt(maximum)) {
      return deny(
        'RISK_QUANTITY_ABOVE_MAXIMUM',
        `${field} must be at most ${maximum.toString()}, found ${quantity.toString()}`,
        { rule: 'maximum', limit: maximum.toString(), found: quantity.toString() },
        field,
      );
    }
  }
  return undefined;
}

function maxima(instrument: Instrument, market: boolean): Decimal[] {
  const out: Decimal[] = [];
  if (instrument.maxQuantity !== undefined) out.push(instrument.maxQuantity);
  if (instrument.kind === 'fx') out.push(instrument.maxOrderUnits);
  if (instrument.kind === 'crypto-spot' && market && instrument.marketMaxQuantity !== undefined)
    out.push(instrument.marketMaxQuantity);
  return out;
}

function checkPrice(value: Decimal, instrument: Instrument, field: string): RiskDenial | undefined {
  if (!value.isPositive()) {
    return deny(
      'RISK_PRICE_NOT_POSITIVE',
      `${field} must be positive, found ${value.toString()}`,
      { rule: 'positive', found: value.toString() },
      field,
    );
  }
  if (!value.isMultipleOf(instrument.priceIncrement)) {
    return deny(
      'RISK_PRICE_OFF_TICK',
      `${field} must be a multiple of the tick ${instrument.priceIncrement.toString()}, found ${value.toString()}`,
      { rule: 'multiple-of-tick', tick: instrument.priceIncrement.toString(), found: value.toString() },
      field,
    );
  }
  return undefined;
}

function validatePrices(request: OrderRequest, instrument: Instrument): RiskDenial | undefined {
  if (requiresPrice(request.type) && request.price === undefined) {
    return deny(
      'RISK_PRICE_REQUIRED',
      `a ${request.type} order needs a price`,
      { rule: 'required', type: request.type },
      'price',
    );
  }
  if (requiresTrigger(request.type) && request.triggerPrice === undefined) {
    return deny(
      'RISK_TRIGGER_REQUIRED',
      `a ${request.type} order needs a trigger price`,
      { rule: 'required', type: request.type },
      'triggerPrice',
    );
  }
  const attached = request.attached;
  return (
    (request.price === undefined ? undefined : checkPrice(request.price, instrument, 'price')) ??
    (request.triggerPrice === undefined
      ? undefined
      : checkPrice(request.triggerPrice, instrument, 'triggerPrice')) ??
    (attached?.stopLoss === undefined
      ? undefined
      : checkPrice(attached.stopLoss.triggerPrice, instrument, 'attached.stopLoss.triggerPrice')) ??
    (attached?.takeProfit === undefined
      ? undefined
      : checkPrice(attached.takeProfit.price, instrument, 'attached.takeProfit.price'))
  );
}

function validateTimeInForce(request: OrderRequest, now: Timestamp): RiskDenial | undefined {
  if (request.timeInForce !== 'GTD') return undefined;
  if (request.expireAt === undefined) {
    return deny(
      'RISK_EXPIRY_REQUIRED',
      'a GTD order needs expireAt',
      { rule: 'required', timeInForce: 'GTD' },
      'expireAt',
    );
  }
  if (request.expireAt <= now) {
    return deny(
      'RISK_EXPIRY_IN_PAST',
      `expireAt must be after now (${new Date(now).toISOString()}), found ${new Date(request.expireAt).toISOString()}`,
      { rule: 'after-now', now: String(now), found: String(request.expireAt) },
      'expireAt',
    );
  }
  return undefined;
}

function validateTrailing(request: OrderRequest, instrument: Instrument): RiskDenial | undefined {
  if (request.type === 'trailing-stop' && request.trailingOffset === undefined) {
    return deny(
      'RISK_TRAILING_OFFSET_REQUIRED',
      'a trailing-stop order needs trailingOffset',
      { rule: 'required' },
      'trailingOffset',
    );
  }
  return (
    (request.trailingOffset === undefined
      ? undefined
      : checkTrailing(request.trailingOffset, instrument, 'trailingOffset')) ??
    (request.attached?.trailingStop === undefined
      ? undefined
      : checkTrailing(request.attached.trailingStop.offset, instrument, 'attached.trailingStop.offset'))
  );
}

/**
 * FX bounds are price distances (OANDA); crypto bounds are whole basis points (Binance TRAILING_DELTA), and a
 * crypto price distance only has to be positive, as the engine emulates it.
 */
export function checkTrailing(
  offset: TrailingOffset,
  instrument: Instrument,
  field: string,
): RiskDenial | undefined {
  let min: Decimal | undefined;
  let max: Decimal | undefined;
  let expectedKind: TrailingOffset['kind'] | undefined;
  if (instrument.kind === 'fx') {
    expectedKind = 'price';
    ({ min, max } = instrument.trailingStopDistance);
  } else if (
    instrument.kind === 'crypto-spot' &&
    instrument.trailingDeltaBasisPoints !== undefined &&
    offset.kind === 'basis-points'
  ) {
    // A price distance on crypto is trailed by the engine (the venue's bounds are for basis points only).
    expectedKind = 'basis-points';
    min = DecimalValue.fromInteger(instrument.trailingDeltaBasisPoints.min);
    max = DecimalValue.fromInteger(instrument.trailingDeltaBasisPoints.max);
  }
  const value = offset.value;
  const wholeBasisPoints = offset.kind !== 'basis-points' || value.isMultipleOf(DecimalValue.ONE);
  const within =
    value.isPositive() &&
    wholeBasisPoints &&
    (expectedKind === undefined || offset.kind === expectedKind) &&
    (min === undefined || value.gte(min)) &&
    (max === undefined || value.lte(max));
  if (within) return undefined;
  const bounds = min === undefined || max === undefined ? {} : { min: min.toString(), max: max.toString() };
  return deny(
    'RISK_TRAILING_OFFSET_OUT_OF_BOUNDS',
    `${field} must be a ${expectedKind ?? offset.kind} distance within [${bounds.min ?? '>0'}, ${bounds.max ?? 'any'}], found ${value.toString()} (${offset.kind})`,
    {
      rule: 'within-bounds',
      kind: offset.kind,
      ...(expectedKind === undefined ? {} : { expectedKind }),
      found: value.toString(),
      ...bounds,
    },
    field,
  );
}

function validateDisplay(request: OrderRequest, instrument: Instrument): RiskDenial | undefined {
  const display = request.displayQuantity;
  if (display === undefined) return undefined;
  if (
    !display.isPositive() ||
    !display.isMultipleOf(instrument.sizeIncrement) ||
    display.gt(request.quantity)
  ) {
    return deny(
      'RISK_INVALID_DISPLAY_QUANTITY',
      `displayQuantity must be positive, a multiple of ${instrument.sizeIncrement.toString()} and at most ${request.quantity.toString()}, found ${display.toString()}`,
      {
        rule: 'positive-lot-at-most-quantity',
        increment: instrument.sizeIncrement.toString(),
        limit: request.quantity.toString(),
        found: display.toString(),
      },
      'displayQuantity',
    );
  }
  return undefined;
}
