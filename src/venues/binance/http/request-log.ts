import type { Logger } from '../../../shared/logger';

/** One request to Binance and its outcome. Holds no header, key or signature (the signature is cut from the path). */
export interface BinanceRequestLogEntry {
  readonly venue: 'BINANCE' | 'BINANCEUS';
  readonly method: string;
  /** Path and query as sent without `signature`, without the host. */
  readonly path: string;
  readonly status?: number;
  readonly outcome: 'ok' | 'http-error' | 'rate-limited' | 'banned' | 'unknown-outcome' | 'timeout' | 'network-error';
  readonly latencyMs: number;
  readonly weight: number;
  readonly venueCode?: number;
  readonly errorCode?: string;
  readonly startedAt: number;
  /** Milliseconds the rate limiter held the request before it was sent, when it did. */
  readonly queuedMs?: number;
}

export type BinanceRequestLogSink = (entry: BinanceRequestLogEntry) => void;

export function requestLog(logger: Logger, sink?: BinanceRequestLogSink): BinanceRequestLogSink {
  return (entry) => {
    if (entry.outcome === 'ok') logger.debug({ request: entry }, 'binance request');
    else logger.warn({ request: entry }, 'binance request failed');
    sink?.(entry);
  };
}

/** The path with `signature=...` removed, so no log line ever holds a signature. */
export function redactSignature(pathAndQuery: string): string {
  return pathAndQuery.replace(/([?&])signature=[^&]*/g, '$1signature=[redacted]');
}
