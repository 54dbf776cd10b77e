import { Decimal, Price, isConditional, type Timestamp } from '../../core';
import type { InstrumentScale } from './scale';
import type { SimOrder, SimOrderRequest, SimOrderStatus } from './types';

/** Scale of average fill prices: finer than any tick, rounded half-even. */
const AVERAGE_SCALE = 12;

/**
 * The engine's mutable record of one order. Plain data (numbers, strings, Decimals) so that a snapshot is
 * `encodeExact` of it. Prices and sizes in ticks and lots of the instrument.
 */
export interface LiveOrder {
  orderId: string;
  request: SimOrderRequest;
  status: SimOrderStatus;
  quantityLots: number;
  filledLots: number;
  priceTicks: number | undefined;
  triggerTicks: number | undefined;
  /** True once a conditional order has triggered (a stop-limit or LIT then rests as a limit). */
  triggered: boolean;
  /** Time priority: a sequence number, renewed when a modify loses the order its place. */
  priority: number;
  /** Displayed market size ahead of us at our level; we fill only once it has traded away. */
  queueAhead: number;
  /** Iceberg: lots left in the shown slice. Equal to the leaves for a plain order. */
  sliceLots: number;
  /** Trailing stops: best bid (sell) or ask (buy) in ticks since acceptance. */
  trailingExtreme: number | undefined;
  /** Exact sum of price × quantity of the fills, for the average price. */
  filledNotional: Decimal;
  expireAt: Timestamp | undefined;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  reason: string | undefined;
}

export function leavesLots(order: LiveOrder): number {
  return order.quantityLots - order.filledLots;
}

export function isOpenStatus(status: SimOrderStatus): boolean {
  return status === 'accepted' || status === 'triggered' || status === 'partially-filled' || status === 'pending';
}

/** Whether the order currently rests as a limit in the queue (rather than waiting for a trigger). */
export function isRestingLimit(order: LiveOrder): boolean {
  if (order.priceTicks === undefined || order.status === 'pending' || !isOpenStatus(order.status)) return false;
  const type = order.request.type;
  if (type === 'limit') return true;
  return (type === 'stop-limit' || type === 'limit-if-touched' || type === 'trailing-limit') && order.triggered;
}

export function isWaitingForTrigger(order: LiveOrder): boolean {
  return isConditional(order.request.type) && !order.triggered && isOpenStatus(order.status) && order.status !== 'pending';
}

export function toSimOrder(order: LiveOrder, scale: InstrumentScale): SimOrder {
  const filled = scale.quantity(order.filledLots);
  // Optional fields are added to the one object, in the same order as before, instead of spreading two
  // objects together: one allocation per order event, not three (a view is built for every order event).
  const out: { -readonly [K in keyof SimOrder]: SimOrder[K] } = {
    orderId: order.orderId,
    request: order.request,
    status: order.status,
    quantity: scale.quantity(order.quantityLots),
    filledQuantity: filled,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
  if (order.priceTicks !== undefined) out.price = scale.price(order.priceTicks);
  else if (order.request.price !== undefined) out.price = order.request.price;
  if (order.triggerTicks !== undefined) out.triggerPrice = scale.price(order.triggerTicks);
  if (order.filledLots > 0) {
    out.averagePrice = Price.of(order.filledNotional.div(filled, AVERAGE_SCALE, 'half-even').normalize());
  }
  if (order.reason !== undefined) out.reason = order.reason;
  return out;
}

export function createLiveOrder(request: SimOrderRequest, scale: InstrumentScale, orderId: string, priority: number, now: Timestamp, expireAt: Timestamp | undefined): LiveOrder {
  const lots = scale.lotsOf(request.quantity) as number;
  return {
    orderId,
    request,
    status: 'accepted',
    quantityLots: lots,
    filledLots: 0,
    priceTicks: request.price === undefined ? undefined : scale.ticksOf(request.price),
    triggerTicks: request.triggerPrice === undefined ? undefined : scale.ticksOf(request.triggerPrice),
    triggered: false,
    priority,
    queueAhead: 0,
    sliceLots: lots,
    trailingExtreme: undefined,
    filledNotional: Decimal.ZERO,
    expireAt,
    createdAt: now,
    updatedAt: now,
    reason: undefined,
  };
}

/**
 * Forgets the oldest closed orders beyond `keep` (the map is in order-id order); returns what it dropped.
 * It waits for a tenth more than `keep` to pile up, so the scan runs once per many orders.
 */
export function pruneClosedOrders(orders: Map<string, LiveOrder>, openCount: number, keep: number): LiveOrder[] {
  let excess = orders.size - openCount - keep;
  if (excess <= Math.ceil(keep / 10)) return [];
  const dropped: LiveOrder[] = [];
  for (const [orderId, order] of orders) {
    if (excess <= 0) break;
    if (isOpenStatus(order.status)) continue;
    orders.delete(orderId);
    dropped.push(order);
    excess--;
  }
  return dropped;
}
