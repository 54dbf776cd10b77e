import type { Clock } from '../../core';
import { isTmtError } from '../../core';

export interface BackoffOptions {
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { attempts: 4, baseMs: 50, maxMs: 2_000 };

/**
 * Full-jitter exponential backoff: delay n is uniform in [0, min(max, base * 2^n)). `random` is injected so
 * tests are deterministic.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/**
 * Errors after which resending is safe: the request is known not to have reached the venue (connection
 * refused, rate limited before processing, circuit open). A timeout or an unknown outcome is never here.
 */
export function isSafeToResend(error: unknown): boolean {
  return (
    isTmtError(error) &&
    (error.code === 'VENUE_UNAVAILABLE' ||
      error.code === 'VENUE_RATE_LIMITED' ||
      error.code === 'VENUE_TIMESTAMP')
  );
}

export function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(ms, resolve));
}

/** Runs `operation`, retrying only errors for which `isSafeToResend` holds. */
export async function withRetry<T>(
  operation: () => Promise<T>,
  clock: Clock,
  options: BackoffOptions,
  random: () => number,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isSafeToResend(error) || attempt + 1 >= options.attempts) throw error;
      await sleep(clock, backoffDelay(attempt, options, random));
    }
  }
}
