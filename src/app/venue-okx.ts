import { randomBytes } from 'node:crypto';
import { TmtError } from '../core';
import { SystemClock } from '../shared/system-clock';
import { startOkxSimulator } from '../simulators/okx/server';
import { createOkxVenue } from '../venues/okx';
import type { AccountConfig } from './config/schema';
import { closingWith, usesEmbeddedSimulator, type EmbeddedVenue } from './embedded-simulators';
import type { VenueFactory } from './venue-factories';

/** One OKX simulator per embedded account (one account per API key), its market moving as `tmt sim okx` does. */
async function startEmbeddedOkx(seed: number): Promise<EmbeddedVenue & { wsPrivateUrl: string; wsBusinessUrl: string }> {
  const sim = await startOkxSimulator({
    clock: new SystemClock(),
    port: 0,
    seed,
    walkMs: 250,
    apiKey: randomBytes(16).toString('hex'),
    secretKey: randomBytes(32).toString('hex'),
    passphrase: `Sim-${randomBytes(8).toString('hex')}`,
  });
  return {
    restUrl: sim.url,
    streamUrl: sim.wsPublicUrl,
    wsPrivateUrl: sim.wsPrivateUrl,
    wsBusinessUrl: sim.wsBusinessUrl,
    credentials: { apiKey: sim.apiKey, secretKey: sim.secretKey, passphrase: sim.passphrase },
    close: () => sim.close(),
  };
}

function required(credentials: Readonly<Record<string, string | undefined>>, name: string, index: number): string {
  const value = credentials[name];
  if (value === undefined || value === '') {
    throw new TmtError('CONFIG_SECRET_MISSING', `accounts.${index}.credentials.${name} is required for OKX`, { field: `accounts.${index}.credentials.${name}` });
  }
  return value;
}

function environmentOf(account: AccountConfig, custom: boolean): 'live' | 'demo' | 'custom' {
  if (custom) return 'custom';
  return account.environment === 'live' ? 'live' : 'demo';
}

/** `venue: okx` accounts: live, demo (practice/testnet, `x-simulated-trading: 1`) or a simulator. */
export const okxFactory: VenueFactory = async (accounts, context) => {
  const clients = [];
  for (const { index, account } of accounts) {
    const own = usesEmbeddedSimulator(account) ? await startEmbeddedOkx(context.config.paper.seed) : undefined;
    const credentials: Readonly<Record<string, string | undefined>> = own?.credentials ?? context.credentials(index);
    const restUrl = own?.restUrl ?? account.restUrl;
    const streamUrl = own?.streamUrl ?? account.streamUrl;
    const venue = createOkxVenue({
      account: {
        accountId: account.id,
        venue: 'okx',
        environment: environmentOf(account, restUrl !== undefined),
        apiKey: required(credentials, 'apiKey', index),
        secretKey: required(credentials, 'secretKey', index),
        passphrase: required(credentials, 'passphrase', index),
        ...(restUrl === undefined ? {} : { baseUrl: restUrl }),
        ...(streamUrl === undefined ? {} : { wsPublicUrl: streamUrl }),
        ...(own === undefined ? {} : { wsPrivateUrl: own.wsPrivateUrl, wsBusinessUrl: own.wsBusinessUrl }),
        ...account.venueOptions,
      },
      clock: context.clock,
      logger: context.logger,
    });
    clients.push(own === undefined ? venue.client : closingWith(venue.client, own));
  }
  return clients;
};
