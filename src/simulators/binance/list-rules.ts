import type { Decimal } from '../../core';
import { Decimal as D } from '../../core';
import type { WireError } from './auth';
import { rejected } from './validation';

/**
 * Binance's refusals of a malformed order list, as errors.md lists them: the simulator is as strict as the
 * venue, so an adapter that builds a list wrongly fails here as it would there.
 */
const OCO_LEG_TYPES: ReadonlySet<string> = new Set(['STOP_LOSS', 'STOP_LOSS_LIMIT', 'LIMIT_MAKER', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT']);
const WORKING_TYPES: ReadonlySet<string> = new Set(['LIMIT', 'LIMIT_MAKER']);

const TYPE_NOT_IN_OCO: WireError = { status: 400, code: -1158, msg: 'Order type not supported in OCO.' };
const BUY_LIMIT_BELOW: WireError = { status: 400, code: -1165, msg: 'A limit order in a buy OCO must be below.' };
const SELL_LIMIT_ABOVE: WireError = { status: 400, code: -1166, msg: 'A limit order in a sell OCO must be above.' };
const ONE_CONTINGENT: WireError = { status: 400, code: -1168, msg: 'At least one OCO order must be contingent.' };
const PRICE_RELATIONSHIP = rejected('The relationship of the prices for the orders is not correct.');
const BAD_ORDER_TYPE: WireError = { status: 400, code: -1116, msg: 'Invalid orderType.' };

/** One leg of an OCO pair: its wire type and the level it sits at (the limit price, or the stop price). */
export interface OcoLeg {
  readonly type: string;
  readonly price: string | undefined;
  readonly stopPrice: string | undefined;
}

/**
 * An OCO pair (orderList/oco's above/below legs, or the pending pair of an OTOCO): supported types, one
 * contingent leg at least, the limit on the side Binance requires, and, against the market when given,
 * the above leg above it and the below leg below it.
 */
export function checkOcoPair(side: string, above: OcoLeg, below: OcoLeg, reference: Decimal | undefined): WireError | undefined {
  if (!OCO_LEG_TYPES.has(above.type) || !OCO_LEG_TYPES.has(below.type)) return TYPE_NOT_IN_OCO;
  if (above.type === 'LIMIT_MAKER' && below.type === 'LIMIT_MAKER') return ONE_CONTINGENT;
  if (side === 'BUY' && above.type === 'LIMIT_MAKER') return BUY_LIMIT_BELOW;
  if (side === 'SELL' && below.type === 'LIMIT_MAKER') return SELL_LIMIT_ABOVE;
  if (reference === undefined) return undefined;
  const level = (leg: OcoLeg) => parseLevel(leg.type === 'LIMIT_MAKER' ? leg.price : (leg.stopPrice ?? leg.price));
  const high = level(above);
  const low = level(below);
  if (high === undefined || low === undefined) return undefined;
  return high.gt(reference) && low.lt(reference) ? undefined : PRICE_RELATIONSHIP;
}

/** OTO/OTOCO: the working order rests on the book, so it is a LIMIT or a LIMIT_MAKER (rest-api.md). */
export function checkWorkingType(type: string | undefined): WireError | undefined {
  return type !== undefined && WORKING_TYPES.has(type) ? undefined : BAD_ORDER_TYPE;
}

function parseLevel(value: string | undefined): Decimal | undefined {
  if (value === undefined) return undefined;
  try {
    return D.parse(value);
  } catch {
    return undefined;
  }
}

/** A pending leg's executionReport when its list ends before the leg went on the book (user-data-stream.md). */
export function pendingLegEnded(
  params: ReadonlyMap<string, string>,
  wireOrderId: number,
  orderListId: number,
  status: 'CANCELED' | 'EXPIRED',
  now: number,
): Record<string, unknown> {
  const zero = '0.00000000';
  return {
    e: 'executionReport', E: now, s: params.get('symbol') ?? '', c: params.get('newClientOrderId') ?? '',
    S: params.get('side') ?? '', o: params.get('type') ?? '', f: params.get('timeInForce') ?? 'GTC',
    q: params.get('quantity') ?? zero, p: params.get('price') ?? zero, P: params.get('stopPrice') ?? zero, F: zero,
    g: orderListId, C: '', x: status, X: status, r: 'NONE', i: wireOrderId, l: zero, z: zero, L: zero, n: '0',
    N: null, T: now, t: -1, I: now, w: false, m: false, M: false, O: now, Z: zero, Y: zero, Q: zero, W: now, V: 'NONE',
  };
}
