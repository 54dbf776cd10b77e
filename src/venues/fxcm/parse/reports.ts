import type { Timestamp } from '../../../core/clock';
import { TradeId, VenueOrderId, type AccountId, type VenueClientOrderId } from '../../../core/identifiers';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { FillReport, OrderStatusReport } from '../../../core/reports';
import { codeOfText, ORD_REJ_CODE } from '../enums';
import { instrumentIdOfSymbol } from '../symbols';
import type { ExecutionReportWire } from './execution-report';

/** An ExecutionReport as an order status report; `clientId` is the id the engine knows the order by. */
export function orderReportOf(er: ExecutionReportWire, accountId: AccountId, clientId: string, now: Timestamp): OrderStatusReport {
  const marketRange = er.type === 'market' && er.stopPx !== undefined;
  const reasonCode = er.status === 'rejected' ? codeOfText(er.text) ?? ORD_REJ_CODE[er.ordRejReason ?? '99'] ?? 'VENUE_REJECTED' : undefined;
  return {
    accountId, instrumentId: instrumentIdOfSymbol(er.symbol), venueOrderId: VenueOrderId.of(er.orderId),
    venueClientOrderId: clientId as VenueClientOrderId, side: er.side, type: er.type, timeInForce: er.timeInForce, status: er.status,
    quantity: Quantity.of(er.quantity), filledQuantity: Quantity.of(er.cumQty),
    ...(er.cumQty.isPositive() ? { averageFillPrice: Price.of(er.avgPx) } : {}),
    ...(er.price !== undefined && er.type === 'limit' ? { price: Price.of(er.price) } : {}),
    ...(marketRange && er.stopPx !== undefined ? { price: Price.of(er.stopPx) } : {}),
    ...(er.stopPx !== undefined && er.type === 'stop-market' ? { triggerPrice: Price.of(er.stopPx) } : {}),
    ...(er.expireAt === undefined ? {} : { expireAt: er.expireAt }),
    ...(er.text === undefined || er.status === 'accepted' || er.status === 'filled' || er.status === 'partially-filled' ? {} : { venueReason: er.text }),
    ...(reasonCode === undefined ? {} : { reasonCode }),
    reportedAt: er.transactTime ?? now,
  };
}

/** A Trade (150=F) as a fill. FXCM's FIX reports no per-fill commission (it books it on the position, 9053): zero here. */
export function fillReportOf(er: ExecutionReportWire, accountId: AccountId, clientId: string, currency: string, now: Timestamp): FillReport {
  return {
    accountId, instrumentId: instrumentIdOfSymbol(er.symbol), venueOrderId: VenueOrderId.of(er.orderId),
    venueClientOrderId: clientId as VenueClientOrderId, tradeId: TradeId.of(er.execId), side: er.side,
    quantity: Quantity.of(er.lastQty), price: Price.of(er.lastPx), commission: Money.zero(currency), liquidity: 'taker',
    occurredAt: er.transactTime ?? now,
  };
}
