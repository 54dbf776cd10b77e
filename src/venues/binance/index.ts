import type { Clock } from '../../core/clock';
import type { SharedRateBudget } from '../../core/ports/rate-budget';
import { AccountId } from '../../core/identifiers';
import type { Logger } from '../../shared/logger';
import { binanceAccountSchema, type BinanceAccountConfig } from './config';
import { createSigner } from './credentials';
import { BinanceDataClient } from './data-client';
import { BinanceExecutionClient } from './execution-client';
import { BinanceRestApi } from './http/endpoints';
import { BinanceRateLimiter } from './http/rate-limiter';
import { BinanceRestClient } from './http/rest-client';
import { requestLog, type BinanceRequestLogSink } from './http/request-log';
import { TimeSync } from './http/time-sync';
import { profileFor } from './profiles';
import { SymbolMap } from './symbols';
import { BinanceUserStream } from './ws/user-stream';
import { restOrders, wsApiOrders } from './ws/ws-orders';
import { resolveUrls, type BinanceEnvironment } from './urls';

export interface CreateBinanceVenueOptions {
  /** The account entry (`venue: binance | binanceus`), validated here. */
  readonly account: BinanceAccountConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The app's venue request log. */
  readonly requestLog?: BinanceRequestLogSink;
  /** A request budget shared with other processes that use the same key (bus.sharedRateLimits). */
  readonly sharedBudget?: { readonly budget: SharedRateBudget; readonly key: string };
}

export interface BinanceVenue {
  readonly client: BinanceExecutionClient;
  readonly limiter: BinanceRateLimiter;
  readonly data: BinanceDataClient;
  readonly api: BinanceRestApi;
  readonly userStream: BinanceUserStream;
  readonly symbols: SymbolMap;
}

/** The venue factory the app calls for a `venue: binance | binanceus` account. */
export function createBinanceVenue(options: CreateBinanceVenueOptions): BinanceVenue {
  const settings = binanceAccountSchema.parse(options.account);
  const profile = profileFor(settings.venue === 'binanceus' ? 'us' : 'spot');
  const environment: BinanceEnvironment = settings.environment ?? (settings.baseUrl !== undefined ? 'custom' : settings.venue === 'binanceus' ? 'us' : 'spot');
  const urls = resolveUrls(environment, {
    ...(settings.baseUrl === undefined ? {} : { rest: settings.baseUrl }),
    ...(settings.streamUrl === undefined ? {} : { stream: settings.streamUrl }),
    ...(settings.wsApiUrl === undefined ? {} : { wsApi: settings.wsApiUrl }),
  });
  const signer = createSigner({
    apiKey: settings.apiKey,
    keyType: settings.keyType,
    ...(settings.apiSecret === undefined ? {} : { apiSecret: settings.apiSecret }),
    ...(settings.privateKey === undefined ? {} : { privateKeyPem: settings.privateKey }),
  });
  const logger = options.logger.child({ venue: profile.venue, accountId: settings.accountId });
  const timeSync = new TimeSync(options.clock);
  const log = requestLog(logger, options.requestLog);
  const limiter = new BinanceRateLimiter(options.clock, () => timeSync.now(), options.sharedBudget);
  const http = new BinanceRestClient({
    venue: profile.venue === 'BINANCEUS' ? 'BINANCEUS' : 'BINANCE',
    baseUrl: urls.rest,
    signer,
    clock: options.clock,
    timeSync,
    limiter,
    log,
    recvWindow: settings.recvWindow,
    timeoutMs: settings.timeoutMs,
  });
  const api = new BinanceRestApi(http, profile);
  const symbols = new SymbolMap(profile.venue);
  // The streams report through the client, which is built last: they reach it through this holder.
  const holder: { client?: BinanceExecutionClient } = {};
  const data = new BinanceDataClient({
    streamUrl: urls.stream,
    api,
    symbols,
    clock: options.clock,
    logger,
    onUnrecognized: (description, raw) => holder.client?.reportUnrecognized(description, raw),
    ...(settings.maxConnectionAgeMs === undefined ? {} : { maxConnectionAgeMs: settings.maxConnectionAgeMs }),
  });
  const userStream = new BinanceUserStream({
    profile,
    wsApiUrl: urls.wsApi,
    streamUrl: urls.stream,
    signer,
    api,
    timeSync,
    recvWindow: settings.recvWindow,
    clock: options.clock,
    logger,
    accountId: AccountId.parse(settings.accountId),
    symbols,
    baseCurrency: 'USDT',
    emit: (report) => holder.client?.emit(report),
    onUnrecognized: (description, raw) => holder.client?.reportUnrecognized(description, raw),
    onState: (state) => holder.client?.streamState(state),
    catchUp: async (since) => holder.client?.catchUp(since),
    onRateLimits: (limits) => limiter.observeCounts(limits),
    ...(settings.maxConnectionAgeMs === undefined ? {} : { maxConnectionAgeMs: settings.maxConnectionAgeMs }),
  });
  const client = new BinanceExecutionClient({
    accountId: AccountId.parse(settings.accountId),
    profile,
    api,
    limiter,
    clock: options.clock,
    logger,
    symbols,
    data,
    userStream,
    orders:
      settings.orderTransport === 'ws-api'
        ? wsApiOrders(() => userStream.wsApi(), limiter, restOrders(api), { venue: profile.venue === 'BINANCEUS' ? 'BINANCEUS' : 'BINANCE', clock: options.clock, sink: log })
        : restOrders(api),
    ...(settings.selfTradePreventionMode === undefined ? {} : { selfTradePreventionMode: settings.selfTradePreventionMode }),
  });
  holder.client = client;
  return { client, limiter, data, api, userStream, symbols };
}

export { binanceAccountSchema, type BinanceAccountConfig } from './config';
export { SPOT_PROFILE, US_PROFILE, type BinanceProfile } from './profiles';
