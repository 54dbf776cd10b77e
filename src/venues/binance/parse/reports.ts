import type { Timestamp } from '../../../core/clock';
import { OrderListId, TradeId, VenueOrderId, type AccountId, type InstrumentId, type VenueClientOrderId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { AccountReport, FillReport, OrderStatusReport } from '../../../core/reports';
import type { OrderType } from '../../../core/orders/types';
import { lookup, ORDER_STATUS, ORDER_TYPE, SIDE, TIME_IN_FORCE } from '../enums';
import type { WireAccount, WireFill, WireOrder, WireTrade } from './wire';

/** Thrown when a payload holds an enum value the tables do not know; the caller reports it as unrecognized. */
export class UnknownEnumError extends Error {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`unknown binance ${field} ${JSON.stringify(value)}`);
  }
}

export function known<T>(table: Readonly<Record<string, T>>, field: string, value: string): T {
  const mapped = lookup(table, value);
  if (mapped === undefined) throw new UnknownEnumError(field, value);
  return mapped;
}

/** Binance writes zero as "0.00000000" for "not set" (stopPrice, price of a market order). */
function nonZeroPrice(text: string | undefined): Price | undefined {
  if (text === undefined) return undefined;
  const value = Decimal.parse(text);
  return value.isZero() ? undefined : Price.of(value);
}

export function orderType(wireType: string, stopPrice: string | undefined, trailingDelta: number | undefined): OrderType {
  const type = known(ORDER_TYPE, 'order type', wireType);
  if (type === 'stop-market' && trailingDelta !== undefined && nonZeroPrice(stopPrice) === undefined) return 'trailing-stop';
  return type;
}

export interface ReportContext {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly now: Timestamp;
}

export function orderReport(order: WireOrder, context: ReportContext): OrderStatusReport {
  const executed = Quantity.parse(order.executedQty);
  const quote = Decimal.parse(order.cummulativeQuoteQty);
  // Average price = cumulative quote / executed (user-data-stream.md: "Z divided by z"); negative quote means unavailable.
  const average = executed.isPositive() && !quote.isNegative() ? Price.of(quote.div(executed, 12, 'half-even').normalize()) : undefined;
  const price = nonZeroPrice(order.price);
  const trigger = nonZeroPrice(order.stopPrice);
  const listId = order.orderListId >= 0 ? OrderListId.of(String(order.orderListId)) : undefined;
  return {
    accountId: context.accountId,
    instrumentId: context.instrumentId,
    venueOrderId: VenueOrderId.of(String(order.orderId)),
    venueClientOrderId: (order.origClientOrderId ?? order.clientOrderId) as VenueClientOrderId,
    side: known(SIDE, 'side', order.side),
    type: orderType(order.type, order.stopPrice, order.trailingDelta),
    timeInForce: known(TIME_IN_FORCE, 'timeInForce', order.timeInForce),
    status: known(ORDER_STATUS, 'order status', order.status),
    quantity: Quantity.parse(order.origQty),
    filledQuantity: executed,
    reportedAt: order.updateTime ?? order.transactTime ?? order.time ?? context.now,
    ...(average === undefined ? {} : { averageFillPrice: average }),
    ...(price === undefined ? {} : { price }),
    ...(trigger === undefined ? {} : { triggerPrice: trigger }),
    ...(listId === undefined ? {} : { listId }),
    ...(order.status === 'EXPIRED_IN_MATCH' ? { venueReason: 'EXPIRED_IN_MATCH', reasonCode: 'VENUE_REJECTED' } : {}),
    ...(order.expiryReason !== undefined && order.expiryReason !== 'NONE' ? { venueReason: order.expiryReason } : {}),
  };
}

/** Fills of a FULL response: they carry no time and are the taker side of the placement. */
export function fillsFromResponse(order: WireOrder, fills: readonly WireFill[], context: ReportContext): FillReport[] {
  const side = known(SIDE, 'side', order.side);
  return fills.map((fill) => ({
    accountId: context.accountId,
    instrumentId: context.instrumentId,
    venueOrderId: VenueOrderId.of(String(order.orderId)),
    venueClientOrderId: order.clientOrderId as VenueClientOrderId,
    tradeId: TradeId.of(String(fill.tradeId)),
    side,
    quantity: Quantity.parse(fill.qty),
    price: Price.parse(fill.price),
    commission: Money.parse(fill.commission, fill.commissionAsset),
    liquidity: 'taker' as const,
    occurredAt: order.transactTime ?? context.now,
  }));
}

/** GET /api/v3/myTrades rows. The client id is not in the row: the caller joins it from the order when known. */
export function fillFromTrade(trade: WireTrade, context: ReportContext, clientOrderId?: VenueClientOrderId): FillReport {
  return {
    accountId: context.accountId,
    instrumentId: context.instrumentId,
    venueOrderId: VenueOrderId.of(String(trade.orderId)),
    ...(clientOrderId === undefined ? {} : { venueClientOrderId: clientOrderId }),
    tradeId: TradeId.of(String(trade.id)),
    side: trade.isBuyer ? 'buy' : 'sell',
    quantity: Quantity.parse(trade.qty),
    price: Price.parse(trade.price),
    commission: Money.parse(trade.commission, trade.commissionAsset),
    liquidity: trade.isMaker ? 'maker' : 'taker',
    occurredAt: trade.time,
  };
}

export function accountReport(account: WireAccount, accountId: AccountId, baseCurrency: string, now: Timestamp): AccountReport {
  return {
    accountId,
    baseCurrency,
    balances: account.balances.map((balance) => {
      const free = Decimal.parse(balance.free);
      const locked = Decimal.parse(balance.locked);
      return { currency: balance.asset, free, locked, total: free.add(locked) };
    }),
    reportedAt: account.updateTime > 0 ? account.updateTime : now,
  };
}
