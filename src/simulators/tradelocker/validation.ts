import { Decimal } from '../../core/money/decimal';
import { badRequest, refusal, TL_ERRORS, type TlError } from './errors';
import { specById, type TlInstrumentSpec } from './instruments';
import { decimalField, idField, stringField, type Json } from './json';
import type { TlProtection, TlProtectionType } from './state';
import type { OrderChanges, PlaceOrder } from './venue';

/** strategyId: "Arbitrary string (up to 31 chars)" in the place-order reference. */
const STRATEGY_ID_MAX = 31;

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: TlError };
const fail = <T>(error: TlError): Checked<T> => ({ ok: false, error });

/**
 * POST /trade/accounts/{accountId}/orders, checked as strictly as TradeLocker documents it: qty, routeId,
 * side, validity, type and tradableInstrumentId are mandatory; validity (TIF) is IOC for market and GTC for
 * limit and stop; a stop order needs stopPrice; SL/TP come with their type. Broker rules (tick, lot step,
 * minimum and maximum lot) are refusals (HTTP 200, s: error), as the broker gives them.
 */
export function checkPlaceOrder(body: Json): Checked<PlaceOrder> {
  for (const field of ['qty', 'routeId', 'side', 'validity', 'type', 'tradableInstrumentId']) {
    if (body[field] === undefined || body[field] === null) return fail(badRequest(`Missing required field: ${field}`));
  }
  const spec = specById(idField(body['tradableInstrumentId']) ?? '');
  if (spec === undefined) return fail(TL_ERRORS.instrumentNotFound);
  const routeId = idField(body['routeId']);
  if (routeId !== String(spec.tradeRouteId)) return fail(TL_ERRORS.routeNotFound);
  const side = body['side'];
  if (side !== 'buy' && side !== 'sell') return fail(badRequest('Invalid side: expected buy or sell'));
  const type = body['type'];
  if (type !== 'market' && type !== 'limit' && type !== 'stop') return fail(badRequest('Invalid type: expected market, limit or stop'));
  const validity = body['validity'] === 'IOC' ? 'IOC' : body['validity'] === 'GTC' ? 'GTC' : undefined;
  if (type === 'market' && validity !== 'IOC') return fail(badRequest('Invalid TIF: market orders must be IOC'));
  if (type !== 'market' && validity !== 'GTC') return fail(badRequest('Invalid TIF: limit and stop orders must be GTC'));
  if (validity === undefined) return fail(badRequest('Invalid TIF: expected IOC or GTC'));
  const lots = decimalField(body['qty']);
  if (lots === undefined) return fail(badRequest('Invalid qty: expected a number'));
  const price = decimalField(body['price']);
  const stopPrice = decimalField(body['stopPrice']);
  if (type === 'limit' && (price === undefined || !price.isPositive())) return fail(badRequest('Invalid price: a limit order needs a positive price'));
  if (type === 'stop' && (stopPrice === undefined || !stopPrice.isPositive())) return fail(badRequest('Invalid stopPrice: a stop order needs a positive stopPrice'));
  const strategyId = body['strategyId'] === null ? undefined : stringField(body['strategyId']);
  if (body['strategyId'] !== undefined && body['strategyId'] !== null && (strategyId === undefined || strategyId.length > STRATEGY_ID_MAX)) {
    return fail(badRequest(`Invalid strategyId: expected a string of at most ${STRATEGY_ID_MAX} characters`));
  }
  const stopLoss = protection(body, 'stopLoss', ['absolute', 'offset', 'trailingOffset']);
  if (!stopLoss.ok) return stopLoss;
  const takeProfit = protection(body, 'takeProfit', ['absolute', 'offset']);
  if (!takeProfit.ok) return takeProfit;
  const rules = brokerRules(spec, lots, type === 'limit' ? price : type === 'stop' ? stopPrice : undefined);
  if (rules !== undefined) return fail(rules);
  return {
    ok: true,
    value: {
      spec, routeId, side, type, validity, lots,
      ...(type === 'limit' && price !== undefined ? { price } : {}),
      ...(type === 'stop' && stopPrice !== undefined ? { stopPrice } : {}),
      ...(strategyId === undefined ? {} : { strategyId }),
      ...(stopLoss.value === undefined ? {} : { stopLoss: stopLoss.value }),
      ...(takeProfit.value === undefined ? {} : { takeProfit: takeProfit.value }),
    },
  };
}

/** PATCH /trade/orders/{orderId}: any of qty, price, stopPrice, stopLoss(+Type), takeProfit(+Type). */
export function checkOrderChanges(body: Json, spec: TlInstrumentSpec): Checked<OrderChanges> {
  const lots = body['qty'] === undefined ? undefined : decimalField(body['qty']);
  if (body['qty'] !== undefined && lots === undefined) return fail(badRequest('Invalid qty: expected a number'));
  const price = body['price'] === undefined ? undefined : decimalField(body['price']);
  if (body['price'] !== undefined && price === undefined) return fail(badRequest('Invalid price: expected a number'));
  const stopPrice = body['stopPrice'] === undefined ? undefined : decimalField(body['stopPrice']);
  if (body['stopPrice'] !== undefined && stopPrice === undefined) return fail(badRequest('Invalid stopPrice: expected a number'));
  if (body['validity'] !== undefined && body['validity'] !== 'GTC') return fail(badRequest('Invalid TIF: limit and stop orders must be GTC'));
  const stopLoss = protection(body, 'stopLoss', ['absolute', 'offset', 'trailingOffset']);
  if (!stopLoss.ok) return stopLoss;
  const takeProfit = protection(body, 'takeProfit', ['absolute', 'offset']);
  if (!takeProfit.ok) return takeProfit;
  const rules = brokerRules(spec, lots, price ?? stopPrice);
  if (rules !== undefined) return fail(rules);
  return {
    ok: true,
    value: {
      ...(lots === undefined ? {} : { lots }),
      ...(price === undefined ? {} : { price }),
      ...(stopPrice === undefined ? {} : { stopPrice }),
      ...(stopLoss.value === undefined ? {} : { stopLoss: stopLoss.value }),
      ...(takeProfit.value === undefined ? {} : { takeProfit: takeProfit.value }),
    },
  };
}

/** The instrument's trading rules, in the broker's words. */
export function brokerRules(spec: TlInstrumentSpec, lots: Decimal | undefined, price: Decimal | undefined): TlError | undefined {
  if (lots !== undefined) {
    if (!lots.isPositive()) return refusal('Invalid quantity: must be positive');
    if (lots.lt(Decimal.parse(spec.minLot))) return refusal(`Invalid quantity: less than the minimum lot ${spec.minLot}`);
    if (lots.gt(Decimal.parse(spec.maxLot))) return refusal(`Invalid quantity: more than the maximum lot ${spec.maxLot}`);
    if (!lots.isMultipleOf(Decimal.parse(spec.lotStep))) return refusal(`Invalid quantity: not a multiple of the lot step ${spec.lotStep}`);
  }
  if (price !== undefined && !price.isMultipleOf(Decimal.parse(spec.tickSize))) return refusal(`Invalid price: not a multiple of the tick size ${spec.tickSize}`);
  return undefined;
}

function protection(body: Json, field: 'stopLoss' | 'takeProfit', types: readonly TlProtectionType[]): Checked<TlProtection | undefined> {
  const raw = body[field];
  const rawType = body[`${field}Type`];
  if ((raw === undefined || raw === null) && (rawType === undefined || rawType === null)) return { ok: true, value: undefined };
  const value = decimalField(raw);
  if (value === undefined || !value.isPositive()) return fail(badRequest(`Invalid ${field}: expected a positive number`));
  if (typeof rawType !== 'string' || !types.includes(rawType as TlProtectionType)) return fail(badRequest(`Invalid ${field}Type: expected one of ${types.join(', ')}`));
  return { ok: true, value: { value: value.toString(), type: rawType as TlProtectionType } };
}
