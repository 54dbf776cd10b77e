import { Decimal, type OrderSide, type OrderType, type TimeInForce } from '../../core';
import type { WireError } from './auth';
import { checkPercentPrice, type AveragePrices } from './avg-price';
import type { SimSymbol } from './symbols';

export type Params = ReadonlyMap<string, string>;

export const mandatory = (name: string): WireError => ({ status: 400, code: -1102, msg: `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.` });
export const notRequired = (name: string): WireError => ({ status: 400, code: -1106, msg: `Parameter '${name}' sent when not required.` });
export const filterFailure = (filter: string): WireError => ({ status: 400, code: -1013, msg: `Filter failure: ${filter}` });
export const rejected = (msg: string): WireError => ({ status: 400, code: -2010, msg });
export const BAD_SYMBOL: WireError = { status: 400, code: -1121, msg: 'Invalid symbol.' };

const CLIENT_ID = /^[.A-Za-z0-9:/_-]{1,36}$/;
const WIRE_TYPES = ['LIMIT', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT', 'LIMIT_MAKER'] as const;
export type WireType = (typeof WIRE_TYPES)[number];

/** A new order as the simulator read it from the wire, before the book sees it. */
export interface ParsedOrder {
  readonly symbol: SimSymbol;
  readonly side: OrderSide;
  readonly wireType: WireType;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly wireTimeInForce: string;
  readonly quantity?: Decimal;
  readonly quoteOrderQty?: Decimal;
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
  readonly trailingDelta?: number;
  readonly icebergQty?: Decimal;
  readonly newClientOrderId?: string;
  readonly newOrderRespType: 'ACK' | 'RESULT' | 'FULL';
  readonly selfTradePreventionMode: string;
}

function decimalParam(params: Params, name: string): Decimal | WireError | undefined {
  const text = params.get(name);
  if (text === undefined || text === '') return undefined;
  const value = Decimal.tryParse(text);
  if (value === undefined || value.isNegative()) return { status: 400, code: -1100, msg: `Illegal characters found in parameter '${name}'; legal range is '^([0-9]{1,20})(\\.[0-9]{1,20})?$'.` };
  if (value.normalize().scale > 8) return { status: 400, code: -1111, msg: `Parameter '${name}' has too much precision.` };
  return value;
}

function isError(value: unknown): value is WireError {
  return typeof value === 'object' && value !== null && 'code' in value && 'msg' in value;
}

/** Reads POST /api/v3/order (and order.place) parameters with Binance's codes for each mistake. */
export function parseNewOrder(params: Params, symbols: ReadonlyMap<string, SimSymbol>): ParsedOrder | WireError {
  const symbolName = params.get('symbol');
  if (symbolName === undefined || symbolName === '') return mandatory('symbol');
  const symbol = symbols.get(symbolName);
  if (symbol === undefined) return BAD_SYMBOL;
  const sideText = params.get('side');
  if (sideText === undefined) return mandatory('side');
  if (sideText !== 'BUY' && sideText !== 'SELL') return { status: 400, code: -1117, msg: 'Invalid side.' };
  const typeText = params.get('type');
  if (typeText === undefined) return mandatory('type');
  if (!(WIRE_TYPES as readonly string[]).includes(typeText)) return { status: 400, code: -1116, msg: 'Invalid orderType.' };
  const wireType = typeText as WireType;
  const values: Record<string, Decimal | undefined> = {};
  for (const name of ['quantity', 'quoteOrderQty', 'price', 'stopPrice', 'icebergQty']) {
    const value = decimalParam(params, name);
    if (isError(value)) return value;
    values[name] = value;
  }
  const trailingText = params.get('trailingDelta');
  const trailingDelta = trailingText === undefined ? undefined : Number(trailingText);
  if (trailingDelta !== undefined && !Number.isSafeInteger(trailingDelta)) return { status: 400, code: -1100, msg: "Illegal characters found in parameter 'trailingDelta'; legal range is '^[0-9]{1,20}$'." };
  const tif = params.get('timeInForce');
  const needsTif = wireType === 'LIMIT' || wireType === 'STOP_LOSS_LIMIT' || wireType === 'TAKE_PROFIT_LIMIT';
  if (needsTif && tif === undefined) return mandatory('timeInForce');
  if (!needsTif && tif !== undefined && wireType !== 'LIMIT_MAKER') return notRequired('timeInForce');
  if (tif !== undefined && tif !== 'GTC' && tif !== 'IOC' && tif !== 'FOK') return { status: 400, code: -1115, msg: 'Invalid timeInForce.' };
  const needsPrice = wireType !== 'MARKET' && wireType !== 'STOP_LOSS' && wireType !== 'TAKE_PROFIT';
  if (needsPrice && values.price === undefined) return mandatory('price');
  const conditional = wireType.startsWith('STOP_LOSS') || wireType.startsWith('TAKE_PROFIT');
  if (conditional && values.stopPrice === undefined && trailingDelta === undefined) {
    return { status: 400, code: -1102, msg: "Param 'stopPrice' or 'trailingDelta' must be sent, but both were empty/null!" };
  }
  if (wireType === 'MARKET') {
    if (values.quantity === undefined && values.quoteOrderQty === undefined) {
      return { status: 400, code: -1102, msg: "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!" };
    }
    if (values.quantity !== undefined && values.quoteOrderQty !== undefined) return { status: 400, code: -1106, msg: "Parameter 'quoteOrderQty' sent when not required." };
  } else if (values.quantity === undefined) return mandatory('quantity');
  const clientId = params.get('newClientOrderId');
  if (clientId !== undefined && !CLIENT_ID.test(clientId)) {
    return { status: 400, code: -1100, msg: "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[\\.A-Z\\:/a-z0-9_-]{1,36}$'." };
  }
  if (values.icebergQty !== undefined && (tif ?? 'GTC') !== 'GTC') return rejected('Unsupported order combination');
  const respText = params.get('newOrderRespType');
  const defaultResp = wireType === 'MARKET' || wireType === 'LIMIT' ? 'FULL' : 'ACK';
  const newOrderRespType = respText === 'ACK' || respText === 'RESULT' || respText === 'FULL' ? respText : defaultResp;
  const type: OrderType =
    wireType === 'MARKET' ? 'market'
    : wireType === 'LIMIT' || wireType === 'LIMIT_MAKER' ? 'limit'
    : wireType === 'STOP_LOSS' ? (values.stopPrice === undefined ? 'trailing-stop' : 'stop-market')
    : wireType === 'STOP_LOSS_LIMIT' ? 'stop-limit'
    : wireType === 'TAKE_PROFIT' ? (values.stopPrice === undefined ? 'trailing-stop' : 'market-if-touched')
    : 'limit-if-touched';
  const timeInForce: TimeInForce = wireType === 'MARKET' ? 'IOC' : ((tif ?? 'GTC'));
  return {
    symbol,
    side: sideText === 'BUY' ? 'buy' : 'sell',
    wireType,
    type,
    timeInForce,
    wireTimeInForce: tif ?? 'GTC',
    newOrderRespType,
    // exchangeInfo's defaultSelfTradePreventionMode (stp.ts DEFAULT_STP_MODE) when none is sent.
    selfTradePreventionMode: params.get('selfTradePreventionMode') ?? 'EXPIRE_MAKER',
    ...(values.quantity === undefined ? {} : { quantity: values.quantity }),
    ...(values.quoteOrderQty === undefined ? {} : { quoteOrderQty: values.quoteOrderQty }),
    ...(values.price === undefined ? {} : { price: values.price }),
    ...(values.stopPrice === undefined ? {} : { stopPrice: values.stopPrice }),
    ...(trailingDelta === undefined ? {} : { trailingDelta }),
    ...(values.icebergQty === undefined ? {} : { icebergQty: values.icebergQty }),
    ...(clientId === undefined ? {} : { newClientOrderId: clientId }),
  };
}

/**
 * The symbol's filters (filters.md) in Binance's order of evaluation, with its exact messages.
 * `referencePrice` stands in for the average price a market order's notional is measured against.
 */
export function checkFilters(order: ParsedOrder, quantity: Decimal, referencePrice: Decimal | undefined, openOnSymbol: number, algoOnSymbol: number, averages?: AveragePrices): WireError | undefined {
  const s = order.symbol;
  const tick = Decimal.parse(s.tickSize);
  for (const price of [order.price, order.stopPrice]) {
    if (price === undefined) continue;
    if (price.lt(Decimal.parse(s.minPrice)) || price.gt(Decimal.parse(s.maxPrice)) || !price.isMultipleOf(tick)) return filterFailure('PRICE_FILTER');
  }
  const band = averages === undefined ? undefined : checkPercentPrice(s, order.side, order.price, averages);
  if (band !== undefined) return band;
  const isMarket = order.wireType === 'MARKET';
  if (!(isMarket && order.quoteOrderQty !== undefined)) {
    if (quantity.lt(Decimal.parse(s.minQty)) || quantity.gt(Decimal.parse(s.maxQty)) || !quantity.isMultipleOf(Decimal.parse(s.stepSize))) {
      return filterFailure('LOT_SIZE');
    }
    if (isMarket && quantity.gt(Decimal.parse(s.marketMaxQty))) return filterFailure('MARKET_LOT_SIZE');
  }
  if (order.icebergQty !== undefined) {
    if (order.icebergQty.gte(quantity)) return rejected('IcebergQty exceeds QTY.');
    const parts = quantity.div(order.icebergQty, 0, 'up');
    if (parts.gt(Decimal.fromInteger(10))) return filterFailure('ICEBERG_PARTS');
  }
  if (order.trailingDelta !== undefined && (order.trailingDelta < 10 || order.trailingDelta > 2000)) return filterFailure('TRAILING_DELTA');
  const notionalPrice = order.price ?? referencePrice;
  const notional = order.quoteOrderQty ?? (notionalPrice === undefined ? undefined : notionalPrice.mul(quantity));
  if (notional !== undefined) {
    if (notional.lt(Decimal.parse(s.minNotional))) return filterFailure('NOTIONAL');
    if (!isMarket && notional.gt(Decimal.parse(s.maxNotional))) return filterFailure('NOTIONAL');
  }
  if (openOnSymbol >= s.maxNumOrders) return filterFailure('MAX_NUM_ORDERS');
  if ((order.wireType.startsWith('STOP') || order.wireType.startsWith('TAKE')) && algoOnSymbol >= s.maxNumAlgoOrders) return filterFailure('MAX_NUM_ALGO_ORDERS');
  return undefined;
}
