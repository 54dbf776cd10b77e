import { Pool, errors as undiciErrors } from 'undici';
import type { Clock } from '../../../core/clock';
import { TmtError } from '../../../core/errors/tmt-error';
import type { ErrorCode } from '../../../core/errors/catalogue';
import type { BinanceSigner, Params } from '../credentials';
import { restQueryString, signRestPayload } from '../credentials';
import { engineCodeFor, isBinanceErrorBody, venueReason, type BinanceErrorBody } from '../parse/errors';
import type { BinanceRateLimiter } from './rate-limiter';
import { redactSignature, type BinanceRequestLogEntry, type BinanceRequestLogSink } from './request-log';
import type { TimeSync } from './time-sync';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
/** rest-api.md "Request Security": NONE is public, USER_STREAM needs the key only, the rest are SIGNED. */
export type Security = 'NONE' | 'API_KEY' | 'SIGNED';

export interface RestCall {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params: Params;
  readonly security: Security;
  readonly weight: number;
  /** New orders this request places (ORDERS limits). */
  readonly orders?: number;
}

export interface RestClientOptions {
  readonly venue: 'BINANCE' | 'BINANCEUS';
  readonly baseUrl: string;
  readonly signer?: BinanceSigner;
  readonly clock: Clock;
  readonly timeSync: TimeSync;
  readonly limiter: BinanceRateLimiter;
  readonly log: BinanceRequestLogSink;
  readonly recvWindow: number;
  readonly timeoutMs: number;
}

/** The venue's error, kept on the TmtError so callers can read the Binance code and message verbatim. */
export interface BinanceErrorDetails {
  readonly venueCode: string;
  readonly venueMessage: string;
  readonly httpStatus: string;
  /** Set on a 409 cancel-replace: the body holds the two halves. */
  readonly body?: string;
}

const CONNECTIONS = 8;

export class BinanceRestClient {
  private readonly pool: Pool;
  /** Requests on the wire now; the rest wait here, before the limiter, so weight is spent when a request really leaves. */
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly origin: string;
  private readonly basePath: string;

  constructor(private readonly options: RestClientOptions) {
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/$/, '');
    this.pool = new Pool(this.origin, { connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /**
   * The path and query to send, signed when the endpoint needs it. Parameters travel in the query string
   * (allowed for every method), so the signed payload is exactly the bytes on the wire.
   */
  buildPath(call: RestCall): string {
    let query = restQueryString(call.params);
    if (call.security === 'SIGNED') {
      const signer = this.requireSigner();
      const timing = `recvWindow=${this.options.recvWindow}&timestamp=${this.options.timeSync.now()}`;
      query = signRestPayload(signer, query.length > 0 ? `${query}&${timing}` : timing);
    }
    return query.length > 0 ? `${this.basePath}${call.path}?${query}` : `${this.basePath}${call.path}`;
  }

  /** Sends one request; a -1021 re-measures the server time and is sent once more (it never reached the engine). */
  async call<T>(call: RestCall): Promise<T> {
    try {
      return await this.send<T>(call);
    } catch (error) {
      if (error instanceof TmtError && error.code === 'VENUE_TIMESTAMP' && call.security === 'SIGNED') {
        await this.syncTime();
        return this.send<T>(call);
      }
      throw error;
    }
  }

  async syncTime(): Promise<number> {
    return this.options.timeSync.measure(async () => {
      const body = await this.send<{ serverTime: number }>({ method: 'GET', path: '/api/v3/time', params: [], security: 'NONE', weight: 1 });
      return body.serverTime;
    });
  }

  private requireSigner(): BinanceSigner {
    if (this.options.signer === undefined) throw new TmtError('VENUE_AUTHENTICATION', 'binance credentials are required for a signed request');
    return this.options.signer;
  }

  private async send<T>(call: RestCall): Promise<T> {
    // A finished request hands its slot straight to the next waiter, so at most CONNECTIONS are ever active.
    if (this.active >= CONNECTIONS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await this.sendNow<T>(call);
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.active--;
      else next();
    }
  }

  private async sendNow<T>(call: RestCall): Promise<T> {
    const { limiter, clock, log, venue } = this.options;
    const queuedMs = await limiter.acquire(call.weight, call.orders ?? 0);
    const path = this.buildPath(call);
    const headers: Record<string, string> = {};
    if (call.security !== 'NONE') headers['x-mbx-apikey'] = this.requireSigner().apiKey;
    const startedAt = clock.now();
    const started = clock.monotonicNanos();
    const entry = (fields: Pick<BinanceRequestLogEntry, 'outcome'> & Partial<BinanceRequestLogEntry>): void => {
      log({
        venue,
        method: call.method,
        path: redactSignature(path),
        weight: call.weight,
        latencyMs: Number(clock.monotonicNanos() - started) / 1e6,
        startedAt,
        ...(queuedMs > 0 ? { queuedMs } : {}),
        ...fields,
      });
    };
    let status: number;
    let text: string;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      limiter.release(call.weight, call.orders ?? 0);
    };
    try {
      const response = await this.pool.request({
        method: call.method,
        path,
        headers,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      status = response.statusCode;
      release();
      limiter.observe(status, response.headers);
      text = await response.body.text();
    } catch (error) {
      release();
      const [code, outcome] = transportCode(error, call.method);
      entry({ outcome, errorCode: code });
      throw new TmtError(code, `binance ${call.method} ${call.path}: ${(error as Error).message}`, { cause: error });
    }
    let body: unknown;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch (error) {
      const code: ErrorCode = status >= 500 ? 'VENUE_OUTCOME_UNKNOWN' : 'VENUE_PROTOCOL';
      entry({ outcome: status >= 500 ? 'unknown-outcome' : 'http-error', status, errorCode: code });
      throw new TmtError(code, `binance ${call.method} ${call.path}: HTTP ${status} with a body that is not JSON`, { cause: error });
    }
    if (status >= 200 && status < 300) {
      entry({ outcome: 'ok', status });
      return body as T;
    }
    const error = failure(status, body, call);
    entry({
      outcome: status === 429 ? 'rate-limited' : status === 418 ? 'banned' : error.code === 'VENUE_OUTCOME_UNKNOWN' ? 'unknown-outcome' : 'http-error',
      status,
      errorCode: error.code,
      ...(error.details.venueCode === undefined ? {} : { venueCode: Number(error.details.venueCode) }),
    });
    throw error;
  }
}

function failure(status: number, body: unknown, call: RestCall): TmtError {
  const venueError: BinanceErrorBody | undefined = isBinanceErrorBody(body) ? body : undefined;
  let code: ErrorCode;
  // rest-api.md: a 5XX means the execution status is UNKNOWN, whatever the body says.
  if (status >= 500) code = 'VENUE_OUTCOME_UNKNOWN';
  else if (status === 429) code = 'VENUE_RATE_LIMITED';
  else if (status === 418) code = 'VENUE_BANNED';
  else if (venueError !== undefined) code = engineCodeFor(venueError);
  else code = 'VENUE_REJECTED';
  const details: Record<string, string> = { httpStatus: String(status) };
  if (venueError !== undefined) {
    details.venueCode = String(venueError.code);
    details.venueMessage = venueError.msg;
  }
  if (status === 409) details.body = JSON.stringify(body);
  const reason = venueError !== undefined ? venueReason(venueError) : `HTTP ${status}`;
  return new TmtError(code, `binance ${call.method} ${call.path} refused: ${reason}`, { details });
}

/** A connection refused never carried the request; anything after the send leaves the outcome unknown. */
function transportCode(error: unknown, method: HttpMethod): [ErrorCode, BinanceRequestLogEntry['outcome']] {
  const cause = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') return ['VENUE_UNAVAILABLE', 'network-error'];
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) {
    return [method === 'GET' ? 'VENUE_UNAVAILABLE' : 'VENUE_TIMEOUT', 'timeout'];
  }
  return [method === 'GET' ? 'VENUE_UNAVAILABLE' : 'VENUE_OUTCOME_UNKNOWN', 'network-error'];
}
