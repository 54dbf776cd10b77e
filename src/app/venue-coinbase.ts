import { TmtError } from '../core';
import { SystemClock } from '../shared/system-clock';
import { startCoinbaseSimulator } from '../simulators/coinbase/server';
import { createCoinbaseVenue } from '../venues/coinbase';
import { closingWith, usesEmbeddedSimulator, type EmbeddedVenue } from './embedded-simulators';
import type { VenueFactory } from './venue-factories';

/** One Coinbase simulator per embedded account (one CDP key is one account), its market walking on its own. */
async function startEmbeddedCoinbase(seed: number): Promise<EmbeddedVenue & { wsUserUrl: string }> {
  const sim = await startCoinbaseSimulator({ clock: new SystemClock(), port: 0, seed, walkMs: 250 });
  return {
    restUrl: sim.url,
    streamUrl: sim.wsUrl,
    wsUserUrl: sim.wsUserUrl,
    credentials: { apiKeyName: sim.apiKeyName, apiPrivateKey: sim.apiPrivateKey },
    close: () => sim.close(),
  };
}

/** `venue: coinbase` accounts: credentials `apiKeyName` and `apiPrivateKey` (a CDP key). */
export const coinbaseFactory: VenueFactory = async (accounts, context) => {
  const clients = [];
  for (const { index, account } of accounts) {
    const own = usesEmbeddedSimulator(account) ? await startEmbeddedCoinbase(context.config.paper.seed) : undefined;
    const credentials = own?.credentials ?? context.credentials(index);
    const apiKeyName = credentials['apiKeyName'];
    const apiPrivateKey = credentials['apiPrivateKey'];
    if (apiKeyName === undefined || apiPrivateKey === undefined) {
      throw new TmtError('CONFIG_SECRET_MISSING', `accounts.${index}.credentials needs apiKeyName and apiPrivateKey for Coinbase`, { field: `accounts.${index}.credentials` });
    }
    const restUrl = own?.restUrl ?? account.restUrl;
    const wsUrl = own?.streamUrl ?? account.streamUrl;
    const venue = createCoinbaseVenue({
      account: {
        accountId: account.id,
        environment: restUrl !== undefined ? 'custom' : account.environment === 'live' ? 'production' : 'sandbox',
        apiKeyName,
        apiPrivateKey,
        baseCurrency: account.baseCurrency,
        ...(restUrl === undefined ? {} : { baseUrl: restUrl }),
        ...(wsUrl === undefined ? {} : { wsUrl }),
        ...(own === undefined ? {} : { wsUserUrl: own.wsUserUrl }),
        ...account.venueOptions,
      },
      clock: context.clock,
      logger: context.logger,
    });
    clients.push(own === undefined ? venue.client : closingWith(venue.client, own));
  }
  return clients;
};
