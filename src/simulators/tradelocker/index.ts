import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeExact, encodeExact } from '../../core/serialization';
import type { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import type { Quantity } from '../../core/money/quantity';
import { OffsetClock } from '../../shared/offset-clock';
import type { TlLogin, TokenLifetimes } from './auth';
import { Candles, type Bar } from './candles';
import { engineInstrumentId, specByName } from './instruments';
import { defaultRateLimits, type RateLimit } from './limits';
import { registerAccountRoutes } from './routes-account';
import { registerMarketRoutes } from './routes-market';
import { registerTradingRoutes } from './routes-trading';
import { TlSimServer, type Arrival, type TlFaults } from './server';
import type { SavedTlState, TlAccountOptions } from './state';
import { TlSimVenue } from './venue';

export type { TlAccountOptions } from './state';
export type { TlLogin } from './auth';
export type { TlFaults, Arrival } from './server';
export type { RateLimit } from './limits';
export { TL_INSTRUMENTS } from './instruments';
export { TlSimVenue } from './venue';

export interface TradeLockerSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly login?: TlLogin;
  readonly accounts?: readonly TlAccountOptions[];
  /** 'synthetic': a seeded walk; 'scripted' (tests): prices move only through `market`. */
  readonly prices?: 'synthetic' | 'scripted';
  readonly sessions?: 'fx' | 'always';
  readonly lifetimes?: Partial<TokenLifetimes>;
  readonly rateLimits?: readonly RateLimit[];
  /** Orders, positions, balances and bars are kept in `<dataDir>/tradelocker.json` across restarts. */
  readonly dataDir?: string;
}

export interface TradeLockerSimulator {
  /** The origin; the API is under `${url}/backend-api`. */
  readonly url: string;
  readonly login: TlLogin;
  readonly accounts: readonly TlAccountOptions[];
  readonly venue: TlSimVenue;
  readonly server: TlSimServer;
  readonly clock: OffsetClock;
  readonly faults: TlFaults;
  readonly arrivals: Arrival[];
  readonly market: {
    quote(name: string): { bid: Price; ask: Price };
    movePrice(name: string, mid: Decimal): void;
    /** A public trade at `price` for `quantity` units, the quote unchanged (partial fills of resting orders). */
    printTrade(name: string, price: Price, quantity: Quantity): void;
    advanceTime(ms: number): void;
  };
  close(): Promise<void>;
}

export const DEFAULT_TL_LOGIN: TlLogin = { email: 'trader@sim.tradelocker.test', password: 'sim-password-0000', server: 'SIM-DEMO' };

/** An international account (hedging, 100:1) and a US one (FIFO, no hedging, 50:1). */
export const DEFAULT_TL_ACCOUNTS: readonly TlAccountOptions[] = [
  { id: '1001001', accNum: '1', name: 'Demo International', balance: '100000', profile: 'international' },
  { id: '1001002', accNum: '2', name: 'Demo US', balance: '100000', profile: 'us' },
];

interface SavedFile extends SavedTlState {
  readonly bars: Record<string, Bar[]>;
}

export async function createTradeLockerSimulator(options: TradeLockerSimulatorOptions = {}): Promise<TradeLockerSimulator> {
  const clock = new OffsetClock();
  const accounts = options.accounts ?? DEFAULT_TL_ACCOUNTS;
  const login = options.login ?? DEFAULT_TL_LOGIN;
  const file = options.dataDir === undefined ? undefined : join(options.dataDir, 'tradelocker.json');
  const restored = file !== undefined && existsSync(file) ? decodeExact<SavedFile>(readFileSync(file, 'utf8')) : undefined;
  const venue = new TlSimVenue({
    clock, seed: options.seed ?? 1, accounts, prices: options.prices ?? 'synthetic', sessions: options.sessions ?? 'always',
    ...(restored === undefined ? {} : { restored }),
  });
  const candles = new Candles();
  candles.restore(restored?.bars);
  venue.engine.onMarketData((event) => candles.record(event));
  const server = new TlSimServer({
    venue, candles, login,
    lifetimes: { accessMs: options.lifetimes?.accessMs ?? 3_600_000, refreshMs: options.lifetimes?.refreshMs ?? 7 * 86_400_000 },
    rateLimits: options.rateLimits ?? defaultRateLimits(),
  });
  registerAccountRoutes(server, server.context());
  registerTradingRoutes(server, server.context());
  registerMarketRoutes(server, server.context());
  // Written shortly after each change (one write per burst) and at close, through a temporary file.
  let pending: NodeJS.Timeout | undefined;
  const write = (): void => {
    if (file === undefined) return;
    pending = undefined;
    mkdirSync(options.dataDir as string, { recursive: true });
    writeFileSync(`${file}.tmp`, encodeExact({ ...venue.save(), bars: candles.save() }));
    renameSync(`${file}.tmp`, file);
  };
  if (file !== undefined) {
    venue.onChange(() => {
      pending ??= setTimeout(write, 20);
    });
  }
  await server.listen(options.port ?? 0);
  venue.advance();
  return {
    url: server.url, login, accounts, venue, server, clock, faults: server.faults, arrivals: server.arrivals,
    market: {
      quote(name) {
        const quote = venue.quote(name);
        if (quote === undefined) throw new Error(`no price for ${name}`);
        return { bid: Price.of(quote.bid), ask: Price.of(quote.ask) };
      },
      movePrice: (name, mid) => venue.setMid(name, mid),
      printTrade(name, price, quantity) {
        const spec = specByName(name);
        if (spec === undefined) throw new Error(`no instrument ${name}`);
        const now = clock.now();
        venue.engine.applyMarketData({ type: 'TradeTick', instrumentId: engineInstrumentId(spec), price, quantity, aggressor: 'sell', occurredAt: now, recordedAt: now });
        venue.positions.drain();
        venue.changed();
      },
      advanceTime(ms) {
        clock.advance(ms);
        venue.advance();
      },
    },
    async close() {
      venue.close();
      if (pending !== undefined) clearTimeout(pending);
      if (file !== undefined) write();
      await server.close();
    },
  };
}

