import type { CancelTimer, Clock, Timestamp } from '../../core';
import type { CancelOutcome, MatchingEvent, ModifyOutcome, SimOrder, SubmitOutcome } from '../matching';
import type { PaperStore } from './store';

export /** A clock whose "now" can be pinned while logged inputs are replayed at the times they first happened. */
class PinnableClock implements Clock {
  pinned: Timestamp | undefined;
  constructor(private readonly inner: Clock) {}
  now(): Timestamp {
    return this.pinned ?? this.inner.now();
  }
  monotonicNanos(): bigint {
    return this.inner.monotonicNanos();
  }
  setTimeout(delayMs: number, callback: () => void): CancelTimer {
    return this.inner.setTimeout(delayMs, callback);
  }
}

export /** Keeps closed orders and fills in the store as they happen (the engine forgets old ones). */
function recordHistory(store: PaperStore, event: MatchingEvent): void {
  if (event.type === 'order-filled') store.recordFill(event.fill);
  if ((event.type === 'order-filled' || event.type === 'order-canceled' || event.type === 'order-expired') && ['filled', 'canceled', 'expired'].includes(event.order.status)) {
    store.recordClosedOrder(event.order);
  }
}

/** What applying a logged input produced, for the caller that is waiting on it. */
export type Applied =
  | { kind: 'submit'; outcome: SubmitOutcome }
  | { kind: 'cancel'; outcome: CancelOutcome }
  | { kind: 'modify'; outcome: ModifyOutcome }
  | { kind: 'cancel-all'; outcome: readonly SimOrder[] }
  | { kind: 'move' };
