import type { Clock } from '../../core/clock';
import type { Logger } from '../../shared/logger';
import { SystemClock } from '../../shared/system-clock';
import { parseDxtradeConfig, type DxtradeConfigInput } from './config';
import { DxtradeCredentials } from './credentials';
import { DxtradeDataClient } from './data-client';
import { DxtradeExecutionClient } from './execution-client';
import { DxRateLimiter } from './http/rate-limiter';
import { DxtradeRestClient } from './http/rest-client';
import { DxtradeSession } from './http/session';
import { DxTransport, type DxRequestLogEntry } from './http/transport';
import { accountsPushUrl, marketDataPushUrl } from './urls';
import { PushClient } from './ws/push-client';

export { DXTRADE_CAPABILITIES, DXTRADE_CLIENT_ID, DxtradeExecutionClient } from './execution-client';
export { DxtradeConfigSchema, parseDxtradeConfig, type DxtradeConfig, type DxtradeConfigInput } from './config';
export { DXTRADE_PROFILES, type DxtradeProfile } from './profiles';
export { DXTRADE_URLS } from './urls';
export { engineCodeOf } from './errors';

export interface DxtradeVenueOptions {
  readonly config: DxtradeConfigInput;
  readonly username: string;
  readonly domain: string;
  readonly password: string;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly requestLog?: (entry: DxRequestLogEntry) => void;
}

/**
 * The DXtrade adapter: the REST trading API (session token, orders, positions, metrics, instruments) and the
 * push API (account portfolios for the report stream, quotes for market data).
 */
export function createDxtradeVenue(options: DxtradeVenueOptions): DxtradeExecutionClient {
  const config = parseDxtradeConfig(options.config);
  const clock = options.clock ?? new SystemClock();
  const credentials = new DxtradeCredentials(options.username, options.domain, options.password);
  const limiter = new DxRateLimiter({ login: config.rateLimits.loginPerSecond, data: config.rateLimits.dataPerSecond, trading: config.rateLimits.tradingPerSecond }, clock);
  const transport = new DxTransport({ restUrl: config.restUrl, limiter, clock, logger: options.logger, timeoutMs: config.requestTimeoutMs, ...(options.requestLog === undefined ? {} : { log: options.requestLog }) });
  const session = new DxtradeSession(
    (method, path, body, token) => transport.send(path === '/login' ? 'login' : 'data', method, path, body === undefined ? undefined : JSON.stringify(body), token === undefined ? {} : { authorization: `DXAPI ${token}` }),
    credentials, { clock, logger: options.logger, renewAtFraction: config.renewAtFraction },
  );
  const rest = new DxtradeRestClient(transport, session);
  const pushOptions = { session, clock, logger: options.logger, reconnectInitialDelayMs: config.reconnectInitialDelayMs, reconnectMaxDelayMs: config.reconnectMaxDelayMs };
  const accountsPush = new PushClient({ ...pushOptions, url: accountsPushUrl(config.pushUrl), name: 'accounts' });
  const marketPush = new PushClient({ ...pushOptions, url: marketDataPushUrl(config.pushUrl), name: 'md' });
  // The data client reports unreadable quotes on the execution client's report stream, made just after it.
  const sink: { report?: (description: string, raw: string) => void } = {};
  const data = new DxtradeDataClient(rest, marketPush, {
    clock, logger: options.logger, account: config.accountIds[0] ?? '',
    onUnrecognized: (description, raw) => sink.report?.(description, raw),
  });
  const client = new DxtradeExecutionClient(config, rest, accountsPush, data, { clock, logger: options.logger });
  sink.report = (description, raw) => client.reportUnrecognized(description, raw);
  const disconnect = client.disconnect.bind(client);
  let closed: Promise<void> | undefined;
  // Idempotent: the engine disconnects its venues as it stops, and the app closes them again.
  client.disconnect = () => (closed ??= (async () => {
    await marketPush.close();
    await disconnect();
    await transport.close();
  })());
  return client;
}
