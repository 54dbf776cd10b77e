import { TmtError } from '../core';
import { createBinanceVenue } from '../venues/binance';
import { createOandaVenue } from '../venues/oanda';
import type { VenueFactory } from './venue-factories';

/** `venue: oanda` accounts: one adapter per account (each has its own token and streams). */
export const oandaFactory: VenueFactory = async (accounts, context) =>
  accounts.map(({ index, account }) => {
    const credentials = context.credentials(index);
    const token = credentials.token;
    if (token === undefined)
      throw new TmtError(
        'CONFIG_SECRET_MISSING',
        `accounts.${index}.credentials.token is required for OANDA`,
        { field: `accounts.${index}.credentials.token` },
      );
    const simulator = account.restUrl !== undefined;
    return createOandaVenue({
      config: {
        environment: simulator ? 'simulator' : account.environment === 'live' ? 'live' : 'practice',
        accountIds: [account.id],
        ...(account.restUrl === undefined ? {} : { baseUrl: account.restUrl }),
        ...(account.streamUrl === undefined ? {} : { streamUrl: account.streamUrl }),
        ...(account.instruments === undefined ? {} : { instruments: account.instruments }),
        ...account.venueOptions,
      },
      token,
      clock: context.clock,
      logger: context.logger,
      ...(context.requestLog === undefined ? {} : { requestLog: context.requestLog }),
    });
  });

/** `venue: binance` accounts. */
export const binanceFactory: VenueFactory = async (accounts, context) =>
  accounts.map(({ index, account }) => {
    const credentials = context.credentials(index);
    const environment =
      account.restUrl !== undefined ? 'custom' : account.environment === 'testnet' ? 'testnet' : 'spot';
    const venue = createBinanceVenue({
      account: {
        accountId: account.id,
        venue: 'binance',
        environment,
        apiKey: credentials.apiKey ?? '',
        ...(credentials.apiSecret === undefined ? {} : { apiSecret: credentials.apiSecret }),
        ...(credentials.privateKey === undefined ? {} : { privateKey: credentials.privateKey }),
        ...(account.restUrl === undefined ? {} : { baseUrl: account.restUrl }),
        ...(account.streamUrl === undefined ? {} : { streamUrl: account.streamUrl }),
        ...(account.wsApiUrl === undefined ? {} : { wsApiUrl: account.wsApiUrl }),
        ...account.venueOptions,
      },
      clock: context.clock,
      logger: context.logger,
      ...(context.requestLog === undefined ? {} : { requestLog: context.requestLog }),
    });
    return venue.client;
  });
