import type { Timestamp } from '../../core/clock';
import { AccountId, VenueOrderId, type InstrumentId, type VenueClientOrderId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { OrderStatus } from '../../core/orders/status';
import type { OrderSide, OrderType, TimeInForce } from '../../core/orders/types';
import type { OrderStatusReport } from '../../core/reports';
import { ORDER_STATUS_FROM_IB, ORDER_TYPE_FROM_IB, TIME_IN_FORCE_FROM_IB } from './enums';
import type { IbOpenOrderMessage, IbOrderStatusMessage } from './parse/messages';
import { instrumentIdOf } from './symbols';

/** What the adapter knows of one API order: from its own submit, then TWS's openOrder and orderStatus. */
export interface IbOrderRecord {
  readonly orderId: number;
  permId: number;
  accountId: AccountId;
  instrumentId: InstrumentId;
  venueClientOrderId: VenueClientOrderId | undefined;
  side: OrderSide;
  type: OrderType;
  timeInForce: TimeInForce;
  quantity: Decimal;
  filled: Decimal;
  averagePrice: Decimal | undefined;
  price: Decimal | undefined;
  triggerPrice: Decimal | undefined;
  expireAt: Timestamp | undefined;
  /** TWS's status string; '' until TWS has answered. */
  ibStatus: string;
  /** The last error TWS sent for the order (code and text), kept as the venue's reason. */
  lastError: string | undefined;
  /** Bumped on every update, so a waiter can tell a fresh answer from an old one. */
  generation: number;
  updatedAt: Timestamp;
}

/** The adapter's index of orders, by API order id and by orderRef (TMT's client order id). */
export class IbOrderBook {
  private readonly byId = new Map<number, IbOrderRecord>();
  private readonly byRef = new Map<string, IbOrderRecord>();

  get(orderId: number): IbOrderRecord | undefined {
    return this.byId.get(orderId);
  }

  ref(venueClientOrderId: string): IbOrderRecord | undefined {
    return this.byRef.get(venueClientOrderId);
  }

  all(): IbOrderRecord[] {
    return [...this.byId.values()];
  }

  put(record: IbOrderRecord): void {
    this.byId.set(record.orderId, record);
    if (record.venueClientOrderId !== undefined) this.byRef.set(record.venueClientOrderId, record);
  }

  forget(orderId: number, venueClientOrderId: string): void {
    this.byId.delete(orderId);
    this.byRef.delete(venueClientOrderId);
  }

  /** openOrder: the order's terms as TWS holds them; an order placed elsewhere is added when its contract and type map. */
  applyOpenOrder(message: IbOpenOrderMessage, now: Timestamp): IbOrderRecord | undefined {
    const instrumentId = instrumentIdOf(message.contract);
    const type = ORDER_TYPE_FROM_IB[message.orderType];
    if (instrumentId === undefined || type === undefined) return undefined;
    const existing = this.byId.get(message.orderId);
    const record: IbOrderRecord = existing ?? {
      orderId: message.orderId, permId: message.permId, accountId: AccountId.parse(message.account), instrumentId,
      venueClientOrderId: message.orderRef === '' ? undefined : (message.orderRef as VenueClientOrderId), side: message.action === 'BUY' ? 'buy' : 'sell',
      type, timeInForce: TIME_IN_FORCE_FROM_IB[message.tif] ?? 'DAY', quantity: message.totalQuantity, filled: Decimal.ZERO, averagePrice: undefined,
      price: undefined, triggerPrice: undefined, expireAt: undefined, ibStatus: '', lastError: undefined, generation: 0, updatedAt: now,
    };
    record.permId = message.permId;
    record.quantity = message.totalQuantity;
    record.price = type === 'limit' || type === 'stop-limit' || type === 'limit-if-touched' ? message.lmtPrice : undefined;
    record.triggerPrice = type === 'stop-market' || type === 'stop-limit' || type === 'market-if-touched' || type === 'limit-if-touched' ? message.auxPrice : undefined;
    if (message.status !== '') record.ibStatus = message.status;
    record.generation += 1;
    record.updatedAt = now;
    this.put(record);
    return record;
  }

  applyOrderStatus(message: IbOrderStatusMessage, now: Timestamp): IbOrderRecord | undefined {
    const record = this.byId.get(message.orderId);
    if (record === undefined) return undefined;
    record.ibStatus = message.status;
    record.permId = message.permId;
    // Fills never go backwards: a stale status after an execution must not undo it.
    if (message.filled.gte(record.filled)) {
      record.filled = message.filled;
      if (message.avgFillPrice !== undefined) record.averagePrice = message.avgFillPrice;
    }
    record.generation += 1;
    record.updatedAt = now;
    return record;
  }
}

export function statusOf(record: IbOrderRecord): OrderStatus {
  const mapped = record.ibStatus === '' ? 'submitted' : (ORDER_STATUS_FROM_IB[record.ibStatus] ?? 'unknown');
  if (mapped === 'accepted' && record.filled.isPositive()) return 'partially-filled';
  if (mapped === 'canceled' && record.expireAt !== undefined && record.updatedAt >= record.expireAt) return 'expired';
  return mapped;
}

export function reportOf(record: IbOrderRecord, now: Timestamp): OrderStatusReport {
  return {
    accountId: record.accountId,
    instrumentId: record.instrumentId,
    venueOrderId: VenueOrderId.of(String(record.orderId)),
    ...(record.venueClientOrderId === undefined ? {} : { venueClientOrderId: record.venueClientOrderId }),
    side: record.side,
    type: record.type,
    timeInForce: record.timeInForce,
    status: statusOf(record),
    quantity: Quantity.of(record.quantity),
    filledQuantity: Quantity.of(record.filled),
    ...(record.averagePrice === undefined ? {} : { averageFillPrice: Price.of(record.averagePrice) }),
    ...(record.price === undefined ? {} : { price: Price.of(record.price) }),
    ...(record.triggerPrice === undefined ? {} : { triggerPrice: Price.of(record.triggerPrice) }),
    ...(record.expireAt === undefined ? {} : { expireAt: record.expireAt }),
    ...(record.lastError === undefined ? {} : { venueReason: record.lastError }),
    reportedAt: now,
  };
}
