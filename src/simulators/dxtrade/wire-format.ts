import { stringify } from 'lossless-json';

import { Decimal } from '../../core/money/decimal';
import type { DxtradeSimAccount, DxtradeSimUser } from './accounts';
import { FX_TRADING_HOURS, instrumentSpec, type DxtradeInstrumentSpec } from './instruments';
import type { DxSimPosition, Portfolio } from './portfolio';
import { FINAL_STATUSES, type DxSimExecution, type DxSimOrder } from './state';

/**
 * DXtrade's JSON entities (REST spec "Data Types": Order, Order Leg, Execution, Position, Account Metrics,
 * Instrument, Instrument Details, User Details, Quote). Numbers go out as JSON numbers written from exact
 * decimals (never through a binary float); times are ISO-8601 UTC with milliseconds.
 */
export type Json = Record<string, unknown>;

/** JSON text with every Decimal written as a plain JSON number. */
export function exactJson(value: unknown): string {
  return stringify(value, undefined, undefined, [{ test: (v: unknown) => v instanceof Decimal, stringify: (v: unknown) => (v as Decimal).normalize().toString() }]) ?? 'null';
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function executionJson(order: DxSimOrder, e: DxSimExecution): Json {
  return {
    account: order.account, executionCode: e.executionCode, orderCode: order.orderCode, updateOrderId: e.updateOrderId, version: e.version,
    clientOrderId: order.orderCode, actionCode: e.actionCode, instrument: order.instrument, status: e.status, finalStatus: FINAL_STATUSES.has(e.status),
    filledQuantity: e.filledQuantity, lastQuantity: e.lastQuantity, filledQuantityNotional: notional(order, e.filledQuantity, e.averagePrice),
    lastQuantityNotional: notional(order, e.lastQuantity, e.lastPrice), remainingQuantity: e.remainingQuantity,
    ...(e.lastPrice === undefined ? {} : { lastPrice: e.lastPrice }), ...(e.averagePrice === undefined ? {} : { averagePrice: e.averagePrice }),
    transactionTime: isoTime(e.transactionTime), ...(e.rejectReason === undefined ? {} : { rejectReason: e.rejectReason }),
  };
}

/** Notional in the instrument's currency, signed by side as the spec's 28.6 revision describes. */
function notional(order: DxSimOrder, quantity: Decimal, price: Decimal | undefined): Decimal {
  if (price === undefined) return Decimal.ZERO;
  const value = quantity.mul(price).normalize();
  return order.side === 'SELL' ? value.neg() : value;
}

export function orderJson(order: DxSimOrder): Json {
  const remaining = order.quantity.sub(order.filledQuantity);
  return {
    account: order.account, version: order.version, orderId: order.orderId, orderCode: order.orderCode, clientOrderId: order.orderCode, actionCode: order.actionCode,
    legCount: 1, type: order.type, instrument: order.instrument, status: order.status, finalStatus: FINAL_STATUSES.has(order.status),
    legs: [{
      instrument: order.instrument, positionEffect: order.positionEffect, ...(order.positionCode === undefined ? {} : { positionCode: order.positionCode }),
      side: order.side, ...(order.limitPrice === undefined ? {} : { price: order.limitPrice }), legRatio: Decimal.ONE, quantity: order.quantity,
      filledQuantity: order.filledQuantity, remainingQuantity: FINAL_STATUSES.has(order.status) ? Decimal.ZERO : remaining,
      ...(order.averagePrice === undefined ? {} : { averagePrice: order.averagePrice }),
    }],
    side: order.side, tif: order.tif, ...(order.limitPrice === undefined ? {} : { limitPrice: order.limitPrice }), ...(order.stopPrice === undefined ? {} : { stopPrice: order.stopPrice }),
    ...(order.expireDate === undefined ? {} : { expireDate: isoTime(order.expireDate) }),
    issueTime: isoTime(order.issueTime), transactionTime: isoTime(order.transactionTime),
    ...(order.group === undefined ? {} : { links: linksOf(order) }),
    executions: order.executions.map((e) => executionJson(order, e)), cashTransactions: [],
  };
}

/** Order Link: PARENT/CHILD for IF-THEN, OCO between the orders of an OCO pair. */
function linksOf(order: DxSimOrder): Json[] {
  const group = order.group;
  if (group === undefined) return [];
  const parent = group.codes[0];
  return group.codes.filter((c) => c !== order.orderCode).map((code) => {
    const linkType = group.contingencyType === 'OCO' ? 'OCO' : order.orderCode === parent ? 'CHILD' : code === parent ? 'PARENT' : 'OCO';
    return { linkType, linkedOrder: code, linkedClientOrderId: code };
  });
}

export function positionJson(p: DxSimPosition, version: number): Json {
  return {
    account: p.account, version, positionCode: p.positionCode, symbol: p.symbol, quantity: p.quantity, side: p.side,
    quantityNotional: p.quantity.mul(p.openPrice).normalize(), openTime: isoTime(p.openTime), openPrice: p.openPrice.normalize(),
    lastUpdateTime: isoTime(p.openTime), marginRate: p.marginRate,
  };
}

export function metricsJson(account: string, portfolio: Portfolio, version: number, openOrders: number, includePositions: boolean): Json {
  const m = portfolio.metrics(account);
  return {
    account, version, equity: m.equity, balance: m.balance, availableBalance: m.marginFree.min(m.balance), availableFunds: m.marginFree,
    allocatedFunds: m.margin, credit: Decimal.ZERO, marginFree: m.marginFree, openPL: m.openPL, totalPL: m.totalPL,
    initialMargin: m.margin, maintenanceMargin: m.margin.div(Decimal.fromInteger(2), m.margin.scale + 1, 'half-even'),
    openPositionsCount: m.openPositions, openOrdersCount: openOrders,
    ...(includePositions ? { positions: portfolio.positions(account).map((p) => ({ positionCode: p.positionCode, version, symbol: p.symbol, quantity: p.quantity, openPrice: p.openPrice.normalize(), fpl: p.unrealizedPnl, marginRate: p.marginRate })) } : {}),
    balances: [{ account, version, value: m.balance, currency: m.currency }],
  };
}

export function instrumentJson(spec: DxtradeInstrumentSpec): Json {
  const [first = '', currency = ''] = spec.symbol.split('/');
  return {
    type: 'FOREX', symbol: spec.symbol, version: 1, description: spec.description, priceIncrement: Decimal.parse(spec.priceIncrement), pipSize: Decimal.parse(spec.pipSize),
    currency, lotSize: Decimal.parse(spec.lotSize), multiplier: Decimal.ONE, firstCurrency: first, currencyType: 'FOREX', tradingHours: FX_TRADING_HOURS,
  };
}

export function instrumentDetailsJson(account: DxtradeSimAccount, spec: DxtradeInstrumentSpec): Json {
  return {
    account: account.code, type: 'FOREX', symbol: spec.symbol, tradingStatus: 'FULL', minOrderSize: Decimal.parse(spec.minOrderSize), maxOrderSize: Decimal.parse(spec.maxOrderSize),
    minOrderSizeIncrement: Decimal.parse(spec.minOrderSizeIncrement), marginRate: Decimal.parse(account.us ? spec.usMarginRate : spec.marginRate),
  };
}

export function userJson(user: DxtradeSimUser, registrationTime: number): Json {
  return {
    login: user.username, domain: user.domain, version: 1, fullName: 'TMT Simulator', username: user.username,
    accounts: user.accounts.map((a) => ({ account: a.code, version: 1, baseCurrency: a.currency, registrationTime: isoTime(registrationTime), accountStatus: 'FULL_TRADING', positionBased: !a.us })),
  };
}

export function quoteJson(symbol: string, bid: Decimal, ask: Decimal, time: number): Json {
  return { type: 'Quote', symbol, bid: bid.normalize(), ask: ask.normalize(), time: isoTime(time) };
}

export function specOf(symbol: string): DxtradeInstrumentSpec | undefined {
  return instrumentSpec(symbol);
}
