import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import type { SimOrder, SimOrderStatus } from '../matching';
import { specByName, unitsToLots, type TlInstrumentSpec } from './instruments';
import { number, type Json } from './json';
import type { RateLimit } from './limits';
import type { TlOrderRecord } from './state';
import type { TlSimVenue } from './venue';

/**
 * TradeLocker sends orders, positions, executions and the account state as arrays, one value per column of
 * the matching `*Config` in GET /trade/config; the columns below are those of the official Python client's
 * types (OrdersColumns, PositionsColumns, ExecutionsColumns, AccountDetailsColumns), in their order. Row
 * values are strings (the client converts them to numbers column by column), missing values null.
 */
export const ORDER_COLUMNS = [
  'id', 'tradableInstrumentId', 'routeId', 'qty', 'side', 'type', 'status', 'filledQty', 'avgPrice', 'price', 'stopPrice',
  'validity', 'expireDate', 'createdDate', 'lastModified', 'isOpen', 'positionId', 'stopLoss', 'stopLossType',
  'takeProfit', 'takeProfitType', 'strategyId',
] as const;
export const POSITION_COLUMNS = [
  'id', 'tradableInstrumentId', 'routeId', 'side', 'qty', 'avgPrice', 'stopLossId', 'takeProfitId', 'openDate', 'unrealizedPl', 'strategyId',
] as const;
export const EXECUTION_COLUMNS = ['id', 'price', 'side', 'createdDate', 'qty', 'orderId', 'positionId', 'tradableInstrumentId'] as const;
export const ACCOUNT_DETAILS_COLUMNS = [
  'balance', 'projectedBalance', 'availableFunds', 'blockedBalance', 'cashBalance', 'unsettledCash', 'withdrawalAvailable',
  'stocksValue', 'optionValue', 'initialMarginReq', 'maintMarginReq', 'marginWarningLevel', 'blockedForStocks',
  'stockOrdersReq', 'stopOutLevel', 'warningMarginReq', 'marginBeforeWarning', 'todayGross', 'todayNet', 'todayFees',
  'todayVolume', 'todayTradesCount', 'openGrossPnL', 'openNetPnL', 'positionsCount', 'ordersCount',
] as const;

const columns = (ids: readonly string[]) => ids.map((id) => ({ id, description: id }));

export function configBody(rateLimits: readonly RateLimit[]): Json {
  return {
    customerAccess: { orders: true, ordersHistory: true, filledOrders: true, positions: true, symbolInfo: true, marketDepth: false },
    positionsConfig: { id: 'positions', title: 'Positions', columns: columns(POSITION_COLUMNS) },
    ordersConfig: { id: 'orders', title: 'Orders', columns: columns(ORDER_COLUMNS) },
    ordersHistoryConfig: { id: 'ordersHistory', title: 'Orders History', columns: columns(ORDER_COLUMNS) },
    filledOrdersConfig: { id: 'filledOrders', title: 'Filled Orders', columns: columns(EXECUTION_COLUMNS) },
    accountDetailsConfig: { id: 'accountDetails', title: 'Account Details', columns: columns(ACCOUNT_DETAILS_COLUMNS) },
    rateLimits: rateLimits.map((limit) => ({ ...limit, intervalNum: number(String(limit.intervalNum)), limit: number(String(limit.limit)) })),
    limits: [{ limitType: 'QUOTES_HISTORY_BARS', limit: number('30000') }],
  };
}

const STATUS: Readonly<Record<SimOrderStatus, string>> = {
  pending: 'New', accepted: 'New', triggered: 'New', 'partially-filled': 'PartiallyFilled',
  filled: 'Filled', canceled: 'Cancelled', expired: 'Cancelled', rejected: 'Refused',
};

const text = (value: Decimal | undefined): string | null => (value === undefined ? null : value.normalize().toString());

export function orderRow(record: TlOrderRecord, order: SimOrder, spec: TlInstrumentSpec): (string | null)[] {
  const open = ['pending', 'accepted', 'triggered', 'partially-filled'].includes(order.status);
  const row: Record<(typeof ORDER_COLUMNS)[number], string | null> = {
    id: record.orderId,
    tradableInstrumentId: String(spec.tradableInstrumentId),
    routeId: record.routeId,
    qty: text(unitsToLots(spec, order.quantity)),
    side: order.request.side,
    type: record.type,
    status: STATUS[order.status],
    filledQty: text(unitsToLots(spec, order.filledQuantity)),
    avgPrice: text(order.averagePrice ?? Decimal.ZERO),
    price: text(record.type === 'limit' ? order.price : Decimal.ZERO),
    stopPrice: text(record.type === 'stop' ? order.triggerPrice ?? Decimal.ZERO : Decimal.ZERO),
    validity: record.validity,
    expireDate: '0',
    createdDate: String(record.createdDate),
    lastModified: String(record.lastModified),
    isOpen: String(open),
    positionId: record.positionId ?? '0',
    stopLoss: record.stopLoss === undefined ? null : record.stopLoss.value,
    stopLossType: record.stopLoss?.type ?? null,
    takeProfit: record.takeProfit === undefined ? null : record.takeProfit.value,
    takeProfitType: record.takeProfit?.type ?? null,
    strategyId: record.strategyId ?? null,
  };
  return ORDER_COLUMNS.map((column) => row[column]);
}

export function ordersOf(venue: TlSimVenue, accountId: string, history: boolean, filter: { instrument?: string; from?: number; to?: number }): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const record of venue.orders.values()) {
    if (record.accountId !== accountId || (filter.instrument !== undefined && record.instrument !== filter.instrument)) continue;
    const order = venue.engine.order({ orderId: record.orderId });
    if (order === undefined) continue;
    const open = ['pending', 'accepted', 'triggered', 'partially-filled'].includes(order.status);
    if (open === history) continue;
    if (filter.from !== undefined && record.lastModified < filter.from) continue;
    if (filter.to !== undefined && record.createdDate > filter.to) continue;
    rows.push(orderRow(record, order, specByName(record.instrument) as TlInstrumentSpec));
  }
  return rows;
}

export function positionsOf(venue: TlSimVenue, accountId: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const record of venue.positions.records.values()) {
    if (record.accountId !== accountId) continue;
    const leg = venue.positions.leg(record);
    if (leg === undefined) continue;
    const spec = specByName(record.instrument) as TlInstrumentSpec;
    rows.push([
      record.id, String(spec.tradableInstrumentId), String(spec.tradeRouteId), leg.signedQuantity.isPositive() ? 'buy' : 'sell',
      text(unitsToLots(spec, leg.signedQuantity.abs())), text(leg.averagePrice), record.stopLossId ?? null, record.takeProfitId ?? null,
      String(record.openDate), leg.unrealizedPnl.rescale(2, 'half-even').toString(), record.strategyId ?? null,
    ]);
  }
  return rows;
}

export function executionsOf(venue: TlSimVenue, accountId: string): (string | null)[][] {
  return venue.engine.fills(AccountId.parse(accountId)).flatMap((fill) => {
    const record = venue.orders.get(fill.orderId);
    if (record === undefined) return [];
    const spec = specByName(record.instrument) as TlInstrumentSpec;
    return [[fill.tradeId, text(fill.price), fill.side, String(fill.occurredAt), text(unitsToLots(spec, fill.quantity)), fill.orderId, record.positionId ?? '0', String(spec.tradableInstrumentId)]];
  });
}

/** The account state at two decimals, as TradeLocker shows money. */
export function accountDetails(venue: TlSimVenue, accountId: string): unknown[] {
  const state = venue.engine.account(AccountId.parse(accountId));
  const money = (value: Decimal) => number(value.rescale(2, 'half-even'));
  const balance = state.balances.find((b) => b.currency === 'USD')?.total ?? Decimal.ZERO;
  const zero = money(Decimal.ZERO);
  const positions = venue.engine.positions(AccountId.parse(accountId)).filter((p) => !p.signedQuantity.isZero()).length;
  const orders = venue.engine.openOrders(AccountId.parse(accountId)).length;
  const values: Record<(typeof ACCOUNT_DETAILS_COLUMNS)[number], unknown> = {
    balance: money(balance), projectedBalance: money(state.equity), availableFunds: money(state.marginAvailable), blockedBalance: money(state.marginUsed),
    cashBalance: money(balance), unsettledCash: zero, withdrawalAvailable: money(state.marginAvailable.min(balance)), stocksValue: zero, optionValue: zero,
    initialMarginReq: money(state.marginUsed), maintMarginReq: money(state.marginUsed.div(Decimal.fromInteger(2), 8, 'half-even')), marginWarningLevel: zero,
    blockedForStocks: zero, stockOrdersReq: zero, stopOutLevel: money(state.marginUsed.div(Decimal.fromInteger(2), 8, 'half-even')), warningMarginReq: zero,
    marginBeforeWarning: money(state.marginAvailable), todayGross: money(state.realizedPnl), todayNet: money(state.realizedPnl.sub(state.commission)), todayFees: money(state.commission),
    todayVolume: zero, todayTradesCount: number(String(venue.engine.fills(AccountId.parse(accountId)).length)), openGrossPnL: money(state.unrealizedPnl),
    openNetPnL: money(state.unrealizedPnl), positionsCount: number(String(positions)), ordersCount: number(String(orders)),
  };
  return ACCOUNT_DETAILS_COLUMNS.map((column) => values[column]);
}
