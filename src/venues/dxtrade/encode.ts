import { stringify } from 'lossless-json';

import { TmtError } from '../../core/errors';
import { Decimal } from '../../core/money/decimal';
import type { Price } from '../../core/money/price';
import type { OrderRequest } from '../../core/orders/types';
import { SIDE_TO_WIRE, TYPE_TO_WIRE } from './enums';
import { symbolOf } from './symbols';

/** A Single Order Request (REST spec), with Decimals for its numbers. */
export type SingleOrderRequest = Record<string, string | Decimal>;

/** JSON text with every Decimal written as a plain JSON number, as DXtrade's "Number" type wants. */
export function exactJson(value: unknown): string {
  return stringify(value, undefined, undefined, [{ test: (v: unknown) => v instanceof Decimal, stringify: (v: unknown) => (v as Decimal).toString() }]) ?? 'null';
}

/** The order as DXtrade's Single Order Request: `orderCode` is the client id, quantity in units. */
export function singleOrderRequest(account: string, orderCode: string, order: OrderRequest, overrides: { quantity?: Decimal } = {}): SingleOrderRequest {
  const type = TYPE_TO_WIRE[order.type];
  if (type === undefined) throw new TmtError('VENUE_UNSUPPORTED', `DXtrade has no ${order.type} orders (it takes market, limit, stop and stop-limit)`, { field: 'type' });
  if (order.postOnly) throw new TmtError('VENUE_UNSUPPORTED', 'DXtrade has no post-only orders', { field: 'postOnly' });
  if (order.displayQuantity !== undefined) throw new TmtError('VENUE_UNSUPPORTED', 'DXtrade has no iceberg orders', { field: 'displayQuantity' });
  const body: SingleOrderRequest = {
    account, orderCode, type, instrument: symbolOf(order.instrumentId), quantity: overrides.quantity ?? order.quantity,
    positionEffect: order.reduceOnly ? 'CLOSE' : 'OPEN', side: SIDE_TO_WIRE[order.side], tif: order.timeInForce,
  };
  if (type === 'LIMIT' || type === 'STOP_LIMIT') body['limitPrice'] = required(order.price, 'price', order.type);
  if (type === 'STOP' || type === 'STOP_LIMIT') body['stopPrice'] = required(order.triggerPrice, 'triggerPrice', order.type);
  if (order.timeInForce === 'GTD') {
    if (order.expireAt === undefined) throw new TmtError('VENUE_UNSUPPORTED', 'a GTD order needs expireAt', { field: 'expireAt' });
    body['expireDate'] = new Date(order.expireAt).toISOString();
  }
  return body;
}

function required(price: Price | undefined, field: string, type: string): Price {
  if (price === undefined) throw new TmtError('VENUE_UNSUPPORTED', `a ${type} order needs ${field}`, { field });
  return price;
}

/**
 * An entry with its stop-loss and take-profit as DXtrade's IF-THEN group: the entry first (the parent), then
 * the protection orders (closing orders on the other side, for the entry's quantity), which DXtrade issues
 * once the entry completes and which cancel each other (OCO) once one of them trades.
 */
export function protectedEntry(account: string, orderCode: string, order: OrderRequest): { contingencyType: 'IF-THEN'; orders: SingleOrderRequest[] } | undefined {
  const attached = order.attached;
  if (attached === undefined || (attached.stopLoss === undefined && attached.takeProfit === undefined)) return undefined;
  if (attached.trailingStop !== undefined) throw new TmtError('VENUE_UNSUPPORTED', 'DXtrade protection orders have no trailing stop here', { field: 'attached.trailingStop' });
  const exit = SIDE_TO_WIRE[order.side === 'buy' ? 'sell' : 'buy'];
  const instrument = symbolOf(order.instrumentId);
  const orders: SingleOrderRequest[] = [singleOrderRequest(account, orderCode, order)];
  const protection = (suffix: string, fields: SingleOrderRequest): SingleOrderRequest => ({
    account, orderCode: `${orderCode}${suffix}`, instrument, quantity: order.quantity, positionEffect: 'CLOSE', side: exit, tif: 'GTC', ...fields,
  });
  if (attached.stopLoss !== undefined) orders.push(protection('-SL', { type: 'STOP', stopPrice: attached.stopLoss.triggerPrice }));
  if (attached.takeProfit !== undefined) orders.push(protection('-TP', { type: 'LIMIT', limitPrice: attached.takeProfit.price }));
  return { contingencyType: 'IF-THEN', orders };
}
