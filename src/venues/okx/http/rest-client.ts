import { Pool, errors as undiciErrors } from 'undici';
import type { Clock } from '../../../core/clock';
import type { ErrorCode } from '../../../core/errors/catalogue';
import { TmtError } from '../../../core/errors/tmt-error';
import type { Logger } from '../../../shared/logger';
import type { OkxSigner } from '../credentials';
import { engineCodeFor, venueReason } from '../parse/errors';
import type { OkxRateLimiter } from './rate-limiter';
import type { TimeSync } from './time-sync';

export type HttpMethod = 'GET' | 'POST';

export interface RestCall {
  readonly method: HttpMethod;
  readonly path: string;
  /** GET parameters, in the order they go into the query string (and the signature). */
  readonly query?: readonly (readonly [string, string])[];
  /** POST body, sent as JSON (signed as those exact bytes). */
  readonly body?: unknown;
  readonly private: boolean;
  /** The instrument(s) the call is about, for per-instrument limits. */
  readonly instIds?: readonly string[];
  /** Order operations: a `code` 1 or 2 answer is returned (its `data` holds sCode per order), not thrown. */
  readonly orderOperation?: boolean;
}

/** The envelope of every REST answer. */
export interface OkxEnvelope<T> {
  readonly code: string;
  readonly msg: string;
  readonly data: readonly T[];
}

export interface RestClientOptions {
  readonly baseUrl: string;
  readonly signer: OkxSigner;
  readonly clock: Clock;
  readonly timeSync: TimeSync;
  readonly limiter: OkxRateLimiter;
  readonly logger: Logger;
  readonly demo: boolean;
  readonly timeoutMs: number;
}

/** A built request: what goes on the wire, byte for byte. */
export interface BuiltRequest {
  readonly path: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

const CONNECTIONS = 8;

/** OKX v5 REST over one undici pool: signing, the demo header, limits, error mapping, time re-sync. */
export class OkxRestClient {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(private readonly options: RestClientOptions) {
    const url = new URL(options.baseUrl);
    this.basePath = url.pathname.replace(/\/$/, '');
    this.pool = new Pool(url.origin, { connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 30_000 });
  }

  private closed = false;

  /** Idempotent: the engine and the app may both disconnect the client. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.close();
  }

  /** The signed request for a call: requestPath includes the query; the body is the JSON text sent. */
  build(call: RestCall): BuiltRequest {
    let requestPath = this.basePath + call.path;
    if (call.query !== undefined && call.query.length > 0) {
      requestPath += `?${call.query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
    }
    const body = call.method === 'POST' ? JSON.stringify(call.body ?? {}) : '';
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.demo) headers['x-simulated-trading'] = '1';
    if (call.private) Object.assign(headers, this.options.signer.headers(this.options.timeSync.now(), call.method, requestPath, body));
    return { path: requestPath, body, headers };
  }

  async syncTime(): Promise<number> {
    return this.options.timeSync.measure(async () => {
      const answer = await this.send<{ ts: string }>({ method: 'GET', path: '/api/v5/public/time', private: false });
      const ts = answer.data[0]?.ts;
      if (ts === undefined) throw new TmtError('VENUE_PROTOCOL', 'okx /api/v5/public/time answered without ts');
      return Number(ts);
    });
  }

  /** Sends one call; a 50102 re-measures the clock offset and sends once more (it never reached the book). */
  async call<T>(call: RestCall): Promise<OkxEnvelope<T>> {
    try {
      return await this.send<T>(call);
    } catch (error) {
      if (error instanceof TmtError && error.code === 'VENUE_TIMESTAMP' && call.private) {
        await this.syncTime();
        return this.send<T>(call);
      }
      throw error;
    }
  }

  private async send<T>(call: RestCall): Promise<OkxEnvelope<T>> {
    const { limiter, logger } = this.options;
    const instIds = call.instIds ?? [];
    const slots: { at: number }[] = [];
    for (const instId of instIds.length === 0 ? [undefined] : [...new Set(instIds)]) {
      slots.push(...(await limiter.acquire(call.path, instId, instIds.filter((id) => id === instId).length || 1)).slots);
    }
    const built = this.build(call);
    let status: number;
    let text: string;
    try {
      const response = await this.pool.request({
        method: call.method,
        path: built.path,
        headers: built.headers,
        ...(call.method === 'POST' ? { body: built.body } : {}),
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
      status = response.statusCode;
      limiter.settle(slots);
      text = await response.body.text();
    } catch (error) {
      limiter.settle(slots);
      const code = transportCode(error, call.method);
      logger.warn({ method: call.method, path: call.path, code }, 'okx request failed in transport');
      throw new TmtError(code, `okx ${call.method} ${call.path}: ${(error as Error).message}`, { cause: error });
    }
    let envelope: OkxEnvelope<T> | undefined;
    try {
      envelope = text.length > 0 ? (JSON.parse(text) as OkxEnvelope<T>) : undefined;
    } catch {
      envelope = undefined;
    }
    if (status >= 500) {
      // A 5xx after sending: the order may or may not exist (settled by clOrdId).
      throw new TmtError(call.method === 'POST' ? 'VENUE_OUTCOME_UNKNOWN' : 'VENUE_UNAVAILABLE', `okx ${call.method} ${call.path}: HTTP ${status}`, {
        details: { httpStatus: String(status), ...(envelope === undefined ? {} : { venueCode: envelope.code, venueMessage: envelope.msg }) },
      });
    }
    if (envelope === undefined || typeof envelope.code !== 'string') {
      throw new TmtError('VENUE_PROTOCOL', `okx ${call.method} ${call.path}: HTTP ${status} with a body that is not an OKX envelope`);
    }
    if (envelope.code === '0') return envelope;
    if (call.orderOperation === true && (envelope.code === '1' || envelope.code === '2') && Array.isArray(envelope.data) && envelope.data.length > 0) return envelope;
    if (envelope.code === '50011' || status === 429) limiter.limited(call.path);
    const code: ErrorCode = status === 429 ? 'VENUE_RATE_LIMITED' : engineCodeFor(envelope.code);
    throw new TmtError(code, `okx ${call.method} ${call.path} refused: ${venueReason(envelope.code, envelope.msg)}`, {
      details: { httpStatus: String(status), venueCode: envelope.code, venueMessage: envelope.msg },
    });
  }
}

/** A refused connection never carried the request; anything after the send leaves a POST's outcome unknown. */
function transportCode(error: unknown, method: HttpMethod): ErrorCode {
  const cause = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  if (cause === 'ECONNREFUSED' || cause === 'ENOTFOUND' || cause === 'EAI_AGAIN') return 'VENUE_UNAVAILABLE';
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError) return method === 'GET' ? 'VENUE_UNAVAILABLE' : 'VENUE_TIMEOUT';
  return method === 'GET' ? 'VENUE_UNAVAILABLE' : 'VENUE_OUTCOME_UNKNOWN';
}
