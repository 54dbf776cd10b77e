import { Money, Price, type AccountId, type VenueReport, type AccountReport, type ErrorCode, type FillReport, type OrderStatus, type OrderStatusReport, type PositionStatusReport, type Timestamp, type VenueClientOrderId, type VenueOrderId, TradeId } from '../../core';
import type { MatchingEngine, MatchingEvent, MatchingRejectCode, SimAccountState, SimFill, SimOrder, SimOrderStatus, SimPosition } from '../matching';

/** Matching engine statuses in engine terms; exhaustive so a new status cannot slip through unmapped. */
const STATUS: Record<SimOrderStatus, OrderStatus> = {
  pending: 'submitted',
  accepted: 'accepted',
  triggered: 'triggered',
  'partially-filled': 'partially-filled',
  filled: 'filled',
  canceled: 'canceled',
  expired: 'expired',
  rejected: 'rejected',
};

/** The venue error code each matching reason maps to (the paper venue's "wire" codes are the engine's own). */
export const REJECT_CODES: Record<MatchingRejectCode, ErrorCode> = {
  UNKNOWN_INSTRUMENT: 'VENUE_REJECTED',
  UNKNOWN_ACCOUNT: 'VENUE_REJECTED',
  INSTRUMENT_NOT_TRADING: 'VENUE_MARKET_CLOSED',
  DUPLICATE_CLIENT_ORDER_ID: 'VENUE_DUPLICATE_ORDER',
  PRICE_OFF_TICK: 'VENUE_FILTER_FAILURE',
  QUANTITY_OFF_LOT: 'VENUE_FILTER_FAILURE',
  QUANTITY_BELOW_MINIMUM: 'VENUE_FILTER_FAILURE',
  QUANTITY_ABOVE_MAXIMUM: 'VENUE_FILTER_FAILURE',
  NOTIONAL_BELOW_MINIMUM: 'VENUE_FILTER_FAILURE',
  NOTIONAL_ABOVE_MAXIMUM: 'VENUE_FILTER_FAILURE',
  MISSING_PRICE: 'VENUE_REJECTED',
  MISSING_TRIGGER: 'VENUE_REJECTED',
  MISSING_TRAILING_OFFSET: 'VENUE_REJECTED',
  INVALID_EXPIRY: 'VENUE_REJECTED',
  UNSUPPORTED_TIME_IN_FORCE: 'VENUE_UNSUPPORTED',
  INSUFFICIENT_BALANCE: 'VENUE_INSUFFICIENT_BALANCE',
  INSUFFICIENT_MARGIN: 'VENUE_INSUFFICIENT_BALANCE',
  POST_ONLY_WOULD_TAKE: 'VENUE_REJECTED',
  FOK_NOT_FILLABLE: 'VENUE_INSUFFICIENT_LIQUIDITY',
  IOC_REMAINDER: 'VENUE_INSUFFICIENT_LIQUIDITY',
  NO_LIQUIDITY: 'VENUE_INSUFFICIENT_LIQUIDITY',
  PRICE_BOUND: 'VENUE_BOUNDS_VIOLATION',
  REDUCE_ONLY_WOULD_INCREASE: 'VENUE_REJECTED',
  TRIGGER_ALREADY_HIT: 'VENUE_REJECTED',
  ORDER_NOT_FOUND: 'VENUE_UNKNOWN_ORDER',
  ORDER_NOT_OPEN: 'VENUE_REJECTED',
  MARGIN_CLOSEOUT: 'VENUE_INSUFFICIENT_BALANCE',
  INVALID_MODIFY: 'VENUE_REJECTED',
};

export function orderReport(order: SimOrder, reportedAt: Timestamp): OrderStatusReport {
  const request = order.request;
  const reason = order.reason;
  const mapped = reason !== undefined && reason in REJECT_CODES ? REJECT_CODES[reason as MatchingRejectCode] : undefined;
  return {
    accountId: request.accountId,
    instrumentId: request.instrumentId,
    venueOrderId: order.orderId as VenueOrderId,
    venueClientOrderId: request.clientOrderId as VenueClientOrderId,
    side: request.side,
    type: request.type,
    timeInForce: request.timeInForce,
    status: STATUS[order.status],
    quantity: order.quantity,
    filledQuantity: order.filledQuantity,
    ...(order.averagePrice === undefined ? {} : { averageFillPrice: order.averagePrice }),
    ...(order.price === undefined ? {} : { price: order.price }),
    ...(order.triggerPrice === undefined ? {} : { triggerPrice: order.triggerPrice }),
    ...(request.expireAt === undefined ? {} : { expireAt: request.expireAt }),
    ...(reason === undefined ? {} : { venueReason: reason }),
    ...(mapped === undefined ? {} : { reasonCode: mapped }),
    reportedAt,
  };
}

export function fillReport(fill: SimFill, baseCurrency: string): FillReport {
  return {
    accountId: fill.accountId,
    instrumentId: fill.instrumentId,
    venueOrderId: fill.orderId as VenueOrderId,
    venueClientOrderId: fill.clientOrderId as VenueClientOrderId,
    tradeId: TradeId.of(fill.tradeId),
    side: fill.side,
    quantity: fill.quantity,
    price: fill.price,
    commission: Money.of(fill.commission, fill.commissionCurrency),
    liquidity: fill.liquidity,
    ...(fill.realizedPnl === undefined ? {} : { realizedPnl: Money.of(fill.realizedPnl, baseCurrency) }),
    occurredAt: fill.occurredAt,
  };
}

export function accountReport(state: SimAccountState, reportedAt: Timestamp): AccountReport {
  const base = state.baseCurrency;
  const margin = state.type === 'margin';
  return {
    accountId: state.accountId,
    baseCurrency: base,
    balances: state.balances.map((b) => ({ currency: b.currency, total: b.total, free: b.free, locked: b.locked })),
    ...(margin
      ? {
          equity: Money.of(state.equity, base),
          marginUsed: Money.of(state.marginUsed, base),
          marginAvailable: Money.of(state.marginAvailable, base),
          unrealizedPnl: Money.of(state.unrealizedPnl, base),
          realizedPnl: Money.of(state.realizedPnl, base),
          financing: Money.of(state.financing, base),
          hedgingEnabled: state.positionMode === 'hedging',
        }
      : {}),
    reportedAt,
  };
}

export function positionReport(position: SimPosition, baseCurrency: string, reportedAt: Timestamp): PositionStatusReport {
  return {
    accountId: position.accountId,
    instrumentId: position.instrumentId,
    signedQuantity: position.signedQuantity,
    ...(position.leg === 'net' ? {} : { leg: position.leg }),
    averagePrice: Price.of(position.averagePrice),
    unrealizedPnl: Money.of(position.unrealizedPnl, baseCurrency),
    reportedAt,
  };
}

export function eventAccount(event: MatchingEvent): AccountId {
  switch (event.type) {
    case 'order-rejected':
      return event.request.accountId;
    case 'financing':
    case 'margin-closeout':
      return event.accountId;
    case 'account-changed':
      return event.account.accountId;
    default:
      return event.order.request.accountId;
  }
}

/** The execution reports one matching event becomes on the venue's stream (a fill also updates order and position). */
export function eventReports(event: MatchingEvent, engine: MatchingEngine, baseCurrency: string, now: Timestamp): VenueReport[] {
  switch (event.type) {
    case 'order-accepted':
    case 'order-triggered':
    case 'order-modified':
    case 'order-canceled':
    case 'order-expired':
      return [{ kind: 'order', report: orderReport(event.order, now) }];
    case 'order-filled': {
      const out: VenueReport[] = [{ kind: 'fill', report: fillReport(event.fill, baseCurrency) }, { kind: 'order', report: orderReport(event.order, now) }];
      if (engine.accountType(event.fill.accountId) === 'margin') {
        for (const p of engine.positions(event.fill.accountId)) if (p.instrumentId === event.fill.instrumentId) out.push({ kind: 'position', report: positionReport(p, baseCurrency, now) });
      }
      return out;
    }
    case 'financing':
      return [{ kind: 'cash', report: { accountId: event.accountId, instrumentId: event.instrumentId, kind: 'financing', amount: Money.of(event.amount, baseCurrency), venueTransactionId: `financing-${event.sequence}`, occurredAt: event.at } }];
    case 'account-changed':
      return [{ kind: 'account', report: accountReport(event.account, now) }];
    case 'order-rejected':
    case 'margin-closeout':
      return [];
  }
}
