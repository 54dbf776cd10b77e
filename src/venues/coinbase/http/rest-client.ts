import { Pool, errors as undiciErrors } from 'undici';
import type { Clock } from '../../../core/clock';
import type { ErrorCode } from '../../../core/errors/catalogue';
import { TmtError } from '../../../core/errors/tmt-error';
import type { Logger } from '../../../shared/logger';
import type { CdpSigner } from '../credentials';
import type { CoinbaseRateLimiter } from './rate-limiter';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Query = readonly (readonly [string, string])[];

export interface RestClientOptions {
  readonly baseUrl: string;
  readonly signer: CdpSigner;
  readonly clock: Clock;
  readonly limiter: CoinbaseRateLimiter;
  readonly logger: Logger;
  readonly timeoutMs: number;
}

/** A JSON request as it will leave: path with query, body text and the headers (Authorization included). */
export interface PreparedRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly body: string | undefined;
  readonly headers: Record<string, string>;
}

const CONNECTIONS = 8;

/**
 * Advanced Trade REST over one keep-alive pool. Every private request carries a fresh JWT whose `uri` is
 * "METHOD host/path" (query excluded, as the Python SDK builds it). A 5xx, a dropped connection or a timeout
 * after sending is "outcome unknown", never a rejection.
 */
export class CoinbaseRestClient {
  private readonly pool: Pool;
  private readonly host: string;
  private readonly basePath: string;

  constructor(private readonly options: RestClientOptions) {
    const url = new URL(options.baseUrl);
    this.host = url.host;
    this.basePath = url.pathname.replace(/\/$/, '');
    this.pool = new Pool(url.origin, { connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  /** Builds the signed request bytes without sending them (the bench measures this path). */
  prepare(method: HttpMethod, path: string, query: Query, body: unknown, signed: boolean): PreparedRequest {
    const fullPath = `${this.basePath}${path}`;
    const queryText = query.length === 0 ? '' : `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (signed) headers['authorization'] = `Bearer ${this.options.signer.rest(method, this.host, fullPath)}`;
    return { method, path: `${fullPath}${queryText}`, body: body === undefined ? undefined : JSON.stringify(body), headers };
  }

  async call<T>(method: HttpMethod, path: string, options: { query?: Query; body?: unknown; signed?: boolean } = {}): Promise<T> {
    await this.options.limiter.acquire();
    const request = this.prepare(method, path, options.query ?? [], options.body, options.signed ?? true);
    let status: number;
    let text: string;
    try {
      const response = await this.pool.request({
        method,
        path: request.path,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      const code = transportCode(error, method);
      this.options.logger.warn({ method, path, code }, 'coinbase request failed in transport');
      throw new TmtError(code, `coinbase ${method} ${path}: ${(error as Error).message}`, { cause: error });
    }
    if (status === 429) this.options.limiter.backOff();
    let body: unknown;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    if (status >= 200 && status < 300) {
      if (body === undefined) throw new TmtError('VENUE_PROTOCOL', `coinbase ${method} ${path}: HTTP ${status} with a body that is not JSON`);
      return body as T;
    }
    throw httpFailure(status, body, text, method, path);
  }
}

function httpFailure(status: number, body: unknown, text: string, method: HttpMethod, path: string): TmtError {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const venueCode = typeof record['error'] === 'string' ? record['error'] : String(status);
  const venueMessage = typeof record['message'] === 'string' ? record['message'] : text.trim().slice(0, 200);
  let code: ErrorCode;
  if (status >= 500) code = 'VENUE_OUTCOME_UNKNOWN';
  else if (status === 429) code = 'VENUE_RATE_LIMITED';
  else if (status === 401 || status === 403) code = 'VENUE_AUTHENTICATION';
  else if (status === 404) code = 'VENUE_UNKNOWN_ORDER';
  else code = 'VENUE_REJECTED';
  return new TmtError(code, `coinbase ${method} ${path} refused: HTTP ${status} ${venueCode} ${venueMessage}`, {
    details: { httpStatus: String(status), venueCode, venueMessage },
  });
}

/** A refused connection never carried the request; anything after the send leaves a write's outcome unknown. */
function transportCode(error: unknown, method: HttpMethod): ErrorCode {
  const cause = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') return 'VENUE_UNAVAILABLE';
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) return method === 'GET' ? 'VENUE_UNAVAILABLE' : 'VENUE_TIMEOUT';
  return method === 'GET' ? 'VENUE_UNAVAILABLE' : 'VENUE_OUTCOME_UNKNOWN';
}
