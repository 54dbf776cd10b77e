import type { Logger } from '../../../shared/logger';

/** One request to OANDA and its outcome. Never holds a header: the token travels only in the Authorization header. */
export interface VenueRequestLogEntry {
  readonly venue: 'OANDA';
  readonly method: string;
  /** Path and query as sent, without the host. */
  readonly path: string;
  readonly status?: number;
  /** `ok`, `http-error`, `rate-limited`, `timeout`, `network-error`. */
  readonly outcome: 'ok' | 'http-error' | 'rate-limited' | 'timeout' | 'network-error';
  readonly latencyMs: number;
  readonly requestId?: string;
  readonly errorCode?: string;
  readonly startedAt: number;
  /** Milliseconds the rate limiter held the request before it was sent, when it did. */
  readonly queuedMs?: number;
}

export type VenueRequestLogSink = (entry: VenueRequestLogEntry) => void;

/** Writes every entry to the logger at debug (warn for failures) and to an optional sink (the app's request log). */
export function requestLog(logger: Logger, sink?: VenueRequestLogSink): VenueRequestLogSink {
  return (entry) => {
    if (entry.outcome === 'ok') logger.debug({ request: entry }, 'oanda request');
    else logger.warn({ request: entry }, 'oanda request failed');
    sink?.(entry);
  };
}
