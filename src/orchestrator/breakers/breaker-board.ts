import type { AccountId, CircuitBreakerView, Clock, MessageBus, Timestamp } from '../../core';
import { TmtError } from '../../core';

type Level = CircuitBreakerView['level'];

interface BreakerState {
  readonly id: string;
  readonly level: Level;
  reason: string;
  openedAt: Timestamp;
  reopensAt: Timestamp | undefined;
}

/**
 * The state of every circuit breaker: open ones are kept with their reason; a breaker with a cool-off closes
 * by itself once the clock passes it (checked lazily, so a manual clock drives it exactly), one without
 * waits for an operator. Opening raises a critical alert on the bus once per opening.
 */
export class BreakerBoard {
  private readonly open = new Map<string, BreakerState>();
  private readonly known = new Map<string, Level>();

  constructor(
    private readonly clock: Clock,
    private readonly bus: MessageBus,
  ) {}

  trip(id: string, level: Level, reason: string, coolOffMs?: number, accountId?: AccountId): void {
    this.known.set(id, level);
    if (this.isOpen(id)) return;
    const now = this.clock.now();
    const state: BreakerState = {
      id,
      level,
      reason,
      openedAt: now,
      reopensAt: coolOffMs === undefined ? undefined : now + coolOffMs,
    };
    this.open.set(id, state);
    this.bus.publish({
      type: 'AlertRaised',
      alertId: `breaker:${id}:${now}`,
      kind: 'circuit-breaker',
      severity: 'critical',
      message: `circuit breaker ${id} opened: ${reason}`,
      ...(accountId === undefined ? {} : { accountId }),
      details: {
        breaker: id,
        level,
        resume:
          state.reopensAt === undefined
            ? 'operator'
            : `cool-off until ${new Date(state.reopensAt).toISOString()}`,
      },
      occurredAt: now,
    });
  }

  /** Registers a breaker so that it is listed while closed. */
  declare(id: string, level: Level): void {
    this.known.set(id, level);
  }

  isOpen(id: string): boolean {
    const state = this.open.get(id);
    if (state === undefined) return false;
    if (state.reopensAt !== undefined && this.clock.now() >= state.reopensAt) {
      this.open.delete(id);
      return false;
    }
    return true;
  }

  reason(id: string): string | undefined {
    return this.isOpen(id) ? this.open.get(id)?.reason : undefined;
  }

  /** Closes a breaker by hand (operator resume); state-derived breakers may open again at the next check. */
  resume(id: string): CircuitBreakerView {
    const level = this.known.get(id);
    if (level === undefined) throw new TmtError('API_NOT_FOUND', `no circuit breaker ${id}`, { field: 'id' });
    this.open.delete(id);
    return this.view(id, level);
  }

  /** Closes a time-derived breaker without an operator (e.g. the trading session has begun). */
  close(id: string): void {
    this.open.delete(id);
  }

  list(): readonly CircuitBreakerView[] {
    return [...this.known].map(([id, level]) => this.view(id, level));
  }

  private view(id: string, level: Level): CircuitBreakerView {
    if (!this.isOpen(id)) return { id, level, state: 'closed' };
    const state = this.open.get(id) as BreakerState;
    return {
      id,
      level,
      state: 'open',
      reason: state.reason,
      openedAt: state.openedAt,
      ...(state.reopensAt === undefined ? {} : { reopensAt: state.reopensAt }),
    };
  }
}
