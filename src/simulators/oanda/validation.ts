import type { Timestamp } from '../../core/clock';
import { Decimal } from '../../core/money/decimal';
import { type OandaInstrumentSpec, specOf } from './instruments';
import { parseTime, priceText, type Json } from './wire-format';

/**
 * The simulator's checks of an OrderRequest, in the order OANDA applies them, each failing with the
 * TransactionRejectReason the real API gives. Independent of the adapter's encoder by design.
 */
export type ClientOrderType = 'MARKET' | 'LIMIT' | 'STOP' | 'MARKET_IF_TOUCHED';

export interface ValidOrder {
  readonly type: ClientOrderType;
  readonly spec: OandaInstrumentSpec;
  readonly units: Decimal;
  readonly timeInForce: string;
  readonly price?: Decimal;
  readonly priceBound?: Decimal;
  readonly gtdTime?: Timestamp;
  readonly positionFill: string;
  readonly clientId?: string;
  /** The request as OANDA echoes it in the create transaction (prices at display precision, defaults filled). */
  readonly wire: Json;
  readonly takeProfitOnFill?: Json;
  readonly stopLossOnFill?: Json;
  readonly trailingStopLossOnFill?: Json;
}

export type Validation = { readonly ok: true; readonly order: ValidOrder } | { readonly ok: false; readonly rejectReason: string; readonly message: string; readonly echo: Json };

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;
const TIME_IN_FORCE = ['GTC', 'GTD', 'GFD', 'FOK', 'IOC'];
const ALLOWED_TIF: Readonly<Record<ClientOrderType, readonly string[]>> = {
  MARKET: ['FOK', 'IOC'],
  LIMIT: TIME_IN_FORCE,
  STOP: TIME_IN_FORCE,
  MARKET_IF_TOUCHED: ['GTC', 'GFD', 'GTD'],
};
const DEFAULT_TIF: Readonly<Record<ClientOrderType, string>> = { MARKET: 'FOK', LIMIT: 'GTC', STOP: 'GTC', MARKET_IF_TOUCHED: 'GTC' };
const DEPENDENT_TIF = ['GTC', 'GTD', 'GFD'];

const decimals = (text: string): number => (text.split('.')[1] ?? '').length;

class Reject extends Error {
  constructor(readonly rejectReason: string, message: string) {
    super(message);
  }
}

function priceField(value: unknown, spec: OandaInstrumentSpec, prefix: string, required: boolean): Decimal | undefined {
  if (value === undefined) {
    if (required) throw new Reject(`${prefix}PRICE_MISSING`, 'The price was not specified');
    return undefined;
  }
  if (typeof value !== 'string' || !DECIMAL.test(value)) throw new Reject(`${prefix}PRICE_INVALID`, `The price specified is invalid: ${JSON.stringify(value)}`);
  if (decimals(value) > spec.displayPrecision) throw new Reject(`${prefix}PRICE_PRECISION_EXCEEDED`, `The price specified contains more precision than is allowed for ${spec.name}`);
  const price = Decimal.parse(value);
  if (!price.isPositive()) throw new Reject(`${prefix}PRICE_INVALID`, 'The price specified must be positive');
  return price;
}

function clientExtensions(value: unknown, prefix: string, existing: (id: string) => boolean): Json | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw new Reject(`${prefix}CLIENT_ORDER_ID_INVALID`, 'clientExtensions must be an object');
  const { id, tag, comment } = value as { id?: unknown; tag?: unknown; comment?: unknown };
  if (id !== undefined && (typeof id !== 'string' || id.length === 0 || id.length > 128 || id.startsWith('@'))) {
    throw new Reject(`${prefix}CLIENT_ORDER_ID_INVALID`, 'The client order ID specified is invalid');
  }
  if (typeof id === 'string' && existing(id)) throw new Reject(`${prefix}CLIENT_ORDER_ID_ALREADY_EXISTS`, 'The client order ID specified is already in use');
  if (tag !== undefined && (typeof tag !== 'string' || tag.length > 128)) throw new Reject(`${prefix}CLIENT_ORDER_TAG_INVALID`, 'The client order tag specified is invalid');
  if (comment !== undefined && (typeof comment !== 'string' || comment.length > 128)) throw new Reject(`${prefix}CLIENT_ORDER_COMMENT_INVALID`, 'The client order comment specified is invalid');
  return value as Json;
}

function dependentTif(details: Json, prefix: string, now: Timestamp): void {
  const tif = details['timeInForce'] ?? 'GTC';
  if (typeof tif !== 'string' || !DEPENDENT_TIF.includes(tif)) throw new Reject(`${prefix}TIME_IN_FORCE_INVALID`, 'The time in force specified is invalid for the on-fill order');
  details['timeInForce'] = tif;
  if (tif === 'GTD') {
    if (typeof details['gtdTime'] !== 'string') throw new Reject(`${prefix}GTD_TIMESTAMP_MISSING`, 'A GTD on-fill order needs gtdTime');
    const at = parseTime(details['gtdTime']);
    if (at === undefined || at <= now) throw new Reject(`${prefix}GTD_TIMESTAMP_IN_PAST`, 'The on-fill gtdTime is in the past');
  }
}

function onFill(order: Json, spec: OandaInstrumentSpec, now: Timestamp, existing: (id: string) => boolean): Pick<ValidOrder, 'takeProfitOnFill' | 'stopLossOnFill' | 'trailingStopLossOnFill'> {
  const out: { takeProfitOnFill?: Json; stopLossOnFill?: Json; trailingStopLossOnFill?: Json } = {};
  const tp = order['takeProfitOnFill'] as Json | undefined;
  if (tp !== undefined) {
    const price = priceField(tp['price'], spec, 'TAKE_PROFIT_ON_FILL_', true) as Decimal;
    const details: Json = { ...tp, price: priceText(price, spec.displayPrecision) };
    dependentTif(details, 'TAKE_PROFIT_ON_FILL_', now);
    clientExtensions(tp['clientExtensions'], 'TAKE_PROFIT_ON_FILL_', existing);
    out.takeProfitOnFill = details;
  }
  const sl = order['stopLossOnFill'] as Json | undefined;
  if (sl !== undefined) {
    if (sl['price'] !== undefined && sl['distance'] !== undefined) throw new Reject('STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_SPECIFIED', 'Specify the stop loss price or distance, not both');
    if (sl['price'] === undefined && sl['distance'] === undefined) throw new Reject('STOP_LOSS_ON_FILL_PRICE_AND_DISTANCE_BOTH_MISSING', 'The stop loss price or distance is required');
    const details: Json = { ...sl };
    if (sl['price'] !== undefined) details['price'] = priceText(priceField(sl['price'], spec, 'STOP_LOSS_ON_FILL_', true) as Decimal, spec.displayPrecision);
    else {
      const distance = sl['distance'];
      if (typeof distance !== 'string' || !DECIMAL.test(distance) || !Decimal.parse(distance).isPositive()) throw new Reject('STOP_LOSS_ON_FILL_DISTANCE_INVALID', 'The stop loss distance is invalid');
      if (decimals(distance) > spec.displayPrecision) throw new Reject('STOP_LOSS_ON_FILL_DISTANCE_PRECISION_EXCEEDED', 'The stop loss distance has too much precision');
    }
    dependentTif(details, 'STOP_LOSS_ON_FILL_', now);
    clientExtensions(sl['clientExtensions'], 'STOP_LOSS_ON_FILL_', existing);
    out.stopLossOnFill = details;
  }
  const ts = order['trailingStopLossOnFill'] as Json | undefined;
  if (ts !== undefined) {
    const distance = ts['distance'];
    if (distance === undefined) throw new Reject('TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_MISSING', 'The trailing stop distance is required');
    if (typeof distance !== 'string' || !DECIMAL.test(distance)) throw new Reject('TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_INVALID', 'The trailing stop distance is invalid');
    if (decimals(distance) > spec.displayPrecision) throw new Reject('TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_PRECISION_EXCEEDED', 'The trailing stop distance has too much precision');
    const value = Decimal.parse(distance);
    if (value.lt(Decimal.parse(spec.minimumTrailingStopDistance))) throw new Reject('TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_MINIMUM_NOT_MET', 'The trailing stop distance is below the minimum');
    if (value.gt(Decimal.parse(spec.maximumTrailingStopDistance))) throw new Reject('TRAILING_STOP_LOSS_ON_FILL_PRICE_DISTANCE_MAXIMUM_EXCEEDED', 'The trailing stop distance is above the maximum');
    const details: Json = { ...ts, distance: priceText(value, spec.displayPrecision) };
    dependentTif(details, 'TRAILING_STOP_LOSS_ON_FILL_', now);
    out.trailingStopLossOnFill = details;
  }
  return out;
}

/** The reject transaction repeats the request, minus enum fields whose value is not one of the enum's (the venue cannot type them). */
function sanitizedEcho(echo: Json): Json {
  const enums: Readonly<Record<string, readonly string[]>> = {
    timeInForce: TIME_IN_FORCE,
    positionFill: ['OPEN_ONLY', 'REDUCE_FIRST', 'REDUCE_ONLY', 'DEFAULT'],
    triggerCondition: ['DEFAULT', 'INVERSE', 'BID', 'ASK', 'MID'],
  };
  const out: Json = {};
  for (const [key, value] of Object.entries(echo)) {
    const allowed = enums[key];
    if (allowed !== undefined && !(typeof value === 'string' && allowed.includes(value))) continue;
    if (typeof value === 'object' && value !== null && key.endsWith('OnFill')) continue;
    out[key] = value;
  }
  return out;
}

/** Validates `{"order": {...}}` for MARKET, LIMIT, STOP and MARKET_IF_TOUCHED. */
export function validateOrderRequest(order: Json, now: Timestamp, clientIdInUse: (id: string) => boolean): Validation {
  const type = order['type'] as ClientOrderType;
  const echo: Json = { ...order };
  try {
    const instrument = order['instrument'];
    if (instrument === undefined) throw new Reject('INSTRUMENT_MISSING', 'The instrument was not specified');
    const spec = typeof instrument === 'string' ? specOf(instrument) : undefined;
    if (spec === undefined) throw new Reject('INSTRUMENT_UNKNOWN', `The instrument specified is unknown: ${JSON.stringify(instrument)}`);
    const unitsText = order['units'];
    if (unitsText === undefined) throw new Reject('UNITS_MISSING', 'The units were not specified');
    if (typeof unitsText !== 'string' || !DECIMAL.test(unitsText) || Decimal.parse(unitsText).isZero()) throw new Reject('UNITS_INVALID', 'The units specified are invalid');
    if (decimals(unitsText) > spec.tradeUnitsPrecision) throw new Reject('UNITS_PRECISION_EXCEEDED', `The units specified contain more precision than is allowed for ${spec.name}`);
    const units = Decimal.parse(unitsText);
    if (units.abs().gt(Decimal.parse(spec.maximumOrderUnits))) throw new Reject('UNITS_LIMIT_EXCEEDED', 'The units specified exceed the maximum order units');
    if (units.abs().lt(Decimal.parse(spec.minimumTradeSize))) throw new Reject('UNITS_MIMIMUM_NOT_MET', 'The units specified are below the minimum trade size');
    const tif = order['timeInForce'] ?? DEFAULT_TIF[type];
    if (typeof tif !== 'string' || !TIME_IN_FORCE.includes(tif) || !ALLOWED_TIF[type].includes(tif)) {
      throw new Reject('TIME_IN_FORCE_INVALID', `The time in force specified is invalid for a ${type} order: ${JSON.stringify(tif)}`);
    }
    let gtdTime: Timestamp | undefined;
    if (tif === 'GTD') {
      if (typeof order['gtdTime'] !== 'string') throw new Reject('TIME_IN_FORCE_GTD_TIMESTAMP_MISSING', 'A GTD order needs gtdTime');
      gtdTime = parseTime(order['gtdTime']);
      if (gtdTime === undefined || gtdTime <= now) throw new Reject('TIME_IN_FORCE_GTD_TIMESTAMP_IN_PAST', 'The gtdTime specified is in the past');
    }
    const price = type === 'MARKET' ? undefined : priceField(order['price'], spec, '', true);
    const boundText = order['priceBound'];
    if (boundText !== undefined && (typeof boundText !== 'string' || !DECIMAL.test(boundText))) throw new Reject('PRICE_BOUND_INVALID', 'The price bound specified is invalid');
    if (typeof boundText === 'string' && decimals(boundText) > spec.displayPrecision) throw new Reject('PRICE_BOUND_PRECISION_EXCEEDED', 'The price bound has too much precision');
    const positionFill = order['positionFill'] ?? 'DEFAULT';
    if (typeof positionFill !== 'string' || !['OPEN_ONLY', 'REDUCE_FIRST', 'REDUCE_ONLY', 'DEFAULT'].includes(positionFill)) throw new Reject('ORDER_FILL_POSITION_ACTION_INVALID', 'The position fill option is invalid');
    const trigger = order['triggerCondition'] ?? 'DEFAULT';
    if (typeof trigger !== 'string' || !['DEFAULT', 'INVERSE', 'BID', 'ASK', 'MID'].includes(trigger)) throw new Reject('TRIGGER_CONDITION_INVALID', 'The trigger condition is invalid');
    const extensions = clientExtensions(order['clientExtensions'], '', clientIdInUse);
    const tradeExtensions = order['tradeClientExtensions'];
    if (tradeExtensions !== undefined) {
      const id = typeof tradeExtensions === 'object' && tradeExtensions !== null ? (tradeExtensions as Json)['id'] : undefined;
      if (typeof tradeExtensions !== 'object' || tradeExtensions === null || (id !== undefined && (typeof id !== 'string' || id.length === 0 || id.length > 128))) {
        throw new Reject('CLIENT_TRADE_ID_INVALID', 'The client trade ID specified is invalid');
      }
    }
    const dependents = onFill(order, spec, now, clientIdInUse);
    const wire: Json = {
      type,
      instrument: spec.name,
      units: units.toString(),
      timeInForce: tif,
      ...(price === undefined ? {} : { price: priceText(price, spec.displayPrecision) }),
      ...(typeof boundText === 'string' ? { priceBound: priceText(Decimal.parse(boundText), spec.displayPrecision) } : {}),
      ...(typeof order['gtdTime'] === 'string' && tif === 'GTD' ? { gtdTime: order['gtdTime'] } : {}),
      positionFill,
      ...(type === 'MARKET' ? {} : { triggerCondition: trigger }),
      ...(extensions === undefined ? {} : { clientExtensions: extensions }),
      ...(tradeExtensions === undefined ? {} : { tradeClientExtensions: tradeExtensions }),
      ...dependents,
    };
    const clientId = typeof extensions?.['id'] === 'string' ? extensions['id'] : undefined;
    return {
      ok: true,
      order: {
        type, spec, units, timeInForce: tif, positionFill, wire, ...dependents,
        ...(price === undefined ? {} : { price }),
        ...(typeof boundText === 'string' ? { priceBound: Decimal.parse(boundText) } : {}),
        ...(gtdTime === undefined ? {} : { gtdTime }),
        ...(clientId === undefined ? {} : { clientId }),
      },
    };
  } catch (error) {
    if (error instanceof Reject) return { ok: false, rejectReason: error.rejectReason, message: error.message, echo: sanitizedEcho(echo) };
    throw error;
  }
}
