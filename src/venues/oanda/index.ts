import type { Clock } from '../../core/clock';
import { AccountId } from '../../core/identifiers';
import type { VenueClient } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import { SystemClock } from '../../shared/system-clock';
import { parseOandaConfig, type OandaConfig, type OandaConfigInput } from './config';
import { loadOandaCredentials, oandaCredentials, type OandaCredentials } from './credentials';
import { OandaDataClient } from './data-client';
import { OandaExecutionClient } from './execution-client';
import { limiterForToken } from './http/rate-limiter';
import { requestLog, type VenueRequestLogSink } from './http/request-log';
import { OandaRestClient } from './http/rest-client';
import { OandaTransport } from './http/transport';
import { oandaUrls } from './urls';

export { OANDA_CAPABILITIES, OandaExecutionClient } from './execution-client';
export { parseOandaConfig, type OandaConfig, type OandaConfigInput } from './config';
export type { VenueRequestLogEntry, VenueRequestLogSink } from './http/request-log';

export interface CreateOandaVenueOptions {
  /** The account's venue configuration (`venue: oanda` in the app config). */
  readonly config: OandaConfigInput;
  /** A token, or credentials; otherwise OANDA_TOKEN / OANDA_TOKEN_FILE. */
  readonly token?: string;
  readonly tokenFile?: string;
  readonly credentials?: OandaCredentials;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** The venue request log (every request, its outcome and latency; no secrets). */
  readonly requestLog?: VenueRequestLogSink;
}

/** The composition of the OANDA adapter, for the app's venue factory and for tests. */
export function createOandaVenue(options: CreateOandaVenueOptions): VenueClient & OandaExecutionClient {
  const config: OandaConfig = parseOandaConfig(options.config);
  const clock = options.clock ?? new SystemClock();
  const credentials =
    options.credentials ??
    (options.token !== undefined
      ? oandaCredentials(options.token)
      : loadOandaCredentials(options.tokenFile === undefined ? {} : { tokenFile: options.tokenFile }));
  const logger = options.logger.child({ venue: 'OANDA' });
  const urls = oandaUrls(config);
  const logRequest = requestLog(logger, options.requestLog);
  const transport = new OandaTransport({
    origin: urls.rest,
    credentials,
    limiter: limiterForToken(`${urls.rest}#${credentials.fingerprint}`, config.requestsPerSecond, clock),
    clock,
    log: (entry) => {
      logRequest(entry);
      // A request the venue answered proves it reachable: a stream still waiting out its reconnect delay tries now.
      if (entry.status !== undefined && entry.status < 500) execution.venueAnswered();
    },
    connections: config.connections,
    timeoutMs: config.requestTimeoutMs,
    maxRetries: config.maxRetries,
  });
  const accountId = config.accountIds[0] ?? '';
  const data = new OandaDataClient({
    accountId,
    accounts: () => config.accountIds.map((id) => {
      // Called only after construction (on subscribe or connect), when `execution` exists.
      const currency = execution.homeCurrency(AccountId.parse(id));
      return currency === undefined ? { accountId: id } : { accountId: id, currency };
    }),
    streamOrigin: urls.stream,
    credentials,
    clock,
    logger,
    silenceMs: config.streamSilenceMs,
    initialDelayMs: config.reconnectInitialDelayMs,
    maxDelayMs: config.reconnectMaxDelayMs,
    onState: (state, reason) => logger.info({ state, reason }, 'oanda pricing stream'),
    onUnrecognized: (line, reason) => logger.warn({ reason, line: line.slice(0, 500) }, 'unrecognized pricing line'),
  });
  const execution: OandaExecutionClient = new OandaExecutionClient({ config, rest: new OandaRestClient(transport), data, credentials, streamOrigin: urls.stream, clock, logger });
  return execution;
}
