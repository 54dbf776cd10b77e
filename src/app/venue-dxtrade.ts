import { TmtError } from '../core';
import { DXTRADE_URLS, createDxtradeVenue } from '../venues/dxtrade';
import type { AccountConfig } from './config/schema';
import { closingWith, startEmbeddedDxtrade, usesEmbeddedSimulator } from './embedded-simulators';
import type { VenueFactory } from './venue-factories';

function required(credentials: Readonly<Record<string, string | undefined>>, name: string, index: number): string {
  const value = credentials[name];
  if (value === undefined || value === '') {
    throw new TmtError('CONFIG_SECRET_MISSING', `accounts.${index}.credentials.${name} is required for DXtrade`, { field: `accounts.${index}.credentials.${name}` });
  }
  return value;
}

/** The push base beside a REST base: the same host, ws(s) instead of http(s). */
function pushUrlOf(restUrl: string): string {
  return restUrl.replace(/^http/, 'ws');
}

function profileOf(account: AccountConfig): 'us' | 'international' {
  return account.compliance === 'us-fx' ? 'us' : 'international';
}

/**
 * `venue: dxtrade` accounts (FOREX.com and other DXtrade brokers): the account id is the DXtrade account code
 * (`default:1001`); credentials `username`, `domain` and `password` (POST /login); restUrl and streamUrl the
 * broker's `https://<host>/dxsca-web` and `wss://<host>/dxsca-web`. `environment: simulator` without a
 * restUrl starts the DXtrade simulator in process.
 */
export const dxtradeFactory: VenueFactory = async (accounts, context) => {
  const clients = [];
  for (const { index, account } of accounts) {
    const own = usesEmbeddedSimulator(account) ? await startEmbeddedDxtrade(context.config.paper.seed, account, context.dataDir) : undefined;
    const credentials: Readonly<Record<string, string | undefined>> = own?.credentials ?? context.credentials(index);
    const restUrl = own?.restUrl ?? account.restUrl ?? DXTRADE_URLS.demo.rest;
    const client = createDxtradeVenue({
      config: {
        environment: own !== undefined ? 'simulator' : account.environment === 'live' ? 'live' : 'demo',
        restUrl, pushUrl: own?.streamUrl ?? account.streamUrl ?? pushUrlOf(restUrl), accountIds: [account.id], profile: profileOf(account),
        ...account.venueOptions,
      },
      username: required(credentials, 'username', index),
      domain: credentials['domain'] ?? 'default',
      password: required(credentials, 'password', index),
      clock: context.clock,
      logger: context.logger,
      ...(context.requestLog === undefined ? {} : { requestLog: context.requestLog }),
    });
    clients.push(own === undefined ? client : closingWith(client, own));
  }
  return clients;
};
