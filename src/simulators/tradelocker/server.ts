import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import { TokenAuthority, type TlLogin, type TokenLifetimes } from './auth';
import type { Candles } from './candles';
import { TL_ERRORS, type TlError } from './errors';
import { readJson, writeJson, type Json } from './json';
import { RateLimiter, type RateLimit, type RouteName } from './limits';
import type { TlAccountOptions } from './state';
import type { TlSimVenue } from './venue';

/** Fault switches, read when they matter, so tests flip them at run time. */
export interface TlFaults {
  /** Every answer is held this long. */
  delayMs: number;
  /** The next N requests answer this status unprocessed. */
  failNext: number;
  failStatus: 500 | 502 | 503;
  /** The next N order placements are processed (the order exists) but the connection is dropped unanswered. */
  stallNextOrders: number;
  /** The next N requests answer 429 unprocessed. */
  rateLimitNext: number;
}

export interface Arrival {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly route: RouteName | 'AUTH';
  status: number;
}

export interface ServerOptions {
  readonly venue: TlSimVenue;
  readonly candles: Candles;
  readonly login: TlLogin;
  readonly lifetimes: TokenLifetimes;
  readonly rateLimits: readonly RateLimit[];
}

/** What a route handler gets: the caller's account (from the `accNum` header) and the venue. */
export interface RouteContext {
  readonly venue: TlSimVenue;
  readonly candles: Candles;
  readonly server: TlSimServer;
}

export type Answer = { readonly status: number; readonly body: Json };

export const ok = (d?: unknown): Answer => ({ status: 200, body: d === undefined ? { s: 'ok' } : { s: 'ok', d } });
export const error = (e: TlError): Answer => ({ status: e.status, body: { s: 'error', errmsg: e.errmsg } });

/** The TradeLocker REST API (`/backend-api`) over the simulated venue. */
export class TlSimServer {
  readonly app: FastifyInstance;
  readonly auth: TokenAuthority;
  readonly limiter: RateLimiter;
  readonly faults: TlFaults = { delayMs: 0, failNext: 0, failStatus: 503, stallNextOrders: 0, rateLimitNext: 0 };
  readonly arrivals: Arrival[] = [];
  /** Tokens issued so far (tests check that a refresh happened). */
  issued = 0;
  refreshed = 0;
  private address = '';

  constructor(readonly options: ServerOptions) {
    this.auth = new TokenAuthority(options.venue.options.clock, options.lifetimes);
    this.limiter = new RateLimiter(options.rateLimits);
    this.app = Fastify({ logger: false });
    this.app.removeAllContentTypeParsers();
    this.app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (_request, text, done) => {
      try {
        done(null, text === '' ? {} : readJson(text as string));
      } catch {
        done(Object.assign(new Error('Invalid JSON body'), { statusCode: 400 }), undefined);
      }
    });
    this.app.setErrorHandler((failure: { statusCode?: number; message: string }, _request, reply) => {
      void reply.status(failure.statusCode ?? 500).type('application/json').send(writeJson({ s: 'error', errmsg: failure.message }));
    });
  }

  /** The context route modules register with (index.ts registers them: routes depend on the server, not the reverse). */
  context(): RouteContext {
    return { venue: this.options.venue, candles: this.options.candles, server: this };
  }

  get url(): string {
    return this.address;
  }

  async listen(port: number): Promise<void> {
    await this.app.listen({ port, host: '127.0.0.1' });
    const info = this.app.server.address() as AddressInfo;
    this.address = `http://127.0.0.1:${info.port}`;
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /** The account the request acts on: a valid Bearer token, an `accNum` of the user's accounts. */
  account(request: FastifyRequest): TlAccountOptions | TlError {
    const verified = this.auth.verifyAccess(request.headers.authorization);
    if (!verified.ok) return verified.reason === 'expired' ? TL_ERRORS.tokenExpired : TL_ERRORS.unauthorized;
    const accNum = request.headers['accnum'];
    if (typeof accNum !== 'string' || accNum === '') return TL_ERRORS.missingAccNum;
    const account = [...this.options.venue.accounts.values()].find((a) => a.accNum === accNum);
    return account ?? TL_ERRORS.accountNotFound;
  }

  /**
   * One route: rate limit (per user and route name), faults, then the handler. `needsAccount` routes check
   * the token and accNum; a path account id must be the accNum's account.
   */
  route(method: 'GET' | 'POST' | 'DELETE' | 'PATCH', path: string, name: RouteName | 'AUTH', handler: (request: FastifyRequest, account: TlAccountOptions | undefined) => Answer | Promise<Answer>, needsAccount = true): void {
    this.app.route({
      method, url: `/backend-api${path}`,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const arrival: Arrival = { at: performance.now(), method, path: request.url, route: name, status: 0 };
        this.arrivals.push(arrival);
        const answer = await this.answer(request, reply, name, handler, needsAccount);
        if (answer === undefined) return;
        arrival.status = answer.status;
        if (this.faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.delayMs));
        return reply.status(answer.status).type('application/json').send(writeJson(answer.body));
      },
    });
  }

  private async answer(request: FastifyRequest, reply: FastifyReply, name: RouteName | 'AUTH', handler: (request: FastifyRequest, account: TlAccountOptions | undefined) => Answer | Promise<Answer>, needsAccount: boolean): Promise<Answer | undefined> {
    if (this.faults.failNext > 0) {
      this.faults.failNext--;
      return { status: this.faults.failStatus, body: { s: 'error', errmsg: 'Service unavailable' } };
    }
    if (this.faults.rateLimitNext > 0) {
      this.faults.rateLimitNext--;
      return error(TL_ERRORS.rateLimited);
    }
    let account: TlAccountOptions | undefined;
    if (needsAccount) {
      const found = this.account(request);
      if ('errmsg' in found) return error(found);
      account = found;
      const pathAccount = (request.params as { accountId?: string }).accountId;
      if (pathAccount !== undefined && pathAccount !== account.id) return error(TL_ERRORS.accNumMismatch);
      if (name !== 'AUTH' && !this.limiter.admit(account.id, name)) return error(TL_ERRORS.rateLimited);
    }
    const answer = await handler(request, account);
    if (name === 'PLACE_ORDER' && this.faults.stallNextOrders > 0 && answer.status === 200) {
      // Processed, never answered: the client sees its connection drop after sending.
      this.faults.stallNextOrders--;
      reply.raw.destroy();
      return undefined;
    }
    return answer;
  }

  login(): TlLogin {
    return this.options.login;
  }
}
