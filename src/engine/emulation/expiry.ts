import type { CancelTimer, Clock, VenueCapabilities } from '../../core';
import type { OrderCache, OrderEntry } from '../oms/order-cache';
import { emulatedExpiryAt, emulatesExpiry } from './venue-shape';

/**
 * Expiries the engine keeps for venues without GTD / DAY: one timer per open order, armed when the order is
 * at the venue and again after a restart from the journaled request (the expiry is part of it), so nothing
 * outlives its time because TMT was down; an order found past its expiry at start is canceled at once.
 */
export class ExpiryTimers {
  private readonly timers = new Map<OrderEntry, CancelTimer>();

  constructor(
    private readonly clock: Clock,
    private readonly cache: OrderCache,
    private readonly capabilities: (entry: OrderEntry) => VenueCapabilities | undefined,
    private readonly expire: (entry: OrderEntry, reason: string) => void,
  ) {}

  /** Every open order (after replay). */
  armAll(): void {
    for (const entry of this.cache.openEntries()) this.arm(entry);
  }

  arm(entry: OrderEntry): void {
    if (this.timers.has(entry) || entry.order.isTerminal()) return;
    const capabilities = this.capabilities(entry);
    const request = entry.order.request;
    if (capabilities === undefined || !emulatesExpiry(request, capabilities)) return;
    const createdAt = entry.order.events[0]?.occurredAt ?? this.clock.now();
    const at = emulatedExpiryAt(request, createdAt);
    if (at === undefined) return;
    const reason = `${request.timeInForce} expiry at ${new Date(at).toISOString()} (kept by the engine: the venue has no ${request.timeInForce})`;
    this.timers.set(
      entry,
      this.clock.setTimeout(Math.max(0, at - this.clock.now()), () => {
        this.timers.delete(entry);
        if (!entry.order.isTerminal()) this.expire(entry, reason);
      }),
    );
  }

  disarm(entry: OrderEntry): void {
    this.timers.get(entry)?.();
    this.timers.delete(entry);
  }

  clear(): void {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
  }
}
