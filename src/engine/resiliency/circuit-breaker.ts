import type { Clock, Timestamp } from '../../core';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one trial request is let through. */
  readonly openForMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, openForMs: 10_000 };

export type CircuitListener = (from: CircuitState, to: CircuitState, reason: string) => void;

/**
 * One per venue. Counts transport failures (never venue rejections: a venue that says no is healthy).
 * closed -> open after `failureThreshold` consecutive failures; open -> half-open once `openForMs` passed
 * (checked lazily on the next request, on the injected clock); half-open lets one trial through: success
 * closes, failure reopens.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private openedAt: Timestamp = 0;
  private trialInFlight = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: CircuitBreakerOptions = DEFAULT_CIRCUIT_BREAKER,
    private readonly listener: CircuitListener = () => undefined,
  ) {}

  state(): CircuitState {
    if (this.current === 'open' && this.clock.now() - this.openedAt >= this.options.openForMs) {
      this.move('half-open', `open for ${this.options.openForMs} ms`);
    }
    return this.current;
  }

  /** Whether a request may go now. In half-open, only one trial at a time. */
  tryAcquire(): boolean {
    switch (this.state()) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half-open':
        if (this.trialInFlight) return false;
        this.trialInFlight = true;
        return true;
    }
  }

  /** Cancels bypass the trial limit: a cancel is always worth trying unless the circuit is fully open. */
  allowsCancel(): boolean {
    return this.state() !== 'open';
  }

  recordSuccess(): void {
    this.failures = 0;
    this.trialInFlight = false;
    if (this.current !== 'closed') this.move('closed', 'a request succeeded');
  }

  recordFailure(reason: string): void {
    this.trialInFlight = false;
    this.failures++;
    if (
      this.current === 'half-open' ||
      (this.current === 'closed' && this.failures >= this.options.failureThreshold)
    ) {
      this.openedAt = this.clock.now();
      this.move('open', reason);
    }
  }

  private move(to: CircuitState, reason: string): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.listener(from, to, reason);
  }
}
