import { Decimal } from '../../core/money/decimal';
import type { OrderRequest } from '../../core/orders/types';
import { ORDER_TYPE_TO_IB, TIME_IN_FORCE_TO_IB } from './enums';
import type { IbInstrument } from './instruments';
import type { PlaceOrderFields } from './socket/encoder';

/** Why TWS could not take the request as it stands, naming the field and the rule; undefined when it can. */
export function placeRefusal(request: OrderRequest, instrument: IbInstrument): { readonly field: string; readonly reason: string } | undefined {
  if (request.type === 'trailing-limit') {
    if (request.trailingOffset === undefined) return { field: 'trailingOffset', reason: 'a trailing-limit order needs a trailing offset (TWS auxPrice or trailingPercent)' };
    const offset = request.limitOffset;
    if (offset === undefined) return { field: 'limitOffset', reason: 'a trailing-limit order needs limitOffset, the limit distance beyond the stop (TWS lmtPriceOffset)' };
    const tick = instrument.instrument.priceIncrement;
    if (offset.isNegative() || !offset.isMultipleOf(tick)) return { field: 'limitOffset', reason: `limitOffset must be zero or more and a multiple of ${tick.toString()}, found ${offset.toString()}` };
  } else if (request.limitOffset !== undefined) {
    return { field: 'limitOffset', reason: `limitOffset applies to trailing-limit orders only, found type ${request.type}` };
  }
  // TWS: "OPG is valid only for MKT and LMT orders" (market- and limit-on-open).
  if (request.timeInForce === 'OPG' && request.type !== 'market' && request.type !== 'limit') {
    return { field: 'timeInForce', reason: `OPG applies to market and limit orders only, found type ${request.type}` };
  }
  return undefined;
}

const trailing = (type: OrderRequest['type']): boolean => type === 'trailing-stop' || type === 'trailing-limit';

/**
 * An engine order as TWS placeOrder fields. Trailing orders send a price distance as auxPrice (the trailing
 * amount) or basis points as trailingPercent; a trailing limit adds lmtPriceOffset, and its triggerPrice, when
 * given, is the initial stop (trailStopPrice).
 */
export function placeFields(request: OrderRequest, instrument: IbInstrument, orderId: number): PlaceOrderFields {
  const offset = request.trailingOffset;
  const isTrailing = trailing(request.type);
  const aux = isTrailing ? (offset?.kind === 'price' ? offset.value.toString() : '') : (request.triggerPrice?.toString() ?? '');
  const contingency = request.contingency;
  return {
    orderId, contract: instrument.contract, action: request.side === 'buy' ? 'BUY' : 'SELL', totalQuantity: request.quantity.toString(),
    orderType: ORDER_TYPE_TO_IB[request.type], lmtPrice: request.type === 'trailing-limit' ? '' : (request.price?.toString() ?? ''), auxPrice: aux,
    tif: TIME_IN_FORCE_TO_IB[request.timeInForce],
    ocaGroup: contingency?.type === 'OCO' ? contingency.listId : '', ocaType: contingency?.type === 'OCO' ? 1 : 0, account: request.accountId, orderRef: '',
    transmit: true, parentId: 0, displaySize: request.displayQuantity?.toString() ?? '', outsideRth: request.outsideRth === true,
    goodTillDate: request.timeInForce === 'GTD' && request.expireAt !== undefined ? twsUtc(request.expireAt) : '',
    trailStopPrice: request.type === 'trailing-limit' ? (request.triggerPrice?.toString() ?? '') : '',
    trailingPercent: isTrailing && offset?.kind === 'basis-points' ? offset.value.div(Decimal.fromInteger(100), 4, 'half-even').normalize().toString() : '',
    lmtPriceOffset: request.type === 'trailing-limit' ? (request.limitOffset?.toString() ?? '') : '',
  };
}

function twsUtc(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC`;
}
