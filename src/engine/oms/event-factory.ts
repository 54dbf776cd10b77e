import type { Clock, Order, OrderEvent, OrderEventBase, OrderRequest } from '../../core';

type Without<E> = E extends unknown ? Omit<E, keyof OrderEventBase | 'type'> : never;
type EventBody<T extends OrderEvent['type']> = Without<Extract<OrderEvent, { type: T }>>;

/**
 * Builds order events with their ids and timestamps. Event ids carry a per-run prefix (the journal sequence
 * the run started from) so that ids stay unique across restarts without reading a random source.
 */
export class OrderEventFactory {
  private counter = 0;

  constructor(
    private readonly clock: Clock,
    private prefix: string,
  ) {}

  setPrefix(prefix: string): void {
    this.prefix = prefix;
  }

  nextId(): string {
    return `${this.prefix}-${++this.counter}`;
  }

  initialized(request: OrderRequest): Extract<OrderEvent, { type: 'OrderInitialized' }> {
    const now = this.clock.now();
    return {
      type: 'OrderInitialized',
      eventId: this.nextId(),
      clientOrderId: request.clientOrderId,
      accountId: request.accountId,
      instrumentId: request.instrumentId,
      occurredAt: now,
      recordedAt: now,
      request,
    };
  }

  /** An event for an existing order; `occurredAt` defaults to now (engine-side facts). */
  make<T extends Exclude<OrderEvent['type'], 'OrderInitialized'>>(
    order: Order,
    type: T,
    body: EventBody<T>,
    occurredAt?: number,
  ): Extract<OrderEvent, { type: T }> {
    const now = this.clock.now();
    return {
      type,
      eventId: this.nextId(),
      clientOrderId: order.clientOrderId,
      accountId: order.request.accountId,
      instrumentId: order.request.instrumentId,
      occurredAt: occurredAt ?? now,
      recordedAt: now,
      ...body,
    } as unknown as Extract<OrderEvent, { type: T }>;
  }
}
