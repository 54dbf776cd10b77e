import type { Clock } from '../../core/clock';
import { AccountId } from '../../core/identifiers';
import type { Logger } from '../../shared/logger';
import { coinbaseAccountSchema, type CoinbaseAccountConfig } from './config';
import { CdpSigner, loadCdpKey } from './credentials';
import { CoinbaseDataClient } from './data-client';
import { CoinbaseExecutionClient } from './execution-client';
import { CoinbaseRestApi } from './http/endpoints';
import { CoinbaseRateLimiter } from './http/rate-limiter';
import { CoinbaseRestClient } from './http/rest-client';
import { ProductMap } from './symbols';
import { resolveUrls, type CoinbaseEnvironment } from './urls';
import { CoinbaseUserStream } from './ws/user-stream';

export interface CreateCoinbaseVenueOptions {
  /** The account entry (`venue: coinbase`), validated here. */
  readonly account: CoinbaseAccountConfig;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface CoinbaseVenue {
  readonly client: CoinbaseExecutionClient;
  readonly data: CoinbaseDataClient;
  readonly api: CoinbaseRestApi;
  readonly userStream: CoinbaseUserStream;
  readonly signer: CdpSigner;
  readonly products: ProductMap;
}

/** The venue factory the app calls for a `venue: coinbase` account. */
export function createCoinbaseVenue(options: CreateCoinbaseVenueOptions): CoinbaseVenue {
  const settings = coinbaseAccountSchema.parse(options.account);
  const environment: CoinbaseEnvironment = settings.environment ?? (settings.baseUrl !== undefined ? 'custom' : 'production');
  const urls = resolveUrls(environment, {
    ...(settings.baseUrl === undefined ? {} : { rest: settings.baseUrl }),
    ...(settings.wsUrl === undefined ? {} : { ws: settings.wsUrl }),
    ...(settings.wsUserUrl === undefined ? {} : { wsUser: settings.wsUserUrl }),
  });
  const clock = options.clock;
  const signer = new CdpSigner(loadCdpKey(settings.apiKeyName, settings.apiPrivateKey), () => Math.floor(clock.now() / 1000));
  const logger = options.logger.child({ venue: 'COINBASE', accountId: settings.accountId });
  const http = new CoinbaseRestClient({ baseUrl: urls.rest, signer, clock, limiter: new CoinbaseRateLimiter(clock, settings.privateRequestsPerSecond), logger, timeoutMs: settings.timeoutMs });
  const api = new CoinbaseRestApi(http);
  const products = new ProductMap();
  // The streams report through the client, which is built last: they reach it through this holder.
  const holder: { client?: CoinbaseExecutionClient } = {};
  const data = new CoinbaseDataClient({
    url: urls.ws,
    clock,
    logger,
    products,
    // Signed market subscriptions are authenticated messages: the per-IP limit of 8 unauthenticated messages
    // a second does not hold back a resync that unsubscribes and subscribes every book at once.
    jwt: () => signer.websocket(),
    silenceTimeoutMs: settings.silenceTimeoutMs,
    onUnrecognized: (description, raw) => holder.client?.reportUnrecognized(description, raw),
  });
  const userStream = new CoinbaseUserStream({
    url: urls.wsUser,
    clock,
    logger,
    jwt: () => signer.websocket(),
    silenceTimeoutMs: settings.silenceTimeoutMs,
    onOrders: (orders) => holder.client?.onUserOrders(orders),
    onOpen: (reconnect) => holder.client?.streamUp(reconnect),
    onDown: (reason) => holder.client?.streamDown(reason),
    onGap: () => holder.client?.streamUp(true),
    onUnrecognized: (description, raw) => holder.client?.reportUnrecognized(description, raw),
  });
  const client = new CoinbaseExecutionClient({ accountId: AccountId.parse(settings.accountId), api, clock, logger, products, data, userStream, baseCurrency: settings.baseCurrency });
  holder.client = client;
  return { client, data, api, userStream, signer, products };
}

export { coinbaseAccountSchema, type CoinbaseAccountConfig } from './config';
