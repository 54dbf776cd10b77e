import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { TmtError } from '../core';
import { createFxcmSimulator } from '../simulators/fxcm';
import { createFxcmVenue } from '../venues/fxcm';
import type { AccountConfig } from './config/schema';
import { closingWith, usesEmbeddedSimulator, type EmbeddedVenue } from './embedded-simulators';
import type { VenueFactory } from './venue-factories';

/** One FXCM simulator per embedded account, with the account's id and starting balance, its market moving. */
async function startEmbeddedFxcm(seed: number, account: AccountConfig): Promise<EmbeddedVenue & { port: number }> {
  const password = randomBytes(16).toString('hex');
  const username = 'sim-user';
  const sim = await createFxcmSimulator({
    port: 0, seed, prices: 'synthetic',
    login: { username, password, accounts: [{ id: account.id, balance: account.startingBalance ?? '100000', positionMaintenance: account.compliance === 'us-fx' ? 'N' : 'Y' }] },
  });
  return { restUrl: `fix://${sim.host}:${sim.port}`, streamUrl: '', port: sim.port, credentials: { username, password }, close: () => sim.close() };
}

function required(credentials: Readonly<Record<string, string | undefined>>, name: string, index: number): string {
  const value = credentials[name];
  if (value === undefined || value === '') {
    throw new TmtError('CONFIG_SECRET_MISSING', `accounts.${index}.credentials.${name} is required for FXCM`, { field: `accounts.${index}.credentials.${name}` });
  }
  return value;
}

/**
 * `venue: fxcm` accounts over FIX 4.4: host, port, senderCompId and targetSubId come from venueOptions (FXCM's
 * session settings), Username/Password from credentials; `environment: simulator` without them starts one.
 * Sequence numbers are kept under the data directory, one SQLite file per account.
 */
export const fxcmFactory: VenueFactory = async (accounts, context) => {
  const clients = [];
  for (const { index, account } of accounts) {
    const own = usesEmbeddedSimulator(account) ? await startEmbeddedFxcm(context.config.paper.seed, account) : undefined;
    const credentials: Readonly<Record<string, string | undefined>> = own?.credentials ?? context.credentials(index);
    const client = createFxcmVenue({
      config: {
        environment: own !== undefined ? 'simulator' : account.environment === 'live' ? 'live' : 'demo',
        accountIds: [account.id],
        profile: account.compliance === 'us-fx' ? 'us' : 'international',
        sessionStorePath: join(context.dataDir, `fxcm-fix-${account.id}.db`),
        ...(own === undefined ? {} : { host: '127.0.0.1', port: own.port, senderCompId: `${required(credentials, 'username', index)}_client1` }),
        ...account.venueOptions,
      } as Parameters<typeof createFxcmVenue>[0]['config'],
      username: required(credentials, 'username', index),
      password: required(credentials, 'password', index),
      clock: context.clock,
      logger: context.logger,
    });
    clients.push(own === undefined ? client : closingWith(client, own));
  }
  return clients;
};
