import { join } from 'node:path';
import { TmtError } from '../core';
import { createIbkrSimulator } from '../simulators/ibkr';
import { createIbkrVenue } from '../venues/ibkr';
import { closingWith, usesEmbeddedSimulator } from './embedded-simulators';
import type { VenueFactory } from './venue-factories';

/**
 * `venue: ibkr` accounts: one adapter (one TWS client id) per account. `restUrl: tcp://host:port` points at
 * TWS or IB Gateway; `environment: simulator` without it starts the TWS simulator in process (state in the
 * data dir). TWS holds the login, so there are no credentials to pass; the order-id high-water mark is kept
 * in the data dir so that ids increase across restarts.
 */
export const ibkrFactory: VenueFactory = async (accounts, context) => {
  const clients = [];
  for (const { index, account } of accounts) {
    const embedded = usesEmbeddedSimulator(account)
      ? await createIbkrSimulator({ port: 0, seed: context.config.paper.seed, account: account.id, dataDir: join(context.dataDir, `ibkr-simulator-${account.id}`), ...(account.startingBalance === undefined ? {} : { cash: account.startingBalance }) })
      : undefined;
    const endpoint = embedded === undefined ? endpointOf(account.restUrl, index) : { host: embedded.host, port: embedded.port };
    const client = createIbkrVenue({
      config: {
        environment: embedded !== undefined ? 'simulator' : account.environment === 'live' ? 'live' : 'paper',
        accountIds: [account.id],
        ...endpoint,
        stateFile: join(context.dataDir, `ibkr-order-ids-${account.id}.json`),
        ...(account.instruments === undefined ? {} : { instruments: account.instruments }),
        ...account.venueOptions,
      },
      clock: embedded?.clock ?? context.clock,
      logger: context.logger,
    });
    clients.push(embedded === undefined ? client : closingWith(client, { restUrl: `tcp://${embedded.host}:${embedded.port}`, streamUrl: '', credentials: {}, close: () => embedded.close() }));
  }
  return clients;
};

function endpointOf(restUrl: string | undefined, index: number): { host?: string; port?: number } {
  if (restUrl === undefined) return {};
  const url = new URL(restUrl);
  if (url.protocol !== 'tcp:' || url.port === '') {
    throw new TmtError('CONFIG_INVALID', `accounts.${index}.restUrl must be tcp://host:port for IBKR (TWS or IB Gateway), found ${restUrl}`, { field: `accounts.${index}.restUrl` });
  }
  return { host: url.hostname, port: Number(url.port) };
}
