import type { Decimal } from '../../../core/money/decimal';
import { FieldCursor } from './fields';
import type { IbWireContract } from './messages';

export interface IbContractDetailsMessage {
  readonly reqId: number;
  readonly contract: IbWireContract & { readonly primaryExch: string };
  readonly minTick: Decimal;
  readonly orderTypes: string;
  readonly longName: string;
  readonly timeZoneId: string;
  readonly tradingHours: string;
  readonly liquidHours: string;
  readonly minSize: Decimal | undefined;
  readonly sizeIncrement: Decimal | undefined;
}

/** CONTRACT_DATA (no version field since SIZE_RULES; no lastTradeDate before 182). */
export function decodeContractDetails(fields: readonly string[]): IbContractDetailsMessage {
  const r = new FieldCursor(fields, 1);
  const reqId = r.int('reqId');
  const symbol = r.str('symbol');
  const secType = r.str('secType');
  r.skip(3); // lastTradeDateOrContractMonth, strike, right
  const exchange = r.str('exchange');
  const currency = r.str('currency');
  const localSymbol = r.str('localSymbol');
  r.skip(2); // marketName, tradingClass
  const conId = r.int('conId');
  const minTick = r.requiredDecimal('minTick');
  r.skip(1); // multiplier
  const orderTypes = r.str('orderTypes');
  r.skip(3); // validExchanges, priceMagnifier, underConId
  const longName = r.str('longName');
  const primaryExch = r.str('primaryExch');
  r.skip(4); // contractMonth, industry, category, subcategory
  const timeZoneId = r.str('timeZoneId');
  const tradingHours = r.str('tradingHours');
  const liquidHours = r.str('liquidHours');
  r.skip(2); // evRule, evMultiplier
  const secIds = r.int('secIdListCount');
  r.skip(secIds * 2 + 1 + 2 + 1 + 1 + 1); // secIdList, aggGroup, underSymbol, underSecType, marketRuleIds, realExpirationDate, stockType
  const minSize = r.decimal('minSize');
  const sizeIncrement = r.decimal('sizeIncrement');
  return { reqId, contract: { conId, symbol, secType, exchange, currency, localSymbol, primaryExch }, minTick, orderTypes, longName, timeZoneId, tradingHours, liquidHours, minSize, sizeIncrement };
}

export interface IbPositionMessage {
  readonly account: string;
  readonly contract: IbWireContract;
  readonly position: Decimal;
  readonly averageCost: Decimal | undefined;
}

export function decodePosition(fields: readonly string[]): IbPositionMessage {
  const r = new FieldCursor(fields, 2);
  const account = r.str('account');
  const conId = r.int('contract.conId');
  const symbol = r.str('contract.symbol');
  const secType = r.str('contract.secType');
  r.skip(4);
  const exchange = r.str('contract.exchange');
  const currency = r.str('contract.currency');
  const localSymbol = r.str('contract.localSymbol');
  r.skip(1);
  const position = r.requiredDecimal('position');
  const averageCost = r.decimal('avgCost');
  return { account, contract: { conId, symbol, secType, exchange, currency, localSymbol }, position, averageCost };
}

export interface IbAccountSummaryMessage {
  readonly reqId: number;
  readonly account: string;
  readonly tag: string;
  readonly value: string;
  readonly currency: string;
}

export function decodeAccountSummary(fields: readonly string[]): IbAccountSummaryMessage {
  const r = new FieldCursor(fields, 2);
  return { reqId: r.int('reqId'), account: r.str('account'), tag: r.str('tag'), value: r.str('value'), currency: r.str('currency') };
}

export interface IbTickPriceMessage {
  readonly reqId: number;
  readonly tickType: number;
  readonly price: Decimal | undefined;
  readonly size: Decimal | undefined;
}

export function decodeTickPrice(fields: readonly string[]): IbTickPriceMessage {
  const r = new FieldCursor(fields, 2);
  return { reqId: r.int('tickerId'), tickType: r.int('tickType'), price: r.decimal('price'), size: r.decimal('size') };
}

export interface IbTickByTickBidAsk {
  readonly reqId: number;
  readonly tickType: number;
  readonly time: number;
  readonly bid?: Decimal | undefined;
  readonly ask?: Decimal | undefined;
  readonly bidSize?: Decimal | undefined;
  readonly askSize?: Decimal | undefined;
  readonly price?: Decimal | undefined;
  readonly size?: Decimal | undefined;
}

/** TICK_BY_TICK: 1 Last, 2 AllLast (price, size, mask, exchange, conditions), 3 BidAsk, 4 MidPoint. */
export function decodeTickByTick(fields: readonly string[]): IbTickByTickBidAsk {
  const r = new FieldCursor(fields, 1);
  const reqId = r.int('reqId');
  const tickType = r.int('tickType');
  const time = r.int('time');
  if (tickType === 3) return { reqId, tickType, time, bid: r.decimal('bidPrice'), ask: r.decimal('askPrice'), bidSize: r.decimal('bidSize'), askSize: r.decimal('askSize') };
  if (tickType === 1 || tickType === 2) return { reqId, tickType, time, price: r.decimal('price'), size: r.decimal('size') };
  if (tickType === 4) return { reqId, tickType, time, price: r.decimal('midPoint') };
  return { reqId, tickType, time };
}
