import type { VenueOrderSubmission } from '../../core/ports/venue';
import type { ParamValue } from './credentials';
import { SIDE_TO_WIRE } from './enums';
import type { BinanceRestApi } from './http/endpoints';
import { isRefusal, newOrderParams, type LocalRefusal } from './parse/order-params';
import type { WireOrderList } from './parse/wire';
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
  const limitParams = legParams(limitPosition, symbol, limit, perLeg);
  if (isRefusal(stopParams)) return stopParams;
  if (isRefusal(limitParams)) return limitParams;
  return api.newOtoco([...list, ...limitParams, ...stopParams]);
}
