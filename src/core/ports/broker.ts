import type { Timestamp } from '../clock';

/**
 * One message on a broker stream (docs/bus.md), the same on Redis Streams and NATS JetStream. `body` is the
 * event or signal encoded with core/serialization (exact decimals survive); the other fields let a consumer
 * route and deduplicate without decoding it.
 */
export interface BusEnvelope {
  /** Format version: 1. */
  readonly v: 1;
  /** Who published it: the engine id (events) or the agent id (signals, heartbeats). */
  readonly origin: string;
  /**
   * The journal sequence number of a journaled event: strictly increasing per origin, so a consumer keeps the
   * highest one seen and drops anything at or below it. Absent on messages that are not journaled.
   */
  readonly seq?: number;
  /** When one journal record holds several events (a submit command: OrderInitialized + OrderSubmitted): 0, 1... */
  readonly part?: number;
  /** For messages without `seq`: a unique id to deduplicate on (a signal's clientSignalId, an event id). */
  readonly id?: string;
  /** The event type (`OrderFilled`), or `Signal`, `AgentRegistered`, `AgentHeartbeat`. */
  readonly type: string;
  /** The journal partition: an account id, or 'system'. */
  readonly stream: string;
  readonly at: Timestamp;
  readonly body: string;
}

/** A delivered message; the handler acknowledges it by resolving, and leaves it for redelivery by throwing. */
export interface BrokerDelivery {
  /** The broker's own id (Redis entry id, JetStream stream sequence as text). */
  readonly brokerId: string;
  readonly envelope: BusEnvelope;
  /** True when the broker delivered it before (claimed from a crashed consumer, or an ack wait expired). */
  readonly redelivered: boolean;
}

export type DeliveryHandler = (delivery: BrokerDelivery) => Promise<void> | void;

export interface GroupOptions {
  /** The consumer group (Redis) or durable consumer (JetStream): instances in one group share the work. */
  readonly group: string;
  /** This instance's name inside the group. */
  readonly consumer: string;
  /** How long a delivered, unacknowledged message waits before another instance may take it. Default 30 s. */
  readonly ackWaitMs?: number;
  /** Types to receive (JetStream filters by subject; Redis filters after reading, acking the rest). */
  readonly types?: readonly string[];
}

export interface Consumption {
  /** Stops reading; messages delivered but not acknowledged stay pending for redelivery. */
  stop(): Promise<void>;
}

/** One named, durable, ordered stream on the broker: `{prefix}:events` or `{prefix}:signals`. */
export interface BrokerChannel {
  /** Appends in order; resolves once the broker holds every one of them (persisted there). */
  publish(envelopes: readonly BusEnvelope[]): Promise<void>;
  /** Work sharing: each message goes to one instance of the group, at least once. */
  consumeGroup(options: GroupOptions, handler: DeliveryHandler): Promise<Consumption>;
  /** Fan-out: every message published from now on, in order, to this subscriber (no acknowledgement). */
  tail(handler: DeliveryHandler): Promise<Consumption>;
}

/** A connection to a message broker (Redis Streams or NATS JetStream) carrying TMT's two streams. */
export interface Broker {
  readonly kind: 'redis' | 'nats';
  readonly events: BrokerChannel;
  readonly signals: BrokerChannel;
  /** True while connected. */
  connected(): boolean;
  close(): Promise<void>;
}
