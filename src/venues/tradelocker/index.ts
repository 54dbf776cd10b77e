import type { Clock } from '../../core/clock';
import { AccountId } from '../../core/identifiers';
import type { Logger } from '../../shared/logger';
import { SystemClock } from '../../shared/system-clock';
import { AccountReader } from './account-reader';
import { parseTradeLockerConfig, type TradeLockerConfig, type TradeLockerConfigInput } from './config';
import { tradeLockerCredentials, type TradeLockerCredentials } from './credentials';
import { TradeLockerDataClient } from './data-client';
import { TradeLockerExecutionClient } from './execution-client';
import { RouteRateLimiter } from './http/rate-limiter';
import { TradeLockerRestClient } from './http/rest-client';
import { TradeLockerSession } from './http/session';
import { TradeLockerTransport, type TlRequestLogEntry } from './http/transport';
import { tradeLockerOrigin } from './urls';

export { TRADELOCKER_CAPABILITIES, TradeLockerExecutionClient } from './execution-client';
export { parseTradeLockerConfig, type TradeLockerConfig, type TradeLockerConfigInput } from './config';
export { TRADELOCKER_PROFILES, type TradeLockerProfile } from './profile';
export type { TradeLockerBar } from './data-client';
export type { TlRequestLogEntry } from './http/transport';

export interface CreateTradeLockerVenueOptions {
  readonly config: TradeLockerConfigInput;
  /** The login (email, password, server); the password never leaves the credentials closure. */
  readonly login?: { readonly email?: string; readonly password?: string; readonly server?: string };
  readonly credentials?: TradeLockerCredentials;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly requestLog?: (entry: TlRequestLogEntry) => void;
}

/** The TradeLocker adapter as the venue port, with its session, data client and position verbs reachable for tests. */
export interface TradeLockerVenue extends TradeLockerExecutionClient {
  readonly session: TradeLockerSession;
  readonly data: TradeLockerDataClient;
  readonly limiter: RouteRateLimiter;
}

/** The composition of the TradeLocker adapter, for the app's venue factory and for tests. */
export function createTradeLockerVenue(options: CreateTradeLockerVenueOptions): TradeLockerVenue {
  const config: TradeLockerConfig = parseTradeLockerConfig(options.config);
  const clock = options.clock ?? new SystemClock();
  const credentials = options.credentials ?? tradeLockerCredentials(options.login ?? {});
  const logger = options.logger.child({ venue: 'TRADELOCKER' });
  const limiter = new RouteRateLimiter();
  const transport = new TradeLockerTransport({
    origin: tradeLockerOrigin(config), limiter, clock, logger, connections: config.connections, timeoutMs: config.requestTimeoutMs,
    ...(options.requestLog === undefined ? {} : { requestLog: options.requestLog }),
  });
  const session = new TradeLockerSession(transport, credentials, clock, logger, config.refreshBeforeExpiryMs);
  const rest = new TradeLockerRestClient(transport, session, config.maxRetries);
  const reader = new AccountReader(config, rest, limiter, clock, logger);
  const firstAccount = AccountId.parse(config.accountIds[0] ?? '');
  const data = new TradeLockerDataClient({
    rest, clock, logger, intervalMs: config.quotePollIntervalMs,
    // Market data is the same for every account of a login: it is read with the first account's accNum.
    accNum: (): string => reader.account(firstAccount).accNum,
    instruments: () => reader.instruments,
  });
  const execution = new TradeLockerExecutionClient({ config, rest, reader, data, clock, logger });
  return Object.assign(execution, { session, data, limiter });
}
