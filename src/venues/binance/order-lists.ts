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
