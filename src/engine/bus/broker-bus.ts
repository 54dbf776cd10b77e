import { randomUUID } from 'node:crypto';

import {
  decodeExact,
  type BrokerChannel,
  type BusHandler,
  type Consumption,
  type EngineEvent,
  type EngineEventType,
  type MessageBus,
} from '../../core';
import { Deduplicator } from './dedup';
import { liveEnvelope } from './envelopes';
import { InProcessBus, type HandlerErrorReporter } from './in-process-bus';

/**
 * The MessageBus port across processes: publish appends to the broker's events stream, and every process's
 * subscribers receive what any process published, in stream order, each message once (deduplicated on the
 * journal sequence or id). Publishes in one tick go as one pipelined batch; publish itself stays synchronous,
 * as the port requires, and a broker failure is reported, never thrown at the publisher.
 */
export class BrokerBus implements MessageBus {
  private readonly local: InProcessBus;
  private readonly dedup = new Deduplicator();
  private readonly origin = `bus-${randomUUID().slice(0, 12)}`;
  private queue: ReturnType<typeof liveEnvelope>[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private counter = 0;
  private deliveredOwn = 0;
  private readonly settleWaiters: { count: number; resolve: () => void }[] = [];
  private consumption: Consumption | undefined;
  /** Failed publish attempts (each retried until the broker takes the batch), and the last cause. */
  publishFailures = 0;
  lastPublishError: unknown;

  private constructor(
    private readonly channel: BrokerChannel,
    private readonly now: () => number,
    onError: HandlerErrorReporter,
  ) {
    this.local = new InProcessBus(onError);
  }

  static async open(
    channel: BrokerChannel,
    now: () => number,
    onError: HandlerErrorReporter = () => undefined,
  ): Promise<BrokerBus> {
    const bus = new BrokerBus(channel, now, onError);
    bus.consumption = await channel.tail(({ envelope }) => {
      if (bus.dedup.firstTime(envelope)) bus.local.publish(decodeExact<EngineEvent>(envelope.body));
      if (envelope.origin === bus.origin) bus.ownDelivered();
    });
    return bus;
  }

  publish(event: EngineEvent): void {
    this.queue.push(liveEnvelope(this.origin, String(++this.counter), event, this.now()));
    if (this.queue.length === 1) queueMicrotask(() => this.flush());
  }

  subscribe<T extends EngineEventType>(
    type: T,
    handler: BusHandler<Extract<EngineEvent, { type: T }>>,
  ): () => void;
  subscribe(type: '*', handler: BusHandler): () => void;
  subscribe(type: string, handler: BusHandler): () => void {
    return this.local.subscribe(type as '*', handler);
  }

  /**
   * Resolves once every event this bus published has come back from the broker and been delivered,
   * including events that handlers published while it waited.
   */
  async settle(): Promise<void> {
    while (this.deliveredOwn < this.counter) {
      const count = this.counter;
      await new Promise<void>((resolve) => this.settleWaiters.push({ count, resolve }));
    }
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.consumption?.stop();
  }

  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    // Chained: batches reach the broker in publish order even when one is still in flight.
    this.flushing = this.flushing.then(async () => {
      for (let attempt = 0; ; attempt++) {
        try {
          await this.channel.publish(batch);
          return;
        } catch (error) {
          this.publishFailures++;
          this.lastPublishError = error;
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
        }
      }
    });
  }

  private ownDelivered(): void {
    this.deliveredOwn++;
    for (let i = this.settleWaiters.length - 1; i >= 0; i--) {
      const waiter = this.settleWaiters[i] as (typeof this.settleWaiters)[number];
      if (this.deliveredOwn >= waiter.count) {
        this.settleWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}
