import { TmtError } from '../core';
import { createTradeLockerVenue } from '../venues/tradelocker';
import { closingWith, startEmbeddedTradeLocker, usesEmbeddedSimulator } from './embedded-simulators';
import type { VenueFactory } from './venue-factories';

/**
 * `venue: tradelocker` accounts: the account id is TradeLocker's (digits), credentials are email, password
 * and server (the server name shown at login); `compliance: us-fx` makes it a US (FIFO, no hedging) profile.
 * `environment: simulator` without a restUrl starts one simulator for all such accounts.
 */
export const tradeLockerFactory: VenueFactory = async (accounts, context) => {
  const embeddedAccounts = accounts.filter(({ account }) => usesEmbeddedSimulator(account)).map((a) => a.account);
  const embedded = embeddedAccounts.length === 0 ? undefined : await startEmbeddedTradeLocker(embeddedAccounts, context.config.paper.seed, context.dataDir);
  return accounts.map(({ index, account }) => {
    const own = embedded !== undefined && usesEmbeddedSimulator(account) ? embedded : undefined;
    const credentials = own?.credentials ?? context.credentials(index);
    for (const name of ['email', 'password', 'server']) {
      if (credentials[name] === undefined || credentials[name] === '') {
        throw new TmtError('CONFIG_SECRET_MISSING', `accounts.${index}.credentials.${name} is required for TradeLocker`, { field: `accounts.${index}.credentials.${name}` });
      }
    }
    const restUrl = own?.restUrl ?? account.restUrl;
    const client = createTradeLockerVenue({
      config: {
        environment: restUrl !== undefined && account.environment === 'simulator' ? 'simulator' : account.environment === 'live' ? 'live' : 'demo',
        accountIds: [account.id],
        profile: account.compliance === 'us-fx' ? 'us' : 'international',
        ...(restUrl === undefined ? {} : { baseUrl: restUrl }),
        ...(account.instruments === undefined ? {} : { instruments: account.instruments }),
        ...account.venueOptions,
      },
      login: { ...(credentials['email'] === undefined ? {} : { email: credentials['email'] }), ...(credentials['password'] === undefined ? {} : { password: credentials['password'] }), ...(credentials['server'] === undefined ? {} : { server: credentials['server'] }) },
      clock: context.clock,
      logger: context.logger,
      ...(context.requestLog === undefined ? {} : { requestLog: context.requestLog }),
    });
    // The simulator closes with the first embedded account's adapter.
    return own !== undefined && account === embeddedAccounts[0] ? closingWith(client, own) : client;
  });
};
