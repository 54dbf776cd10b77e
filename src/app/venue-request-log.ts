import type { VenueRequestRecord } from '../api/context';

interface AdapterEntry {
  readonly venue: string;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly outcome: string;
  readonly latencyMs: number;
  readonly errorCode?: string;
  readonly startedAt: number;
  /** Milliseconds the adapter's own rate limiter held the request before sending it. */
  readonly queuedMs?: number;
}

/**
 * The venue request log behind GET /api/v1/venue-requests: the last `capacity` requests the adapters sent,
 * as they report them (method, path, status, latency; the adapters never include headers or signatures).
 */
export class VenueRequestLog {
  private readonly entries: VenueRequestRecord[] = [];
  /** Told of every request the venue refused for its rate limit (429/418): the metrics count them. */
  onRateLimited: ((venue: string) => void) | undefined;
  /** Told of every request the adapter's own limiter held back, and for how long: the metrics count them. */
  onQueued: ((venue: string, queuedMs: number) => void) | undefined;

  constructor(private readonly capacity = 2_000) {}

  readonly sink = (entry: AdapterEntry): void => {
    if (entry.outcome === 'rate-limited' || entry.outcome === 'banned') this.onRateLimited?.(entry.venue);
    if (entry.queuedMs !== undefined && entry.queuedMs > 0) this.onQueued?.(entry.venue, entry.queuedMs);
    this.entries.push({
      venue: entry.venue,
      method: entry.method,
      // Query strings of signed requests carry a signature: keep the path only.
      path: entry.path.split('?')[0] ?? entry.path,
      status: entry.status ?? 'error',
      latencyMs: entry.latencyMs,
      at: entry.startedAt,
      ...(entry.outcome === 'ok' ? {} : { error: entry.errorCode ?? entry.outcome }),
    });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  };

  list(filter: { venue?: string; limit: number }): readonly VenueRequestRecord[] {
    const matching =
      filter.venue === undefined ? this.entries : this.entries.filter((e) => e.venue === filter.venue);
    return matching.slice(-filter.limit).reverse();
  }
}
