import { Pool, errors as undiciErrors } from 'undici';

import type { Clock } from '../../../core/clock';
import { TmtError } from '../../../core/errors';
import type { Logger } from '../../../shared/logger';
import { parseJson } from '../parse/wire';
import type { DxRateLimiter, DxRequestKind } from './rate-limiter';

export type DxMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface DxResponse {
  readonly status: number;
  readonly body: unknown;
  readonly etag?: string;
}

/** One request and its outcome, for the app's request log. Never holds a header: the token stays in Authorization. */
export interface DxRequestLogEntry {
  readonly venue: 'DXTRADE';
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly outcome: 'ok' | 'http-error' | 'rate-limited' | 'timeout' | 'network-error';
  readonly latencyMs: number;
  readonly startedAt: number;
  readonly queuedMs?: number;
}

export interface TransportOptions {
  readonly restUrl: string;
  readonly limiter: DxRateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timeoutMs: number;
  readonly log?: (entry: DxRequestLogEntry) => void;
}

/**
 * HTTP to DXtrade's `/dxsca-web`: a keep-alive pool, the rate limiter per request kind, exact JSON. It never
 * retries: a write whose answer is lost is the caller's to settle by a lookup (never a blind resend).
 */
export class DxTransport {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(private readonly options: TransportOptions) {
    const url = new URL(options.restUrl);
    this.pool = new Pool(url.origin, { connections: 4, pipelining: 1, keepAliveTimeout: 30_000 });
    this.basePath = url.pathname.replace(/\/$/, '');
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async send(kind: DxRequestKind, method: DxMethod, path: string, body: string | undefined, headers: Record<string, string>): Promise<DxResponse> {
    const queuedMs = await this.options.limiter.acquire(kind);
    const startedAt = this.options.clock.now();
    const started = process.hrtime.bigint();
    const latencyMs = (): number => Number(process.hrtime.bigint() - started) / 1e6;
    const log = (entry: Omit<DxRequestLogEntry, 'venue' | 'method' | 'path' | 'startedAt' | 'latencyMs'>): void => {
      const full: DxRequestLogEntry = { venue: 'DXTRADE', method, path: path.split('?')[0] ?? path, startedAt, latencyMs: latencyMs(), ...(queuedMs > 0 ? { queuedMs } : {}), ...entry };
      if (full.outcome === 'ok') this.options.logger.debug({ request: full }, 'dxtrade request');
      else this.options.logger.warn({ request: full }, 'dxtrade request failed');
      this.options.log?.(full);
    };
    try {
      const response = await this.pool.request({
        method, path: `${this.basePath}${path}`, headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body }), headersTimeout: this.options.timeoutMs, bodyTimeout: this.options.timeoutMs,
      });
      const text = await response.body.text();
      const status = response.statusCode;
      if (status === 429) this.options.limiter.pause(kind);
      log({ status, outcome: status === 429 ? 'rate-limited' : status >= 400 ? 'http-error' : 'ok' });
      let parsed: unknown;
      try {
        parsed = parseJson(text);
      } catch (cause) {
        throw new TmtError('VENUE_PROTOCOL', `DXtrade answered ${method} ${path} with ${status} and a body that is not JSON`, { cause });
      }
      const etag = response.headers['etag'];
      return { status, body: parsed, ...(typeof etag === 'string' ? { etag: etag.replace(/^W\//, '').replace(/"/g, '') } : {}) };
    } catch (error) {
      if (error instanceof TmtError) throw error;
      const timeout = error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
      log({ outcome: timeout ? 'timeout' : 'network-error' });
      if ((error as { code?: string }).code === 'ECONNREFUSED') throw new TmtError('VENUE_UNAVAILABLE', `DXtrade refused the connection for ${method} ${path.split('?')[0] ?? ''}`, { cause: error });
      // Sent (or possibly sent): the outcome is unknown until a lookup says otherwise.
      throw new TmtError(timeout ? 'VENUE_TIMEOUT' : 'VENUE_OUTCOME_UNKNOWN', `no answer from DXtrade for ${method} ${path.split('?')[0] ?? ''}`, { cause: error, retryable: method === 'GET' });
    }
  }
}
