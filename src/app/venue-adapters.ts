import { createHash } from 'node:crypto';

import { TmtError } from '../core';
import { createBinanceVenue } from '../venues/binance';
import { createOandaVenue } from '../venues/oanda';
import {
  closingWith,
  startEmbeddedBinance,
  startEmbeddedOanda,
  usesEmbeddedSimulator,
  type EmbeddedVenue,
} from './embedded-simulators';
import type { VenueFactory } from './venue-factories';

/** `venue: oanda` accounts: one adapter per account (each has its own token and streams). */
export const oandaFactory: VenueFactory = async (accounts, context) => {
  const embeddedAccounts = accounts.filter(({ account }) => usesEmbeddedSimulator(account)).map((a) => a.account);
  const embedded =
    embeddedAccounts.length === 0 ? undefined : await startEmbeddedOanda(embeddedAccounts, context.config.paper.seed, context.dataDir);
  return accounts.map(({ index, account }) => {
    const own = embedded !== undefined && usesEmbeddedSimulator(account) ? embedded : undefined;
    const credentials = own?.credentials ?? context.credentials(index);
    const token = credentials.token;
    if (token === undefined)
      throw new TmtError(
        'CONFIG_SECRET_MISSING',
        `accounts.${index}.credentials.token is required for OANDA`,
        { field: `accounts.${index}.credentials.token` },
      );
    const restUrl = own?.restUrl ?? account.restUrl;
    const streamUrl = own?.streamUrl ?? account.streamUrl;
    const simulator = restUrl !== undefined;
    const client = createOandaVenue({
      config: {
        environment: simulator ? 'simulator' : account.environment === 'live' ? 'live' : 'practice',
        accountIds: [account.id],
        ...(restUrl === undefined ? {} : { baseUrl: restUrl }),
        ...(streamUrl === undefined ? {} : { streamUrl }),
        ...(account.instruments === undefined ? {} : { instruments: account.instruments }),
        ...account.venueOptions,
      },
      token,
      clock: context.clock,
      logger: context.logger,
      ...(context.requestLog === undefined ? {} : { requestLog: context.requestLog }),
    });
    // The simulator closes with the last of its accounts' adapters: the first embedded account carries it.
    return own !== undefined && account === embeddedAccounts[0] ? closingWith(client, own) : client;
  });
};

/** `venue: binance` accounts. */
export const binanceFactory: VenueFactory = async (accounts, context) => {
  const clients = [];
  for (const { index, account } of accounts) {
    const own: EmbeddedVenue | undefined = usesEmbeddedSimulator(account)
      ? await startEmbeddedBinance(context.config.paper.seed, account, context.dataDir)
      : undefined;
    const credentials = own?.credentials ?? context.credentials(index);
    const restUrl = own?.restUrl ?? account.restUrl;
    const environment = restUrl !== undefined ? 'custom' : account.environment === 'testnet' ? 'testnet' : 'spot';
    const venue = createBinanceVenue({
      account: {
        accountId: account.id,
        venue: 'binance',
        environment,
        apiKey: credentials.apiKey ?? '',
        ...(credentials.apiSecret === undefined ? {} : { apiSecret: credentials.apiSecret }),
        ...(credentials.privateKey === undefined ? {} : { privateKey: credentials.privateKey }),
        ...(restUrl === undefined ? {} : { baseUrl: restUrl }),
        ...optional('streamUrl', own?.streamUrl ?? account.streamUrl),
        ...optional('wsApiUrl', own?.wsApiUrl ?? account.wsApiUrl),
        ...account.venueOptions,
      },
      clock: context.clock,
      logger: context.logger,
      ...(context.requestLog === undefined ? {} : { requestLog: context.requestLog }),
      ...(context.rateBudget === undefined
        ? {}
        : { sharedBudget: { budget: context.rateBudget, key: binanceBudgetKey(restUrl ?? environment, credentials.apiKey ?? '') } }),
    });
    clients.push(own === undefined ? venue.client : closingWith(venue.client, own));
  }
  return clients;
};

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

/** Processes sharing an API key on one venue endpoint share its budget; the key itself is hashed, never stored. */
function binanceBudgetKey(endpoint: string, apiKey: string): string {
  return `binance:${createHash('sha256').update(`${endpoint}\u0000${apiKey}`).digest('hex').slice(0, 16)}`;
}
