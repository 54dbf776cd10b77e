import type { BusHandler, EngineEvent, EngineEventType, MessageBus } from '../../core';

/** Called when a handler throws: the failure is reported, never allowed to stop delivery to the others. */
export type HandlerErrorReporter = (error: unknown, event: EngineEvent) => void;

type AnyHandler = (event: EngineEvent) => void;

const EMPTY: readonly AnyHandler[] = [];

/**
 * The in-process message bus: synchronous delivery in subscription order. Subscriber lists are copied on
 * (un)subscribe rather than on publish, so that publish allocates nothing and a handler that unsubscribes
 * (itself or another) during delivery does not disturb the loop in progress.
 */
export class InProcessBus implements MessageBus {
  private readonly byType = new Map<string, readonly AnyHandler[]>();
  private wildcard: readonly AnyHandler[] = EMPTY;
  private failures = 0;

  constructor(private readonly onHandlerError: HandlerErrorReporter = () => undefined) {}

  publish(event: EngineEvent): void {
    const typed = this.byType.get(event.type);
    if (typed !== undefined) this.deliver(typed, event);
    if (this.wildcard.length > 0) this.deliver(this.wildcard, event);
  }

  subscribe<T extends EngineEventType>(
    type: T,
    handler: BusHandler<Extract<EngineEvent, { type: T }>>,
  ): () => void;
  subscribe(type: '*', handler: BusHandler): () => void;
  subscribe(type: string, handler: AnyHandler): () => void {
    if (type === '*') {
      this.wildcard = [...this.wildcard, handler];
    } else {
      this.byType.set(type, [...(this.byType.get(type) ?? EMPTY), handler]);
    }
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      if (type === '*') {
        this.wildcard = without(this.wildcard, handler);
      } else {
        const remaining = without(this.byType.get(type) ?? EMPTY, handler);
        if (remaining.length === 0) this.byType.delete(type);
        else this.byType.set(type, remaining);
      }
    };
  }

  /** Handler failures since start (also reported one by one to the reporter). */
  handlerFailures(): number {
    return this.failures;
  }

  private deliver(handlers: readonly AnyHandler[], event: EngineEvent): void {
    for (let i = 0; i < handlers.length; i++) {
      try {
        (handlers[i] as AnyHandler)(event);
      } catch (error) {
        this.failures++;
        try {
          this.onHandlerError(error, event);
        } catch {
          // A failing reporter must not break delivery either; the failure count still shows it.
        }
      }
    }
  }
}

function without(handlers: readonly AnyHandler[], handler: AnyHandler): readonly AnyHandler[] {
  const index = handlers.indexOf(handler);
  if (index < 0) return handlers;
  return [...handlers.slice(0, index), ...handlers.slice(index + 1)];
}
