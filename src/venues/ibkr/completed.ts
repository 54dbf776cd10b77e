import type { Timestamp } from '../../core/clock';
import type { IbOrderBook, IbOrderRecord } from './orders';
import { statusOf } from './orders';
import type { IbCompletedOrderMessage } from './parse/completed-order';

/** Final statuses reconciled from completed orders; a fill is left to the executions, which carry its price. */
const ENDED_WITHOUT_FILL_EVIDENCE: ReadonlySet<string> = new Set(['Cancelled', 'ApiCancelled', 'Inactive']);

/**
 * reqCompletedOrders after a reconnect or 1101: an order TWS cancelled or rejected while the adapter was not
 * listening has no execution to show it, and the open orders only show it gone. Its completed order says how it
 * ended. Matched by orderRef (TMT's client id), then permId; returns the records it changed.
 */
export function applyCompletedOrders(book: IbOrderBook, completed: readonly IbCompletedOrderMessage[], now: Timestamp): IbOrderRecord[] {
  const changed: IbOrderRecord[] = [];
  for (const message of completed) {
    if (!ENDED_WITHOUT_FILL_EVIDENCE.has(message.status)) continue;
    const record = (message.orderRef === '' ? undefined : book.ref(message.orderRef)) ?? book.all().find((r) => r.permId !== 0 && r.permId === message.permId);
    if (record === undefined || !isWorking(record)) continue;
    record.ibStatus = message.status;
    if (message.filledQuantity !== undefined && message.filledQuantity.gt(record.filled)) record.filled = message.filledQuantity;
    record.lastError = message.completedStatus;
    record.generation += 1;
    record.updatedAt = now;
    changed.push(record);
  }
  return changed;
}

export function isWorking(record: IbOrderRecord): boolean {
  const s = statusOf(record);
  return s === 'accepted' || s === 'partially-filled' || s === 'triggered' || s === 'pending-cancel' || s === 'pending-update';
}
