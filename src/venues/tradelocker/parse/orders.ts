import type { Timestamp } from '../../../core/clock';
import { TradeId, VenueOrderId, type AccountId, type VenueClientOrderId } from '../../../core/identifiers';
import type { Decimal } from '../../../core/money/decimal';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { OrderStatus } from '../../../core/orders/status';
import type { OrderSide, OrderType, TimeInForce } from '../../../core/orders/types';
import type { FillReport, OrderStatusReport } from '../../../core/reports';
import { ORDER_STATUS, ORDER_TYPE, VALIDITY } from '../enums';
import { lotsToUnits, type InstrumentTable, type TradeLockerInstrument } from '../symbols';
import { decimal, millis, optionalPositive, optionalText, text, type Row } from './wire';

/** One order row, read: engine terms where they map, TradeLocker's ids kept. */
export interface TlOrder {
  readonly orderId: string;
  readonly entry: TradeLockerInstrument;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly timeInForce: TimeInForce;
  readonly status: OrderStatus;
  readonly wireStatus: string;
  readonly quantity: Decimal;
  readonly filledQuantity: Decimal;
  readonly averagePrice?: Decimal;
  readonly price?: Decimal;
  readonly stopPrice?: Decimal;
  readonly strategyId?: string;
  readonly positionId?: string;
  readonly lastModified: number;
}

export type ReadOrder = { readonly ok: true; readonly order: TlOrder } | { readonly ok: false; readonly description: string };

const SIDES: Readonly<Record<string, OrderSide>> = { buy: 'buy', sell: 'sell' };

/** An order row → TlOrder; an unknown enum or instrument is reported, never guessed. */
export function readOrder(row: Row, instruments: InstrumentTable): ReadOrder {
  const entry = instruments.byTradableId(text(row, 'tradableInstrumentId'));
  if (entry === undefined) return { ok: false, description: `order ${text(row, 'id')} on an instrument the adapter does not trade (${text(row, 'tradableInstrumentId')})` };
  const wireStatus = text(row, 'status');
  const status = ORDER_STATUS[wireStatus];
  const side = SIDES[text(row, 'side')];
  const type = ORDER_TYPE[text(row, 'type')];
  const timeInForce = VALIDITY[text(row, 'validity')];
  if (status === undefined || side === undefined || type === undefined || timeInForce === undefined) {
    return { ok: false, description: `order ${text(row, 'id')}: unknown status/side/type/validity ${wireStatus}/${text(row, 'side')}/${text(row, 'type')}/${text(row, 'validity')}` };
  }
  const averagePrice = optionalPositive(row, 'avgPrice');
  const price = optionalPositive(row, 'price');
  const stopPrice = optionalPositive(row, 'stopPrice');
  const strategyId = optionalText(row, 'strategyId');
  const positionId = optionalText(row, 'positionId');
  return {
    ok: true,
    order: {
      orderId: text(row, 'id'), entry, side, type, timeInForce, status, wireStatus,
      quantity: lotsToUnits(entry, decimal(row, 'qty')),
      filledQuantity: lotsToUnits(entry, decimal(row, 'filledQty')),
      ...(averagePrice === undefined ? {} : { averagePrice }),
      ...(price === undefined ? {} : { price }),
      ...(stopPrice === undefined ? {} : { stopPrice }),
      ...(strategyId === undefined ? {} : { strategyId }),
      ...(positionId === undefined || positionId === '0' ? {} : { positionId }),
      lastModified: millis(row, 'lastModified'),
    },
  };
}

export function reportOf(accountId: AccountId, order: TlOrder, reportedAt: Timestamp): OrderStatusReport {
  return {
    accountId,
    instrumentId: order.entry.instrument.id,
    venueOrderId: VenueOrderId.of(order.orderId),
    ...(order.strategyId === undefined ? {} : { venueClientOrderId: order.strategyId as VenueClientOrderId }),
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    status: order.status,
    quantity: Quantity.of(order.quantity),
    filledQuantity: Quantity.of(order.filledQuantity),
    ...(order.averagePrice === undefined ? {} : { averageFillPrice: Price.of(order.averagePrice) }),
    ...(order.price === undefined ? {} : { price: Price.of(order.price) }),
    ...(order.stopPrice === undefined ? {} : { triggerPrice: Price.of(order.stopPrice) }),
    ...(order.status === 'rejected' || order.status === 'canceled' ? { venueReason: order.wireStatus } : {}),
    reportedAt,
  };
}

/** An execution row (filledOrdersConfig) → a fill report; the client id comes from the order it belongs to. */
export function fillOf(accountId: AccountId, currency: string, row: Row, instruments: InstrumentTable, clientIdOf: (orderId: string) => string | undefined): FillReport | undefined {
  const entry = instruments.byTradableId(text(row, 'tradableInstrumentId'));
  const side = SIDES[text(row, 'side')];
  if (entry === undefined || side === undefined) return undefined;
  const orderId = text(row, 'orderId');
  const clientId = clientIdOf(orderId);
  return {
    accountId,
    instrumentId: entry.instrument.id,
    venueOrderId: VenueOrderId.of(orderId),
    ...(clientId === undefined ? {} : { venueClientOrderId: clientId as VenueClientOrderId }),
    tradeId: TradeId.of(text(row, 'id')),
    side,
    quantity: Quantity.of(lotsToUnits(entry, decimal(row, 'qty'))),
    price: Price.of(decimal(row, 'price')),
    // TradeLocker's executions carry no commission column: FX brokers on it charge through the spread.
    commission: Money.zero(currency),
    liquidity: 'taker',
    occurredAt: millis(row, 'createdDate'),
  };
}
