import type { TmtError } from '../../core/errors/tmt-error';
import { VenueOrderId } from '../../core/identifiers';
import type { VenueOrderSubmission } from '../../core/ports/venue';
import type { ListSubmitResult, VenueListLeg, VenueListSubmission } from '../../core/ports/venue-lists';
import type { ParamValue } from './credentials';
import { SIDE_TO_WIRE } from './enums';
import type { BinanceRestApi } from './http/endpoints';
import { isRefusal, newOrderParams, type LocalRefusal } from './parse/order-params';
import { orderReport, type ReportContext } from './parse/reports';
import type { WireOrderList } from './parse/wire';
import { isVenueRejection, rejection } from './rejections';
import type { SymbolMap } from './symbols';

/**
 * A native OCO: a take-profit LIMIT_MAKER and a stop leg sent as one list, so the venue cancels one when the
 * other fills. Spot names the legs above/below (POST /api/v3/orderList/oco); Binance.US has the legacy form
 * (POST /api/v3/order/oco: price, stopPrice, stopLimitPrice). The profile decides which is sent.
 */
export async function submitOco(
  api: BinanceRestApi,
  symbols: SymbolMap,
  listClientOrderId: string,
  limitLeg: VenueOrderSubmission,
  stopLeg: VenueOrderSubmission,
): Promise<WireOrderList | LocalRefusal> {
  const symbol = symbols.symbol(limitLeg.request.instrumentId);
  const { request } = limitLeg;
  if (stopLeg.request.side !== request.side || !stopLeg.request.quantity.eq(request.quantity)) {
    return { code: 'VENUE_UNSUPPORTED', reason: 'both OCO legs must have the same side and quantity' };
  }
  if (request.price === undefined || stopLeg.request.triggerPrice === undefined) {
    return { code: 'VENUE_UNSUPPORTED', reason: 'an OCO needs a limit price on one leg and a trigger on the other' };
  }
  const head: [string, ParamValue][] = [
    ['symbol', symbol],
    ['side', SIDE_TO_WIRE[request.side]],
    ['quantity', request.quantity.toString()],
    ['listClientOrderId', listClientOrderId],
  ];
  if (api.profile.ocoEndpoint === '/api/v3/order/oco') {
    const legacy: [string, ParamValue][] = [...head, ['price', request.price.toString()], ['limitClientOrderId', limitLeg.venueClientOrderId], ['stopPrice', stopLeg.request.triggerPrice.toString()], ['stopClientOrderId', stopLeg.venueClientOrderId]];
    if (stopLeg.request.price !== undefined) legacy.push(['stopLimitPrice', stopLeg.request.price.toString()], ['stopLimitTimeInForce', 'GTC']);
    return api.newOco(legacy);
  }
  // A sell OCO has its limit above the market and its stop below; a buy OCO the other way round.
  const limitPosition = request.side === 'sell' ? 'above' : 'below';
  const stopPosition = request.side === 'sell' ? 'below' : 'above';
  const stopParams = newOrderParams(symbol, { ...stopLeg.request, type: stopLeg.request.price === undefined ? 'stop-market' : 'stop-limit' }, stopLeg.venueClientOrderId);
  if (isRefusal(stopParams)) return stopParams;
  const stopType = stopParams.find(([key]) => key === 'type')?.[1] ?? 'STOP_LOSS';
  const list: [string, ParamValue][] = [
    ...head,
    [`${limitPosition}Type`, 'LIMIT_MAKER'],
    [`${limitPosition}Price`, request.price.toString()],
    [`${limitPosition}ClientOrderId`, limitLeg.venueClientOrderId],
    [`${stopPosition}Type`, stopType],
    [`${stopPosition}StopPrice`, stopLeg.request.triggerPrice.toString()],
    [`${stopPosition}ClientOrderId`, stopLeg.venueClientOrderId],
  ];
  if (stopLeg.request.price !== undefined) list.push([`${stopPosition}Price`, stopLeg.request.price.toString()], [`${stopPosition}TimeInForce`, 'GTC']);
  return api.newOco(list);
}

const LEG_FIELDS: Readonly<Record<string, string>> = {
  type: 'Type',
  side: 'Side',
  quantity: 'Quantity',
  price: 'Price',
  stopPrice: 'StopPrice',
  timeInForce: 'TimeInForce',
  newClientOrderId: 'ClientOrderId',
  icebergQty: 'IcebergQty',
  trailingDelta: 'TrailingDelta',
};

/** One leg's order parameters renamed with a prefix (`working`, `pending`, `pendingAbove`...), as the list endpoints name them. */
function legParams(prefix: string, symbol: string, leg: VenueOrderSubmission, keep: (field: string) => boolean): [string, ParamValue][] | LocalRefusal {
  const params = newOrderParams(symbol, leg.request, leg.venueClientOrderId);
  if (isRefusal(params)) return params;
  const out: [string, ParamValue][] = [];
  for (const [key, value] of params) {
    const suffix = LEG_FIELDS[key];
    if (suffix !== undefined && keep(key)) out.push([`${prefix}${suffix}`, value]);
  }
  return out;
}

/**
 * OTO (POST /api/v3/orderList/oto) and OTOCO (/otoco): the working order rests; the pending order, or the
 * pending OCO pair (take-profit above, stop below for a sell), goes on the book once the working order fills.
 * Spot only (the Binance.US profile lists OCO alone).
 */
export async function submitOto(
  api: BinanceRestApi,
  symbols: SymbolMap,
  listClientOrderId: string,
  working: VenueOrderSubmission,
  pending: readonly VenueOrderSubmission[],
): Promise<WireOrderList | LocalRefusal> {
  if (!api.profile.orderLists.includes(pending.length === 2 ? 'OTOCO' : 'OTO')) {
    return { code: 'VENUE_UNSUPPORTED', reason: `${api.profile.venue} has no native ${pending.length === 2 ? 'OTOCO' : 'OTO'} lists` };
  }
  const symbol = symbols.symbol(working.request.instrumentId);
  const workingParams = legParams('working', symbol, working, () => true);
  if (isRefusal(workingParams)) return workingParams;
  const list: [string, ParamValue][] = [['symbol', symbol], ['listClientOrderId', listClientOrderId], ...workingParams];
  const [first, second] = pending;
  if (first === undefined) return { code: 'VENUE_UNSUPPORTED', reason: 'an OTO needs a pending order' };
  if (second === undefined) {
    const pendingParams = legParams('pending', symbol, first, () => true);
    if (isRefusal(pendingParams)) return pendingParams;
    return api.newOto([...list, ...pendingParams]);
  }
  list.push(['pendingSide', SIDE_TO_WIRE[first.request.side]], ['pendingQuantity', first.request.quantity.toString()]);
  // The leg with a trigger is the stop: below the market for a sell, above for a buy.
  const [stop, limit] = first.request.triggerPrice !== undefined ? [first, second] : [second, first];
  const stopPosition = first.request.side === 'sell' ? 'pendingBelow' : 'pendingAbove';
  const limitPosition = first.request.side === 'sell' ? 'pendingAbove' : 'pendingBelow';
  const perLeg = (field: string) => field !== 'side' && field !== 'quantity';
  const stopParams = legParams(stopPosition, symbol, stop, perLeg);
  // The pending OCO pair takes LIMIT_MAKER, never a plain LIMIT (pendingAboveType/pendingBelowType, rest-api.md).
  const limitParams = legParams(limitPosition, symbol, limit.request.type === 'limit' ? { ...limit, request: { ...limit.request, postOnly: true } } : limit, perLeg);
  if (isRefusal(stopParams)) return stopParams;
  if (isRefusal(limitParams)) return limitParams;
  return api.newOtoco([...list, ...limitParams, ...stopParams]);
}

/**
 * The venue port's list verb: OCO through submitOco, OTO and OTOCO through submitOto, under the list's own
 * listClientOrderId and every leg's venue client id. A refusal names the leg's field in the engine's list
 * (`orders.<index>.<field>`), read from the parameter Binance names or from the rule its code stands for.
 */
export async function submitNativeList(api: BinanceRestApi, symbols: SymbolMap, list: VenueListSubmission, context: ReportContext): Promise<ListSubmitResult> {
  const [first, second] = list.legs;
  if (first === undefined || second === undefined) return { status: 'rejected', code: 'VENUE_UNSUPPORTED', reason: 'a list needs at least two orders', venueReason: 'local', field: 'orders' };
  const limitLeg = list.kind === 'OCO' ? (first.request.triggerPrice === undefined ? first : second) : undefined;
  const stopLeg = limitLeg === first ? second : first;
  let answer: WireOrderList | LocalRefusal;
  try {
    answer = list.kind === 'OCO' ? await submitOco(api, symbols, list.listClientOrderId, limitLeg ?? first, stopLeg) : await submitOto(api, symbols, list.listClientOrderId, first, list.legs.slice(1));
  } catch (error) {
    if (isVenueRejection(error)) {
      const field = fieldOfRefusal(error, list, limitLeg);
      return { ...rejection(error), ...(field === undefined ? {} : { field }) };
    }
    throw error;
  }
  if (isRefusal(answer)) return { status: 'rejected', code: answer.code, reason: answer.reason, venueReason: `local: ${answer.reason}`, field: `orders.${(limitLeg ?? first).index}` };
  const wire = answer;
  return {
    status: 'accepted',
    venueListId: String(wire.orderListId),
    legs: list.legs.map((leg) => {
      const listed = wire.orders.find((o) => o.clientOrderId === leg.venueClientOrderId);
      const shown = wire.orderReports.find((o) => o.clientOrderId === leg.venueClientOrderId);
      return {
        venueClientOrderId: leg.venueClientOrderId,
        ...(listed === undefined ? {} : { venueOrderId: VenueOrderId.of(String(listed.orderId)) }),
        ...(shown === undefined ? {} : { report: orderReport(shown, context) }),
      };
    }),
  };
}

/** Wire parameter suffixes as the engine's order fields. */
const FIELD_OF_SUFFIX: Readonly<Record<string, string>> = {
  Type: 'type', Side: 'side', Quantity: 'quantity', Price: 'price', StopPrice: 'triggerPrice', TimeInForce: 'timeInForce',
  ClientOrderId: 'clientOrderId', IcebergQty: 'displayQuantity', TrailingDelta: 'trailingOffset', StopLimitPrice: 'price',
};

/** Which of the engine's legs and fields a Binance list refusal is about. */
function fieldOfRefusal(error: TmtError, list: VenueListSubmission, limitLeg: VenueListLeg | undefined): string | undefined {
  const venueCode = Number(error.details.venueCode);
  const message = error.details.venueMessage ?? error.message;
  const limit = limitLeg ?? list.legs.find((leg) => leg.request.type === 'limit') ?? list.legs[0];
  // -1165/-1166: the limit leg on the wrong side; -1168: no contingent leg; -2010 on prices: their relationship.
  if (venueCode === -1165 || venueCode === -1166 || /relationship of the prices/i.test(message)) return limit === undefined ? undefined : `orders.${limit.index}.price`;
  if (venueCode === -1168 || venueCode === -1158) return limit === undefined ? undefined : `orders.${limit.index}.type`;
  const named = /[Pp]aram(?:eter)? '([A-Za-z]+)'/.exec(message)?.[1];
  if (named === undefined) return undefined;
  const match = /^(working|pendingAbove|pendingBelow|pending|above|below|limit|stop)([A-Z][A-Za-z]*)$/.exec(named);
  if (match === null) return `orders.${named}`;
  const [, prefix = '', suffix = ''] = match;
  const leg = legOfPrefix(prefix, list, limitLeg);
  return `orders.${leg?.index ?? 0}.${FIELD_OF_SUFFIX[suffix] ?? suffix}`;
}

function legOfPrefix(prefix: string, list: VenueListSubmission, limitLeg: VenueListLeg | undefined): VenueListLeg | undefined {
  const [first, ...rest] = list.legs;
  const stopOf = (legs: readonly VenueListLeg[]) => legs.find((leg) => leg.request.triggerPrice !== undefined);
  const limitOf = (legs: readonly VenueListLeg[]) => legs.find((leg) => leg.request.triggerPrice === undefined);
  const sell = (rest[0] ?? first)?.request.side === 'sell';
  switch (prefix) {
    case 'working':
      return first;
    case 'pending':
      return rest[0];
    case 'pendingAbove':
      return sell ? limitOf(rest) : stopOf(rest);
    case 'pendingBelow':
      return sell ? stopOf(rest) : limitOf(rest);
    case 'limit':
      return limitLeg;
    case 'stop':
      return list.legs.find((leg) => leg !== limitLeg);
    default:
      // above/below of a spot OCO: the limit sits above for a sell, below for a buy.
      return (prefix === 'above') === (first?.request.side === 'sell') ? limitLeg : list.legs.find((leg) => leg !== limitLeg);
  }
}
