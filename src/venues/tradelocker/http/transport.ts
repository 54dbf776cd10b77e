import { Pool, errors as undiciErrors } from 'undici';

import type { Clock } from '../../../core/clock';
import { TmtError } from '../../../core/errors';
import type { Logger } from '../../../shared/logger';
import type { RouteName } from '../enums';
import { API_PREFIX } from '../urls';
import { parseExactJson, stringifyExactJson } from './json';
import type { RouteRateLimiter } from './rate-limiter';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface TlResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface TlRequest {
  readonly method: HttpMethod;
  /** Below /backend-api, with its query. */
  readonly path: string;
  readonly body?: unknown;
  /** The rate-limited route this call counts against (none for the auth calls). */
  readonly route?: RouteName;
  readonly authorization?: string;
  readonly accNum?: string;
}

/** One request and its outcome, for the venue request log. Never a header: tokens stay in Authorization. */
export interface TlRequestLogEntry {
  readonly venue: 'TRADELOCKER';
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly outcome: 'ok' | 'http-error' | 'rate-limited' | 'timeout' | 'network-error';
  readonly latencyMs: number;
  readonly startedAt: number;
  readonly errmsg?: string;
  readonly queuedMs?: number;
}

export interface TransportOptions {
  readonly origin: string;
  readonly limiter: RouteRateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly requestLog?: (entry: TlRequestLogEntry) => void;
  readonly connections: number;
  readonly timeoutMs: number;
}

/** A 429 from TradeLocker carries no Retry-After: the route waits one window. */
const RATE_LIMIT_PAUSE_MS = 1_000;

/**
 * The HTTP layer: a keep-alive pool, the per-route limiter, exact JSON both ways, the request log. It sends a
 * request once; retrying reads and settling writes is the caller's (a write is never resent blindly).
 */
export class TradeLockerTransport {
  private readonly pool: Pool;

  constructor(private readonly options: TransportOptions) {
    this.pool = new Pool(options.origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async send(request: TlRequest): Promise<TlResponse> {
    const queuedMs = request.route === undefined ? 0 : await this.options.limiter.acquire(request.route);
    const startedAt = this.options.clock.now();
    const started = performance.now();
    const { method, path } = request;
    const log = (entry: Omit<TlRequestLogEntry, 'venue' | 'method' | 'path' | 'startedAt' | 'latencyMs'>): void => {
      const full: TlRequestLogEntry = { venue: 'TRADELOCKER', method, path, startedAt, latencyMs: performance.now() - started, ...entry, ...(queuedMs > 1 ? { queuedMs } : {}) };
      if (full.outcome === 'ok') this.options.logger.debug({ request: full }, 'tradelocker request');
      else this.options.logger.warn({ request: full }, 'tradelocker request failed');
      this.options.requestLog?.(full);
    };
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.authorization !== undefined) headers['authorization'] = request.authorization;
    if (request.accNum !== undefined) headers['accNum'] = request.accNum;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.pool.request({
        method, path: `${API_PREFIX}${path}`, headers,
        ...(request.body === undefined ? {} : { body: stringifyExactJson(request.body) }),
        headersTimeout: this.options.timeoutMs, bodyTimeout: this.options.timeoutMs,
      });
      const text = await response.body.text();
      const status = response.statusCode;
      let body: unknown;
      try {
        body = text === '' ? {} : parseExactJson(text);
      } catch (cause) {
        log({ status, outcome: 'http-error', errmsg: 'not JSON' });
        throw new TmtError('VENUE_PROTOCOL', `TradeLocker answered ${method} ${path} with ${status} and a body that is not JSON`, { cause });
      }
      if (status === 429 && request.route !== undefined) this.options.limiter.pause(request.route, RATE_LIMIT_PAUSE_MS);
      const errmsg = typeof (body as { errmsg?: unknown }).errmsg === 'string' ? (body as { errmsg: string }).errmsg : undefined;
      log({ status, outcome: status === 429 ? 'rate-limited' : status >= 400 ? 'http-error' : 'ok', ...(errmsg === undefined ? {} : { errmsg }) });
      return { status, body };
    } catch (error) {
      if (error instanceof TmtError) throw error;
      const timeout = error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
      const refused = (error as { code?: string }).code === 'ECONNREFUSED';
      log({ outcome: timeout ? 'timeout' : 'network-error' });
      if (refused) throw new TmtError('VENUE_UNAVAILABLE', `TradeLocker refused the connection for ${method} ${path}`, { cause: error });
      // Sent, or possibly sent: the outcome is unknown until a lookup says otherwise.
      throw new TmtError(timeout ? 'VENUE_TIMEOUT' : 'VENUE_OUTCOME_UNKNOWN', `no answer from TradeLocker for ${method} ${path}`, { cause: error, retryable: method === 'GET' });
    }
  }
}
