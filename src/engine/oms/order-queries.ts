import {
  decodeExact,
  Order,
  type FillReport,
  type FinishedOrderRecord,
  type OrderEvent,
  type OrderHistorySync,
  type StoredFill,
} from '../../core';
import type { FillFilter, OrderFilter, OrderView } from '../trading-engine';
import { toReport } from './fill-views';
import type { OrderCache, OrderEntry } from './order-cache';

/**
 * The engine's order and fill queries over memory and the order history together, with the results the
 * engine gave when it held every order: orders newest first (creation order), fills newest first with ties in
 * creation order. Orders in memory win over their stored copy (they may have changed since it was written).
 */
export class OrderQueries {
  constructor(
    private readonly cache: OrderCache,
    private readonly history: OrderHistorySync | undefined,
  ) {}

  order(clientOrderId: string): OrderView | undefined {
    const held = this.cache.held(clientOrderId);
    if (held !== undefined) return viewOfEntry(held);
    const record = this.history?.get(clientOrderId);
    return record === undefined ? undefined : viewOfRecord(record);
  }

  orders(filter: OrderFilter): OrderView[] {
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;
    const source = filter.openOnly === true ? this.cache.openEntries() : this.cache.all();
    const held: OrderEntry[] = [];
    for (const entry of source) {
      // A submit waiting in the dead-letter queue never left: not open at its venue until an operator resends it.
      if (filter.openOnly === true && entry.deadLettered && entry.order.status === 'submitted') continue;
      if (matchesOrder(entry, filter)) held.push(entry);
    }
    held.sort((a, b) => ordinalOf(b) - ordinalOf(a));
    const out: OrderView[] = [];
    if (filter.openOnly === true || this.history === undefined) {
      for (const entry of held.slice(0, limit)) out.push(viewOfEntry(entry));
      return out;
    }
    const stored = this.history.query({
      ...(filter.accountId === undefined ? {} : { accountId: filter.accountId }),
      ...(filter.instrumentId === undefined ? {} : { instrumentId: filter.instrumentId }),
      ...(filter.tag === undefined ? {} : { tag: filter.tag }),
      ...(filter.status === undefined ? {} : { statuses: filter.status }),
    });
    // The stored rows are read lazily and the statement released at the end, even on an error.
    try {
      let index = 0;
      let next = nextStored(stored, this.cache);
      while (out.length < limit) {
        const memory = held[index];
        if (memory === undefined && next === undefined) break;
        if (next === undefined || (memory !== undefined && ordinalOf(memory) > next.ordinal)) {
          out.push(viewOfEntry(memory as OrderEntry));
          index++;
        } else {
          out.push(viewOfRecord(next));
          next = nextStored(stored, this.cache);
        }
      }
    } finally {
      stored.return?.();
    }
    return out;
  }

  fills(filter: FillFilter): FillReport[] {
    const offset = filter.offset ?? 0;
    const wanted = filter.limit === undefined ? Number.POSITIVE_INFINITY : offset + filter.limit;
    const held = heldFills(this.cache, filter);
    const merged: FillReport[] = [];
    const stored =
      this.history?.fills({
        ...(filter.accountId === undefined ? {} : { accountId: filter.accountId }),
        ...(filter.instrumentId === undefined ? {} : { instrumentId: filter.instrumentId }),
        ...(filter.clientOrderId === undefined ? {} : { clientOrderId: filter.clientOrderId }),
        ...(filter.after === undefined ? {} : { after: filter.after }),
      }) ?? [].values();
    try {
      let index = 0;
      let next = nextStoredFill(stored, this.cache);
      while (merged.length < wanted) {
        const memory = held[index];
        if (memory === undefined && next === undefined) break;
        if (next === undefined || (memory !== undefined && comesFirst(memory, next))) {
          merged.push((memory as HeldFill).report);
          index++;
        } else {
          merged.push(decodeExact<FillReport>(next.report));
          next = nextStoredFill(stored, this.cache);
        }
      }
    } finally {
      stored.return?.();
    }
    return merged.slice(offset);
  }
}

interface HeldFill {
  readonly occurredAt: number;
  readonly ordinal: number;
  readonly index: number;
  readonly report: FillReport;
}

const ordinalOf = (entry: OrderEntry): number => entry.ordinal ?? 0;

function viewOfEntry(entry: OrderEntry): OrderView {
  return {
    order: entry.order,
    status: entry.order.status,
    emulated: entry.hold !== undefined || entry.released,
  };
}

function viewOfRecord(record: FinishedOrderRecord): OrderView {
  const order = Order.fromEvents(decodeExact<OrderEvent[]>(record.events));
  return { order, status: order.status, emulated: record.emulated };
}

function matchesOrder(entry: OrderEntry, filter: OrderFilter): boolean {
  const request = entry.order.request;
  if (filter.accountId !== undefined && request.accountId !== filter.accountId) return false;
  if (filter.instrumentId !== undefined && request.instrumentId !== filter.instrumentId) return false;
  if (filter.tag !== undefined && request.tag !== filter.tag) return false;
  return filter.status === undefined || filter.status.includes(entry.order.status);
}

/** The next stored order not also in memory. */
function nextStored(
  stored: IterableIterator<FinishedOrderRecord>,
  cache: OrderCache,
): FinishedOrderRecord | undefined {
  for (let step = stored.next(); step.done !== true; step = stored.next())
    if (cache.held(step.value.clientOrderId) === undefined) return step.value;
  return undefined;
}

function nextStoredFill(stored: IterableIterator<StoredFill>, cache: OrderCache): StoredFill | undefined {
  for (let step = stored.next(); step.done !== true; step = stored.next())
    if (cache.held(step.value.clientOrderId) === undefined) return step.value;
  return undefined;
}

/** Newest first; equal times in creation order, then the order's own fill order. */
function comesFirst(a: HeldFill, b: StoredFill): boolean {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt > b.occurredAt;
  if (a.ordinal !== b.ordinal) return a.ordinal < b.ordinal;
  return a.index < b.index;
}

function heldFills(cache: OrderCache, filter: FillFilter): HeldFill[] {
  const out: HeldFill[] = [];
  for (const entry of cache.all()) {
    const request = entry.order.request;
    if (filter.accountId !== undefined && request.accountId !== filter.accountId) continue;
    if (filter.instrumentId !== undefined && request.instrumentId !== filter.instrumentId) continue;
    if (filter.clientOrderId !== undefined && request.clientOrderId !== filter.clientOrderId) continue;
    let index = 0;
    for (const event of entry.order.events) {
      if (event.type !== 'OrderFilled') continue;
      const fill = event;
      if (filter.after === undefined || fill.occurredAt > filter.after)
        out.push({
          occurredAt: fill.occurredAt,
          ordinal: ordinalOf(entry),
          index,
          report: toReport(entry, fill),
        });
      index++;
    }
  }
  return out.sort((a, b) => b.occurredAt - a.occurredAt || a.ordinal - b.ordinal || a.index - b.index);
}
