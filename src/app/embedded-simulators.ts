import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { VenueClient } from '../core';
import { SystemClock } from '../shared/system-clock';
import { startBinanceSimulator } from '../simulators/binance/server';
import { createOandaSimulator } from '../simulators/oanda';
import { createTradeLockerSimulator } from '../simulators/tradelocker';
import { createDxtradeSimulator } from '../simulators/dxtrade';
import type { AccountConfig } from './config/schema';

/**
 * Accounts with `environment: simulator` and no restUrl trade against the venue's simulator, started here in
 * process on a free loopback port, so that paper trading runs the live adapter code over the real wire.
 * The credentials are the simulator's own, made up at start: there is nothing secret to configure.
 */
export function usesEmbeddedSimulator(account: AccountConfig): boolean {
  return account.environment === 'simulator' && account.restUrl === undefined;
}

export interface EmbeddedVenue {
  readonly restUrl: string;
  readonly streamUrl: string;
  readonly wsApiUrl?: string;
  readonly credentials: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/** One OANDA simulator for all embedded OANDA accounts, funded with each account's starting balance. */
export async function startEmbeddedOanda(
  accounts: readonly AccountConfig[],
  seed: number,
  dataDir?: string,
): Promise<EmbeddedVenue> {
  const token = `sim-${randomBytes(16).toString('hex')}`;
  const sim = await createOandaSimulator({
    port: 0,
    seed,
    token,
    // Beside the journal, so a restarted service finds its venue as it left it (see binanceStateFile).
    ...(dataDir === undefined ? {} : { stateFile: oandaStateFile(dataDir) }),
    prices: 'synthetic',
    accounts: accounts.map((account) => ({
      id: account.id,
      balance: account.startingBalance ?? '100000',
      hedgingEnabled: false,
      us: account.compliance === 'us-fx',
    })),
  });
  return { restUrl: sim.url, streamUrl: sim.streamUrl, credentials: { token }, close: () => sim.close() };
}

/**
 * One Binance simulator per embedded Binance account (Binance has one account per API key). A configured
 * `startingBalance` funds the account's baseCurrency with exactly that, and nothing else; without it the
 * simulator's default funding applies.
 */
export async function startEmbeddedBinance(
  seed: number,
  account?: AccountConfig,
  dataDir?: string,
): Promise<EmbeddedVenue> {
  const balances =
    account?.startingBalance === undefined ? undefined : { [account.baseCurrency]: account.startingBalance };
  // The venue's state lives beside the journal: a restarted service finds the same orders, fills and
  // balances at its venue and reconciles, instead of a venue that forgot everything.
  const stateFile =
    dataDir === undefined || account === undefined ? undefined : binanceStateFile(dataDir, account.id);
  const sim = await startBinanceSimulator({
    clock: new SystemClock(),
    port: 0,
    seed,
    ...(balances === undefined ? {} : { balances }),
    ...(stateFile === undefined ? {} : { stateFile }),
    // The market moves on its own, as `tmt sim binance` does by default, so the account sees live prices.
    walkMs: 250,
    apiKey: randomBytes(32).toString('hex'),
    apiSecret: randomBytes(32).toString('hex'),
  });
  return {
    restUrl: sim.url,
    streamUrl: sim.streamUrl,
    wsApiUrl: sim.wsApiUrl,
    credentials: { apiKey: sim.apiKey, apiSecret: sim.apiSecret },
    close: () => sim.close(),
  };
}

/** Where the embedded (or `tmt sim oanda --data-dir`) OANDA simulator keeps its state. */
export function oandaStateFile(dataDir: string): string {
  return join(dataDir, 'simulators', 'oanda.json');
}

/** Where an embedded (or `tmt sim binance --data-dir`) Binance simulator keeps its state. */
export function binanceStateFile(dataDir: string, name: string): string {
  return join(dataDir, 'simulators', `binance-${name.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

/** The adapter, with the simulator it trades on closed after it when the app closes. */
export function closingWith(client: VenueClient, embedded: EmbeddedVenue): VenueClient {
  // The engine has disconnected the adapter by the time the app closes venues: only the simulator is left.
  const close = async (): Promise<void> => {
    await (client as { close?: () => Promise<void> }).close?.();
    await embedded.close();
  };
  return new Proxy(client, {
    get(target, property) {
      if (property === 'close') return close;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * One TradeLocker simulator for all embedded TradeLocker accounts (one login, several accounts, as a
 * TradeLocker user has), each funded with its starting balance; a us-fx account is a US (FIFO) account. Its
 * state lives under the data directory, so a restarted service finds its venue as it left it.
 */
export async function startEmbeddedTradeLocker(accounts: readonly AccountConfig[], seed: number, dataDir?: string): Promise<EmbeddedVenue> {
  const login = { email: 'tmt@sim.tradelocker.test', password: randomBytes(16).toString('hex'), server: 'SIM-DEMO' };
  const sim = await createTradeLockerSimulator({
    port: 0, seed, prices: 'synthetic', login,
    ...(dataDir === undefined ? {} : { dataDir: join(dataDir, 'simulators', 'tradelocker') }),
    accounts: accounts.map((account, index) => ({
      id: account.id, accNum: String(index + 1), balance: account.startingBalance ?? '100000', profile: account.compliance === 'us-fx' ? ('us' as const) : ('international' as const),
    })),
  });
  return { restUrl: sim.url, streamUrl: '', credentials: { ...login }, close: () => sim.close() };
}

/**
 * One DXtrade simulator per embedded DXtrade account, the account's code and starting balance, its market
 * moving, its state beside the journal (a restarted service finds its venue as it left it).
 */
export async function startEmbeddedDxtrade(seed: number, account: AccountConfig, dataDir?: string): Promise<EmbeddedVenue> {
  const password = randomBytes(16).toString('hex');
  const user = {
    username: 'sim-user', domain: 'default', password,
    accounts: [{ code: account.id, currency: account.baseCurrency, balance: account.startingBalance ?? '100000', us: account.compliance === 'us-fx' }],
  };
  const sim = await createDxtradeSimulator({
    port: 0, seed, prices: 'synthetic', user, rateLimits: { loginPerSecond: Infinity, dataPerSecond: Infinity, tradingPerSecond: Infinity },
    ...(dataDir === undefined ? {} : { dataDir: join(dataDir, 'simulators', `dxtrade-${account.id.replace(/[^A-Za-z0-9._-]/g, '_')}`) }),
  });
  return { restUrl: sim.url, streamUrl: sim.pushUrl, credentials: { username: user.username, domain: user.domain, password }, close: () => sim.close() };
}
