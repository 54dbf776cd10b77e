import { Pool, errors as undiciErrors } from 'undici';

import type { Clock } from '../../../core/clock';
import { TmtError } from '../../../core/errors';
import type { OandaCredentials } from '../credentials';
import type { RateLimiter } from './rate-limiter';
import type { VenueRequestLogEntry } from './request-log';
import type { VenueRequestLogSink } from './request-log';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

export interface OandaResponse {
  readonly status: number;
  readonly body: unknown;
  readonly requestId: string | undefined;
}

export interface TransportOptions {
  readonly origin: string;
  readonly credentials: OandaCredentials;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
  readonly log: VenueRequestLogSink;
  readonly connections: number;
  readonly timeoutMs: number;
  /** Retries of an idempotent read on 429 and 5xx. */
  readonly maxRetries: number;
}

/** Wait when a 429 carries no Retry-After. OANDA's window is one second. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

/**
 * The HTTP layer: a keep-alive pool, the rate limiter, the request log. It never retries a write: a write
 * whose answer is lost or refused is returned to the caller, which settles it by a lookup (never a blind resend).
 */
export class OandaTransport {
  private readonly pool: Pool;

  constructor(private readonly options: TransportOptions) {
    this.pool = new Pool(options.origin, { connections: options.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** GET with retries on 429 (after its wait) and 5xx. */
  async read(path: string): Promise<OandaResponse> {
    let last: OandaResponse | undefined;
    const attempts = this.options.maxRetries + 1;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        last = await this.send('GET', path, undefined);
      } catch (error) {
        if (attempt === attempts - 1 || !(error instanceof TmtError && error.retryable)) throw error;
        continue;
      }
      if (last.status !== 429 && last.status < 500) return last;
    }
    return last as OandaResponse;
  }

  /** A write: sent once. A 429 is answered (status 429) after the limiter is paused for its wait. */
  async write(method: Exclude<HttpMethod, 'GET'>, path: string, body: unknown): Promise<OandaResponse> {
    return this.send(method, path, body);
  }

  private async send(method: HttpMethod, path: string, body: unknown): Promise<OandaResponse> {
    const queuedMs = await this.options.limiter.acquire();
    const log = (entry: VenueRequestLogEntry): void => this.options.log(queuedMs > 0 ? { ...entry, queuedMs } : entry);
    const startedAt = this.options.clock.now();
    const started = process.hrtime.bigint();
    const latency = (): number => Number(process.hrtime.bigint() - started) / 1e6;
    const headers: Record<string, string> = {
      authorization: this.options.credentials.authorization(),
      'accept-datetime-format': 'RFC3339',
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await this.pool.request({
        method,
        path: `/v3${path}`,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      const text = await response.body.text();
      const requestId = headerValue(response.headers['requestid']);
      const status = response.statusCode;
      let parsed: unknown;
      try {
        parsed = text === '' ? {} : JSON.parse(text);
      } catch (cause) {
        log({ venue: 'OANDA', method, path, status, outcome: 'http-error', latencyMs: latency(), startedAt, errorCode: 'VENUE_PROTOCOL' });
        throw new TmtError('VENUE_PROTOCOL', `OANDA answered ${method} ${path} with ${status} and a body that is not JSON`, { cause });
      }
      if (status === 429) this.options.limiter.pause(retryAfterMs(response.headers['retry-after']));
      const errorCode = typeof (parsed as { errorCode?: unknown }).errorCode === 'string' ? (parsed as { errorCode: string }).errorCode : undefined;
      log({
        venue: 'OANDA', method, path, status, latencyMs: latency(), startedAt,
        outcome: status === 429 ? 'rate-limited' : status >= 400 ? 'http-error' : 'ok',
        ...(requestId === undefined ? {} : { requestId }),
        ...(errorCode === undefined ? {} : { errorCode }),
      });
      return { status, body: parsed, requestId };
    } catch (error) {
      if (error instanceof TmtError) throw error;
      const timeout = error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError;
      const refused = (error as { code?: string }).code === 'ECONNREFUSED';
      log({ venue: 'OANDA', method, path, outcome: timeout ? 'timeout' : 'network-error', latencyMs: latency(), startedAt });
      if (refused) {
        throw new TmtError('VENUE_UNAVAILABLE', `OANDA refused the connection for ${method} ${path}`, { cause: error });
      }
      // Sent (or possibly sent): the outcome is unknown until a lookup says otherwise.
      throw new TmtError(timeout ? 'VENUE_TIMEOUT' : 'VENUE_OUTCOME_UNKNOWN', `no answer from OANDA for ${method} ${path}`, {
        cause: error,
        retryable: method === 'GET',
      });
    }
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function retryAfterMs(value: string | string[] | undefined): number {
  const text = headerValue(value);
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return DEFAULT_RATE_LIMIT_WAIT_MS;
  // Retry-After is whole (or fractional) seconds: a duration, not money, so a float is right here.
  return Math.ceil(Number(text) * 1000);
}
