import { isLosslessNumber } from 'lossless-json';

import { Decimal } from '../../core/money/decimal';
import { DX_ERRORS, DxtradeRequestError, fail } from './errors';
import { instrumentSpec } from './instruments';
import type { DxContingency, DxOrderType, DxSide, DxTif } from './state';

/** A Single Order Request that passed the spec's shape rules (types, required fields, enums). */
export interface ValidOrder {
  readonly orderCode: string;
  readonly type: DxOrderType;
  readonly instrument: string;
  /** Absent: a closing order for the whole position (positionEffect CLOSE with positionCode). */
  readonly quantity?: Decimal;
  readonly positionEffect: 'OPEN' | 'CLOSE';
  readonly positionCode?: string;
  readonly side: DxSide;
  readonly limitPrice?: Decimal;
  readonly stopPrice?: Decimal;
  readonly tif: DxTif;
  readonly expireDate?: number;
}

const TYPES: readonly DxOrderType[] = ['MARKET', 'LIMIT', 'STOP', 'STOP_LIMIT'];
const SIDES: readonly DxSide[] = ['BUY', 'SELL'];
const TIFS: readonly DxTif[] = ['GTC', 'DAY', 'GTD', 'IOC', 'FOK'];
/** The spec's TIF table: GTC for markets, limits and stops; DAY and GTD for limits and stops; IOC/FOK immediate. */
const TIF_BY_TYPE: Readonly<Record<DxOrderType, readonly DxTif[]>> = {
  MARKET: ['GTC', 'IOC', 'FOK'],
  LIMIT: ['GTC', 'DAY', 'GTD', 'IOC', 'FOK'],
  STOP: ['GTC', 'DAY', 'GTD'],
  STOP_LIMIT: ['GTC', 'DAY', 'GTD'],
};
/** Client-originated identifiers: printable ASCII without spaces, at most 64 characters. */
const CLIENT_ID = /^[\x21-\x7e]{1,64}$/;
const KNOWN_FIELDS = new Set(['account', 'orderCode', 'type', 'instrument', 'quantity', 'positionEffect', 'positionCode', 'side', 'limitPrice', 'stopPrice', 'priceOffset', 'priceLink', 'tif', 'marginRate', 'expireDate']);

type Body = Record<string, unknown>;

function object(value: unknown, what: string): Body {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(DX_ERRORS.badRequest(`${what} must be a JSON object`));
  return value as Body;
}

function text(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(DX_ERRORS.badRequest(`${field} must be a string`));
  return value;
}

function oneOf<T extends string>(body: Body, field: string, allowed: readonly T[]): T | undefined {
  const value = text(body, field);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) fail(DX_ERRORS.badRequest(`${field} must be one of ${allowed.join(', ')}, not ${value}`));
  return value as T;
}

/** Numbers are JSON numbers on DXtrade's wire ("Number" in its Data Types); a quoted number is refused. */
function number(body: Body, field: string): Decimal | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (!isLosslessNumber(value)) fail(DX_ERRORS.badRequest(`${field} must be a number`));
  const parsed = Decimal.tryParse(value.toString());
  if (parsed === undefined) fail(DX_ERRORS.badRequest(`${field} is not a number`));
  return parsed;
}

/** Dates are ISO-8601 in UTC with a Z ("2026-12-01T19:05:00.000Z"). */
function date(body: Body, field: string): number | undefined {
  const value = text(body, field);
  if (value === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?Z$/.test(value)) fail(DX_ERRORS.badRequest(`${field} must be an ISO-8601 UTC timestamp, not ${value}`));
  return Date.parse(value);
}

function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) fail(DX_ERRORS.badRequest(`${field} is required`));
  return value;
}

export function validateSingleOrder(raw: unknown, context = 'order'): ValidOrder {
  const body = object(raw, context);
  for (const key of Object.keys(body)) if (!KNOWN_FIELDS.has(key)) fail(DX_ERRORS.badRequest(`unknown field ${key}`));
  const orderCode = required(text(body, 'orderCode'), 'orderCode');
  if (!CLIENT_ID.test(orderCode)) fail(DX_ERRORS.invalidClientId());
  const type = required(oneOf(body, 'type', TYPES), 'type');
  const instrument = required(text(body, 'instrument'), 'instrument');
  const spec = instrumentSpec(instrument);
  if (spec === undefined) fail(DX_ERRORS.notFound());
  const side = required(oneOf(body, 'side', SIDES), 'side');
  const tif = oneOf(body, 'tif', TIFS) ?? 'GTC';
  if (!TIF_BY_TYPE[type].includes(tif)) fail(DX_ERRORS.badRequest(`tif ${tif} is not allowed for ${type} orders (allowed: ${TIF_BY_TYPE[type].join(', ')})`));
  const positionEffect = oneOf(body, 'positionEffect', ['OPEN', 'CLOSE'] as const) ?? 'OPEN';
  const positionCode = text(body, 'positionCode');
  const quantity = number(body, 'quantity');
  const limitPrice = number(body, 'limitPrice');
  const stopPrice = number(body, 'stopPrice');
  const expireDate = date(body, 'expireDate');
  if (body['priceOffset'] !== undefined || body['priceLink'] !== undefined) fail(DX_ERRORS.badRequest('priceOffset and priceLink are not supported by this server'));
  // The spec: limitPrice only on limits (and stop-limits), stopPrice only on stops; absent otherwise.
  const needsLimit = type === 'LIMIT' || type === 'STOP_LIMIT';
  const needsStop = type === 'STOP' || type === 'STOP_LIMIT';
  if (needsLimit && limitPrice === undefined) fail(DX_ERRORS.badRequest(`limitPrice is required for ${type} orders`));
  if (!needsLimit && limitPrice !== undefined) fail(DX_ERRORS.badRequest(`limitPrice must be absent for ${type} orders`));
  if (needsStop && stopPrice === undefined) fail(DX_ERRORS.badRequest(`stopPrice is required for ${type} orders`));
  if (!needsStop && stopPrice !== undefined) fail(DX_ERRORS.badRequest(`stopPrice must be absent for ${type} orders`));
  if ((tif === 'GTD') !== (expireDate !== undefined)) fail(DX_ERRORS.badRequest('expireDate must be present for GTD orders and absent otherwise'));
  if (positionEffect === 'CLOSE' && positionCode === undefined && quantity === undefined) fail(DX_ERRORS.badRequest('a closing order needs positionCode or quantity'));
  if (positionEffect === 'OPEN' && (quantity === undefined || !quantity.isPositive())) fail(DX_ERRORS.badRequest('quantity must be a positive number of units'));
  if (quantity !== undefined && quantity.isNegative()) fail(DX_ERRORS.badRequest('quantity must not be negative'));
  for (const [field, price] of [['limitPrice', limitPrice], ['stopPrice', stopPrice]] as const) {
    if (price !== undefined && !price.isPositive()) fail(DX_ERRORS.badRequest(`${field} must be positive`));
  }
  return {
    orderCode, type, instrument, side, tif, positionEffect,
    ...(quantity === undefined || quantity.isZero() ? {} : { quantity }),
    ...(positionCode === undefined ? {} : { positionCode }),
    ...(limitPrice === undefined ? {} : { limitPrice }),
    ...(stopPrice === undefined ? {} : { stopPrice }),
    ...(expireDate === undefined ? {} : { expireDate }),
  };
}

export interface ValidRequest {
  readonly contingencyType?: DxContingency;
  readonly orders: readonly ValidOrder[];
}

/** POST/PUT /accounts/{account}/orders take a Single Order Request or an Order Group Request. */
export function validateOrderRequest(raw: unknown): ValidRequest {
  const body = object(raw, 'request');
  if (body['orders'] === undefined) return { orders: [validateSingleOrder(body)] };
  const contingencyType = oneOf(body, 'contingencyType', ['OCO', 'IF-THEN'] as const);
  if (contingencyType === undefined) fail(DX_ERRORS.badRequest('contingencyType is required for an order group'));
  const list = body['orders'];
  if (!Array.isArray(list) || list.length < 2) fail(DX_ERRORS.badRequest('orders must list at least two orders'));
  const orders = list.map((o, i) => {
    try {
      return validateSingleOrder(o, `orders[${i}]`);
    } catch (error) {
      // DXtrade names the group's order the problem is in.
      if (error instanceof DxtradeRequestError) fail({ ...error.dx, description: `orders[${i}]: ${error.dx.description}` });
      throw error;
    }
  });
  if (new Set(orders.map((o) => o.orderCode)).size !== orders.length) fail(DX_ERRORS.badRequest('orderCode must differ between the orders of a group'));
  if (contingencyType === 'OCO' && orders.length > 2) fail(DX_ERRORS.badRequest('an OCO group has two orders'));
  if (contingencyType === 'IF-THEN' && orders.length > 3) fail(DX_ERRORS.badRequest('an IF-THEN group has a parent and at most two protection orders'));
  return { contingencyType, orders };
}

/** The instrument rules DXtrade checks before it issues an order (409 with a description). */
export function checkInstrumentRules(order: ValidOrder, quantity: Decimal): void {
  const spec = instrumentSpec(order.instrument);
  if (spec === undefined) fail(DX_ERRORS.notFound());
  const tick = Decimal.parse(spec.priceIncrement);
  for (const price of [order.limitPrice, order.stopPrice]) {
    if (price !== undefined && !price.isMultipleOf(tick)) fail(DX_ERRORS.priceIncrement(price.toString(), spec.priceIncrement));
  }
  if (quantity.lt(Decimal.parse(spec.minOrderSize))) fail(DX_ERRORS.quantityBelowMinimum(spec.minOrderSize));
  if (quantity.gt(Decimal.parse(spec.maxOrderSize))) fail(DX_ERRORS.quantityAboveMaximum(spec.maxOrderSize));
  if (!quantity.isMultipleOf(Decimal.parse(spec.minOrderSizeIncrement))) fail(DX_ERRORS.quantityIncrement(spec.minOrderSizeIncrement));
}
