import { Quantity, type AlgoParentUpdated, type Timestamp } from '../../core';
import type { ParentView } from './parent-order';

/** The stream's view of a parent after a change: its progress, the schedule's target by now and its children. */
export function parentUpdated(view: ParentView, reason: string, now: Timestamp): AlgoParentUpdated {
  let scheduled: Quantity | undefined;
  for (const slice of view.schedule) if (slice.dueAt <= now) scheduled = slice.cumulativeTarget;
  return {
    type: 'AlgoParentUpdated',
    parentId: view.parentId,
    kind: view.kind,
    status: view.status,
    reason,
    accountId: view.spec.accountId,
    instrumentId: view.spec.instrumentId,
    side: view.spec.side,
    quantity: view.quantity,
    filledQuantity: view.filledQuantity,
    leftQuantity: view.leftQuantity,
    ...(view.averagePrice !== undefined ? { averagePrice: view.averagePrice } : {}),
    ...(view.slippageBasisPoints !== undefined ? { slippageBasisPoints: view.slippageBasisPoints } : {}),
    ...(view.schedule.length > 0 ? { scheduledQuantity: scheduled ?? Quantity.parse('0') } : {}),
    children: view.children.map((child) => ({
      clientOrderId: child.clientOrderId,
      instrumentId: child.instrumentId,
      status: child.status,
      quantity: child.quantity,
      filledQuantity: child.filledQuantity,
    })),
    occurredAt: now,
    recordedAt: now,
  };
}
