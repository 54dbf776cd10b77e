import type { Clock } from '../../core/clock';
import { TmtError } from '../../core/errors/tmt-error';
import { AccountId } from '../../core/identifiers';
import type { Logger } from '../../shared/logger';
import { okxAccountSchema, type OkxAccountConfig } from './config';
import { OkxSigner } from './credentials';
import { OkxDataClient } from './data-client';
import type { OrderTransport } from './execution-deps';
import { OkxExecutionClient } from './execution-client';
import { OkxRestApi } from './http/endpoints';
import { OkxRateLimiter, type LimitRule } from './http/rate-limiter';
import { OkxRestClient } from './http/rest-client';
import { TimeSync } from './http/time-sync';
import { SymbolMap } from './symbols';
import { resolveUrls } from './urls';
import { OkxPrivateStream } from './ws/private-stream';

export interface CreateOkxVenueOptions {
  /** The account entry (`venue: okx`), validated here. */
  readonly account: OkxAccountConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Silence before the text `ping` on each WebSocket (OKX: 30 s; shorter in tests). */
  readonly idleMs?: number;
  /** The limits the adapter keeps to, by endpoint path (default: OKX's documented ones). */
  readonly rateLimits?: Readonly<Record<string, LimitRule>>;
}

export interface OkxVenue {
  readonly client: OkxExecutionClient;
  readonly api: OkxRestApi;
  readonly http: OkxRestClient;
  readonly data: OkxDataClient;
  readonly privateStream: OkxPrivateStream;
  /** /ws/v5/business (orders-algo). */
  readonly businessStream: OkxPrivateStream;
  readonly limiter: OkxRateLimiter;
  readonly symbols: SymbolMap;
  readonly timeSync: TimeSync;
}

/** The venue factory the app calls for a `venue: okx` account. */
export function createOkxVenue(options: CreateOkxVenueOptions): OkxVenue {
  const settings = okxAccountSchema.parse(options.account);
  const urls = resolveUrls(settings.environment, {
    ...(settings.baseUrl === undefined ? {} : { rest: settings.baseUrl }),
    ...(settings.wsPublicUrl === undefined ? {} : { wsPublic: settings.wsPublicUrl }),
    ...(settings.wsPrivateUrl === undefined ? {} : { wsPrivate: settings.wsPrivateUrl }),
    ...(settings.wsBusinessUrl === undefined ? {} : { wsBusiness: settings.wsBusinessUrl }),
  });
  const signer = new OkxSigner({ apiKey: settings.apiKey, secretKey: settings.secretKey, passphrase: settings.passphrase });
  const logger = options.logger.child({ venue: 'OKX', accountId: settings.accountId });
  const accountId = AccountId.parse(settings.accountId);
  const timeSync = new TimeSync(options.clock);
  const limiter = new OkxRateLimiter(options.clock, options.rateLimits);
  const http = new OkxRestClient({ baseUrl: urls.rest, signer, clock: options.clock, timeSync, limiter, logger, demo: urls.demo, timeoutMs: settings.timeoutMs });
  const api = new OkxRestApi(http);
  const symbols = new SymbolMap();
  // The streams report through the client, which is built last: they reach it through this holder.
  const holder: { client?: OkxExecutionClient } = {};
  const idle = options.idleMs === undefined ? {} : { idleMs: options.idleMs };
  const data = new OkxDataClient({ url: urls.wsPublic, symbols, clock: options.clock, logger, ...idle, onUnrecognized: (d, raw) => holder.client?.reportUnrecognized(d, raw) });
  const privateStream = new OkxPrivateStream({
    url: urls.wsPrivate,
    signer,
    venueTime: () => timeSync.now(),
    clock: options.clock,
    logger,
    accountId,
    symbols,
    baseCurrency: 'USDT',
    ...idle,
    emit: (report) => holder.client?.emit(report),
    onUnrecognized: (d, raw) => holder.client?.reportUnrecognized(d, raw),
    onState: (state) => holder.client?.streamState(state),
    catchUp: async (since) => holder.client?.catchUp(since),
  });
  // /ws/v5/business: OKX publishes algo orders (stops, trailing stops, TP/SL) on orders-algo, not on private.
  const businessStream = new OkxPrivateStream({
    url: urls.wsBusiness,
    signer,
    venueTime: () => timeSync.now(),
    clock: options.clock,
    logger,
    accountId,
    symbols,
    baseCurrency: 'USDT',
    ...idle,
    channels: [{ channel: 'orders-algo', instType: 'SPOT' }],
    onAlgo: (row) => holder.client?.onAlgoPush(row),
    emit: (report) => holder.client?.emit(report),
    onUnrecognized: (d, raw) => holder.client?.reportUnrecognized(d, raw),
    // The connection state the engine sees is the private socket's; a business reconnect only catches up.
    onState: () => undefined,
    catchUp: async (since) => holder.client?.catchUp(since),
  });
  const streams = {
    start: async () => {
      await privateStream.start();
      await businessStream.start();
    },
    stop: () => {
      privateStream.stop();
      businessStream.stop();
    },
  };
  const rest: OrderTransport = { placeOrder: (body) => api.placeOrder(body) };
  const ws: OrderTransport = {
    placeOrder: async (body) => {
      // The socket is the fast path; when it is down the order goes over REST rather than wait.
      if (!privateStream.isOpen()) return api.placeOrder(body);
      const answer = await privateStream.placeOrder(body);
      if (answer.code === '-1') {
        throw new TmtError('VENUE_OUTCOME_UNKNOWN', 'okx websocket closed before the order answer');
      }
      return answer;
    },
  };
  const client = new OkxExecutionClient({ accountId, api, clock: options.clock, logger, symbols, data, baseCurrency: 'USDT', privateStream: streams, orders: settings.orderTransport === 'ws' ? ws : rest });
  holder.client = client;
  return { client, api, http, data, privateStream, businessStream, limiter, symbols, timeSync };
}

export { okxAccountSchema, type OkxAccountConfig } from './config';
