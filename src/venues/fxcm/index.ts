import type { Clock } from '../../core/clock';
import { SystemClock } from '../../shared/system-clock';
import type { Logger } from '../../shared/logger';
import { MemoryFixSessionStore, SqliteFixSessionStore } from '../fix/store';
import { parseFxcmConfig, type FxcmConfigInput } from './config';
import { FxcmConnection } from './connection';
import { fxcmCredentials } from './credentials';
import { FxcmDataClient } from './data-client';
import { FxcmExecutionClient } from './execution-client';
import { MemoryFxcmFillLog, SqliteFxcmFillLog } from './fill-log';

export { FXCM_CAPABILITIES, FxcmExecutionClient } from './execution-client';
export { FxcmConfigSchema, parseFxcmConfig, type FxcmConfig, type FxcmConfigInput } from './config';
export { FXCM_PROFILES, type FxcmProfile } from './profiles';

export interface FxcmVenueOptions {
  readonly config: FxcmConfigInput;
  readonly username: string;
  readonly password: string;
  readonly logger: Logger;
  readonly clock?: Clock;
}

/** The FXCM adapter: one FIX 4.4 session (src/venues/fix) carrying orders, reports, positions and prices. */
export function createFxcmVenue(options: FxcmVenueOptions): FxcmExecutionClient {
  const config = parseFxcmConfig(options.config);
  const clock = options.clock ?? new SystemClock();
  const store = config.sessionStorePath === undefined ? new MemoryFixSessionStore() : new SqliteFixSessionStore(config.sessionStorePath);
  const connection = new FxcmConnection(config, fxcmCredentials(options.username, options.password), { clock, logger: options.logger, store });
  const data = new FxcmDataClient(connection, { clock, logger: options.logger, incremental: config.marketDataUpdates === 'incremental' });
  const fillPath = config.fillStorePath ?? (config.sessionStorePath === undefined ? undefined : `${config.sessionStorePath}.fills`);
  const fills = fillPath === undefined ? new MemoryFxcmFillLog() : new SqliteFxcmFillLog(fillPath);
  const client = new FxcmExecutionClient(config, connection, data, { clock, logger: options.logger, fills });
  const disconnect = client.disconnect.bind(client);
  client.disconnect = async () => {
    await disconnect();
    store.close();
    fills.close();
  };
  return client;
}
