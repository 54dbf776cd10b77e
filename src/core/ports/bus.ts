import type { EngineEvent, EngineEventType } from '../events';

export type BusHandler<E extends EngineEvent = EngineEvent> = (event: E) => void;

/**
 * The message bus port. The in-process bus (src/engine/bus) is synchronous and allocation-free on publish;
 * a Redis Streams or NATS JetStream implementation bridges it between processes. Handlers must not throw;
 * a handler that does is reported and isolated, never allowed to stop delivery to the others.
 */
export interface MessageBus {
  publish(event: EngineEvent): void;
  /** Subscribe to one event type, or '*' for everything. */
  subscribe<T extends EngineEventType>(type: T, handler: BusHandler<Extract<EngineEvent, { type: T }>>): () => void;
  subscribe(type: '*', handler: BusHandler): () => void;
}
