import type { Timestamp } from '../../../core/clock';
import { AccountId, TradeId, VenueOrderId, type VenueClientOrderId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { AccountReport, FillReport, OrderStatusReport, PositionStatusReport } from '../../../core/reports';
import { SIDE_FROM_WIRE, STATUS_FROM_WIRE, TIF_FROM_WIRE, TYPE_FROM_WIRE } from '../enums';
import { engineCodeOf } from '../errors';
import { instrumentIdOfSymbol } from '../symbols';
import type { MetricsWire, OrderWire, PositionWire } from './wire';

/** What the venue says of one order, in engine terms. */
export function orderReportOf(order: OrderWire, reportedAt: Timestamp, clientId?: string): OrderStatusReport {
  const leg = order.legs[0];
  const quantity = leg?.quantity ?? Decimal.ZERO;
  const filled = leg?.filledQuantity ?? Decimal.ZERO;
  let status = STATUS_FROM_WIRE[order.status];
  if (status === 'accepted' && filled.isPositive()) status = 'partially-filled';
  const last = order.executions[order.executions.length - 1];
  const reason = order.status === 'REJECTED' || order.status === 'CANCELED' || order.status === 'EXPIRED' ? last?.rejectReason : undefined;
  const average = leg?.averagePrice;
  return {
    accountId: AccountId.parse(order.account),
    instrumentId: instrumentIdOfSymbol(order.instrument),
    venueOrderId: VenueOrderId.of(order.orderId),
    venueClientOrderId: (clientId ?? order.clientOrderId ?? order.orderCode) as VenueClientOrderId,
    side: SIDE_FROM_WIRE[order.side],
    type: TYPE_FROM_WIRE[order.type],
    timeInForce: TIF_FROM_WIRE[order.tif],
    status,
    quantity: Quantity.of(quantity),
    filledQuantity: Quantity.of(filled),
    ...(average === undefined || !filled.isPositive() ? {} : { averageFillPrice: Price.of(average) }),
    ...(order.limitPrice === undefined ? {} : { price: Price.of(order.limitPrice) }),
    ...(order.stopPrice === undefined ? {} : { triggerPrice: Price.of(order.stopPrice) }),
    ...(order.expireDate === undefined ? {} : { expireAt: order.expireDate }),
    ...(reason === undefined ? {} : { venueReason: reason, reasonCode: engineCodeOf({ status: 409, description: reason }) }),
    reportedAt,
  };
}

/**
 * The trades of an order: its executions with a positive lastQuantity, each keyed by its executionCode.
 * FX at DXtrade brokers carries no commission (the broker earns the spread): commission 0 in the account currency.
 */
export function fillsOf(order: OrderWire, currency: string, clientId?: string): FillReport[] {
  const fills: FillReport[] = [];
  for (const execution of order.executions) {
    const quantity = execution.lastQuantity;
    const price = execution.lastPrice;
    if (quantity === undefined || price === undefined || !quantity.isPositive()) continue;
    fills.push({
      accountId: AccountId.parse(order.account),
      instrumentId: instrumentIdOfSymbol(order.instrument),
      venueOrderId: VenueOrderId.of(order.orderId),
      venueClientOrderId: (clientId ?? order.clientOrderId ?? order.orderCode) as VenueClientOrderId,
      tradeId: TradeId.of(execution.executionCode),
      side: SIDE_FROM_WIRE[order.side],
      quantity: Quantity.of(quantity),
      price: Price.of(price),
      commission: Money.of(Decimal.ZERO, currency),
      // A market order, or a marketable one, takes; a resting limit that a trade reached gives.
      liquidity: order.type === 'MARKET' || order.type === 'STOP' ? 'taker' : 'maker',
      occurredAt: execution.transactionTime,
    });
  }
  return fills;
}

/** A position; its quantity is signed by its side whatever sign the venue wrote. */
export function positionReportOf(position: PositionWire, reportedAt: Timestamp, hedging: boolean): PositionStatusReport {
  const size = position.quantity.abs();
  const signed = position.side === 'SELL' ? size.neg() : size;
  return {
    accountId: AccountId.parse(position.account),
    instrumentId: instrumentIdOfSymbol(position.symbol),
    signedQuantity: signed,
    ...(hedging ? { leg: position.side === 'SELL' ? ('short' as const) : ('long' as const) } : {}),
    averagePrice: Price.of(position.openPrice),
    reportedAt,
  };
}

export function accountReportOf(metrics: MetricsWire, currency: string, reportedAt: Timestamp, hedging: boolean): AccountReport {
  const margin = metrics.initialMargin ?? metrics.margin ?? Decimal.ZERO;
  const free = metrics.marginFree ?? metrics.availableFunds ?? metrics.balance.sub(margin);
  return {
    accountId: AccountId.parse(metrics.account),
    baseCurrency: currency,
    balances: [{ currency, total: metrics.balance, free: metrics.balance.sub(margin).max(Decimal.ZERO), locked: margin.min(metrics.balance) }],
    equity: Money.of(metrics.equity, currency),
    marginUsed: Money.of(margin, currency),
    marginAvailable: Money.of(free, currency),
    ...(metrics.openPL === undefined ? {} : { unrealizedPnl: Money.of(metrics.openPL, currency) }),
    hedgingEnabled: hedging,
    reportedAt,
  };
}
