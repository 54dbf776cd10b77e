import type { OrderType, TimeInForce } from '../../core/orders/types';
import { Decimal } from '../../core/money/decimal';
import type { TrailingOffset } from '../../core/orders/types';
import type { PlaceOrderRequest } from './place-order';
import type { IbContractSpec } from './instruments';
import { parseTwsTime } from './wire-format';

/** An answer TWS gives through the error message: the code and text as TWS writes them. */
export interface IbReject {
  readonly code: number;
  readonly message: string;
}

export const reject = (code: number, message: string): IbReject => ({ code, message });

/** TWS order types the simulator matches, and the matching engine's type for each. */
const ORDER_TYPES: Readonly<Record<string, OrderType>> = {
  MKT: 'market', LMT: 'limit', STP: 'stop-market', 'STP LMT': 'stop-limit', TRAIL: 'trailing-stop', 'TRAIL LIMIT': 'trailing-limit',
  MIT: 'market-if-touched', LIT: 'limit-if-touched',
};

/**
 * The matching engine's time in force. The simulator runs no opening auction: an OPG order (MKT or LMT only, as
 * TWS checks) works as a DAY order from arrival, and keeps OPG in openOrder.
 */
const TIME_IN_FORCE: Readonly<Record<string, TimeInForce>> = { DAY: 'DAY', GTC: 'GTC', IOC: 'IOC', GTD: 'GTD', FOK: 'FOK', OPG: 'DAY' };

export interface EngineTerms {
  readonly type: OrderType;
  readonly side: 'buy' | 'sell';
  readonly timeInForce: TimeInForce;
  readonly price?: Decimal;
  readonly triggerPrice?: Decimal;
  readonly trailingOffset?: TrailingOffset;
  readonly limitOffset?: Decimal;
  readonly expireAt?: number;
}

/**
 * The order's terms in matching-engine words, or TWS's rejection. TRAIL LIMIT trails by auxPrice (or
 * trailingPercent) and, once its stop is hit, works a limit lmtPriceOffset beyond the stop.
 */
export function engineTerms(request: PlaceOrderRequest, spec: IbContractSpec): EngineTerms | IbReject {
  const type = ORDER_TYPES[request.orderType];
  if (type === undefined) return reject(387, `Unsupported order type for this exchange and security type.`);
  if (request.action !== 'BUY' && request.action !== 'SELL') return reject(201, `Order rejected - reason:Invalid action ${JSON.stringify(request.action)}: expected BUY or SELL`);
  const tif = TIME_IN_FORCE[request.tif === '' ? 'DAY' : request.tif];
  if (tif === undefined) return reject(201, `Order rejected - reason:Invalid time in force ${JSON.stringify(request.tif)}`);
  if (request.tif === 'OPG' && type !== 'market' && type !== 'limit') return reject(201, 'Order rejected - reason:OPG is valid only for MKT and LMT orders');
  if (request.tif === 'FOK' && spec.secType !== 'STK') return reject(201, 'Order rejected - reason:FOK is not supported for this contract');
  if (request.totalQuantity === undefined || !request.totalQuantity.isPositive()) return reject(434, 'The order size cannot be zero.');
  const tick = spec.minTick;
  const side = request.action === 'BUY' ? 'buy' : 'sell';
  const needsLimit = type === 'limit' || type === 'stop-limit' || type === 'limit-if-touched';
  const needsAux = type === 'stop-market' || type === 'stop-limit' || type === 'market-if-touched' || type === 'limit-if-touched';
  if (needsLimit && request.lmtPrice === undefined) return reject(201, 'Order rejected - reason:Limit price is missing');
  if (needsAux && request.auxPrice === undefined) return reject(201, 'Order rejected - reason:Stop price is missing');
  for (const value of [needsLimit ? request.lmtPrice : undefined, needsAux ? request.auxPrice : undefined]) {
    if (value !== undefined && !value.isMultipleOf(Decimal.parse(tick))) {
      return reject(110, 'The price does not conform to the minimum price variation for this contract.');
    }
  }
  let trailingOffset: TrailingOffset | undefined;
  let limitOffset: Decimal | undefined;
  if (type === 'trailing-limit') {
    // TWS takes the limit as an offset from the stop (lmtPriceOffset), or as lmtPrice with trailStopPrice.
    limitOffset = request.lmtPriceOffset ?? (request.lmtPrice !== undefined && request.trailStopPrice !== undefined ? request.lmtPrice.sub(request.trailStopPrice).abs() : undefined);
    if (limitOffset === undefined) return reject(201, 'Order rejected - reason:Trailing limit orders need lmtPriceOffset (or lmtPrice with trailStopPrice)');
    if (limitOffset.isNegative() || !limitOffset.isMultipleOf(Decimal.parse(tick))) return reject(110, 'The price does not conform to the minimum price variation for this contract.');
  }
  if (type === 'trailing-stop' || type === 'trailing-limit') {
    if (request.trailingPercent !== undefined) trailingOffset = { kind: 'basis-points', value: request.trailingPercent.mul(Decimal.fromInteger(100)) };
    else if (request.auxPrice !== undefined && request.auxPrice.isPositive()) trailingOffset = { kind: 'price', value: request.auxPrice };
    else return reject(201, 'Order rejected - reason:Trailing amount or trailing percent is missing');
  }
  let expireAt: number | undefined;
  if (request.tif === 'GTD') {
    expireAt = request.goodTillDate === '' ? undefined : parseTwsTime(request.goodTillDate);
    if (expireAt === undefined) return reject(201, `Order rejected - reason:goodTillDate must be yyyyMMdd HH:mm:ss (UTC), found ${JSON.stringify(request.goodTillDate)}`);
  }
  return {
    type, side, timeInForce: tif,
    ...(needsLimit && request.lmtPrice !== undefined ? { price: request.lmtPrice } : {}),
    ...(needsAux && request.auxPrice !== undefined ? { triggerPrice: request.auxPrice } : {}),
    ...(trailingOffset === undefined ? {} : { trailingOffset }),
    ...(limitOffset === undefined ? {} : { limitOffset }),
    ...(expireAt === undefined ? {} : { expireAt }),
  };
}

export const isReject = (value: unknown): value is IbReject => typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
