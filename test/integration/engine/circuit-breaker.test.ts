import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core';
import { CircuitBreaker, type CircuitState } from '../../../src/engine/resiliency/circuit-breaker';
import { backoffDelay } from '../../../src/engine/resiliency/backoff';

describe('circuit breaker (manual clock)', () => {
  it('opens after the threshold, half-opens after the wait, closes on a successful trial', () => {
    const clock = new ManualClock();
    const moves: string[] = [];
    const breaker = new CircuitBreaker(
      clock,
      { failureThreshold: 3, openForMs: 1_000 },
      (from: CircuitState, to: CircuitState) => moves.push(`${from}->${to}`),
    );
    breaker.recordFailure('x');
    breaker.recordFailure('x');
    expect(breaker.state()).toBe('closed');
    breaker.recordFailure('x');
    expect(breaker.state()).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    clock.advance(999);
    expect(breaker.state()).toBe('open');
    clock.advance(1);
    expect(breaker.state()).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state()).toBe('closed');
    expect(moves).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('a failed trial in half-open reopens for another full wait', () => {
    const clock = new ManualClock();
    const breaker = new CircuitBreaker(clock, { failureThreshold: 1, openForMs: 500 });
    breaker.recordFailure('x');
    clock.advance(500);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure('again');
    expect(breaker.state()).toBe('open');
    clock.advance(499);
    expect(breaker.state()).toBe('open');
    clock.advance(1);
    expect(breaker.state()).toBe('half-open');
  });

  it('a success in closed state resets the consecutive-failure count', () => {
    const breaker = new CircuitBreaker(new ManualClock(), { failureThreshold: 2, openForMs: 500 });
    breaker.recordFailure('x');
    breaker.recordSuccess();
    breaker.recordFailure('x');
    expect(breaker.state()).toBe('closed');
  });

  it('backoff delays grow exponentially up to the cap, with full jitter', () => {
    const options = { attempts: 6, baseMs: 100, maxMs: 1_000 };
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, options, () => 0.999))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
  });
});
