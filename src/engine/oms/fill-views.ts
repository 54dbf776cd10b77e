import type { FillReport, OrderFilled } from '../../core';
import type { FillFilter } from '../trading-engine';
import type { OrderEntry } from './order-cache';

/** Fills as reports, newest first, from the orders' own events (the orders are the record). */
export function collectFills(entries: Iterable<OrderEntry>, filter: FillFilter): FillReport[] {
  const out: FillReport[] = [];
  for (const entry of entries) {
    const request = entry.order.request;
    if (filter.accountId !== undefined && request.accountId !== filter.accountId) continue;
    if (filter.instrumentId !== undefined && request.instrumentId !== filter.instrumentId) continue;
    if (filter.clientOrderId !== undefined && request.clientOrderId !== filter.clientOrderId) continue;
    for (const event of entry.order.events) {
      if (event.type !== 'OrderFilled') continue;
      if (filter.after !== undefined && event.occurredAt <= filter.after) continue;
      out.push(toReport(entry, event));
    }
  }
  out.sort((a, b) => b.occurredAt - a.occurredAt);
  const offset = filter.offset ?? 0;
  return out.slice(offset, filter.limit === undefined ? undefined : offset + filter.limit);
}

/** One fill as the report the engine serves (also what the order history stores for it). */
export function toReport(entry: OrderEntry, fill: OrderFilled): FillReport {
  return {
    accountId: fill.accountId,
    instrumentId: fill.instrumentId,
    venueOrderId: fill.venueOrderId,
    ...(entry.order.venueClientOrderId === undefined
      ? {}
      : { venueClientOrderId: entry.order.venueClientOrderId }),
    clientOrderId: entry.order.request.clientOrderId,
    tradeId: fill.tradeId,
    side: fill.side,
    quantity: fill.lastQuantity,
    price: fill.lastPrice,
    commission: fill.commission,
    liquidity: fill.liquidity,
    occurredAt: fill.occurredAt,
  };
}
