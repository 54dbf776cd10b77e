import type { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { InstrumentId } from '../../core/identifiers';
import { SimulatorClock } from './clock';
import { defaultFaults, type Arrival, type SimulatorFaults } from './http/faults';
import { OandaSimServer, type ServerOptions } from './http/server';
import { OrderService } from './order-service';
import { TradeService } from './trade-service';
import { OandaStateWriter, readOandaState, saveAccount } from './state-file';
import { OandaSimVenue, type SimAccountOptions } from './venue';

export type { SimulatorFaults, Arrival } from './http/faults';
export type { SimAccountOptions } from './venue';
export { OANDA_INSTRUMENTS } from './instruments';

export interface OandaSimulatorOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
  readonly seed?: number;
  readonly accounts?: readonly SimAccountOptions[];
  /** 'synthetic' (default): the matching engine's seeded walk; 'scripted': prices move only through `market`. */
  readonly prices?: 'synthetic' | 'scripted';
  /** Stream heartbeat period; OANDA's is 5 s. */
  readonly heartbeatMs?: number;
  readonly requestsPerSecond?: number;
  readonly onReply?: ServerOptions['onReply'];
  /**
   * Keeps the venue's state (accounts, transactions, orders, trades, ids, the engine) in this file: read at
   * start when present, written shortly after every change and at close, so a restart resumes the venue.
   */
  readonly stateFile?: string;
  /** The clock of the pricing stream's throttle (default wall time), so tests can drive it. */
  readonly streamClock?: ServerOptions['streamClock'];
}

export interface OandaSimulator {
  readonly url: string;
  readonly streamUrl: string;
  readonly token: string;
  readonly accounts: readonly string[];
  readonly faults: SimulatorFaults;
  readonly arrivals: Arrival[];
  readonly server: OandaSimServer;
  readonly venue: OandaSimVenue;
  readonly clock: SimulatorClock;
  /** Test hooks on the simulated market. */
  readonly market: {
    quote(instrument: string): { bid: Price; ask: Price };
    /** Scripted prices: moves the book so its mid is `mid`, printing a trade there (resting orders crossed fill). */
    movePrice(instrument: string, mid: Decimal): void;
    /** Moves venue time forward (expiries, financing) and lets the engine catch up. */
    advanceTime(ms: number): void;
  };
  close(): Promise<void>;
}

export const DEFAULT_SIM_TOKEN = 'sim-0000-oanda-token-0000';

/** Funded accounts: a hedging international account, a US account (FIFO, no hedging) and a plain netting one. */
export const DEFAULT_SIM_ACCOUNTS: readonly SimAccountOptions[] = [
  { id: '101-001-1000001-001', balance: '100000', hedgingEnabled: true },
  { id: '001-001-1000002-001', balance: '100000', hedgingEnabled: false, us: true },
  { id: '101-001-1000003-001', balance: '50000', hedgingEnabled: false },
];

export async function createOandaSimulator(options: OandaSimulatorOptions = {}): Promise<OandaSimulator> {
  const clock = new SimulatorClock();
  const accounts = options.accounts ?? DEFAULT_SIM_ACCOUNTS;
  const restored = options.stateFile === undefined ? undefined : readOandaState(options.stateFile);
  const venue = new OandaSimVenue({
    clock, seed: options.seed ?? 1, accounts, prices: options.prices ?? 'synthetic',
    ...(restored === undefined ? {} : { restored }),
  });
  const writer = options.stateFile === undefined ? undefined : new OandaStateWriter(options.stateFile, clock, () => ({
    version: 1,
    savedAt: clock.now(),
    engine: venue.engine.saveEncoded(),
    accounts: [...venue.accounts.values()].map(saveAccount),
  }));
  // Every change of an account records a transaction; fills and expiries the engine makes on its own too.
  if (writer !== undefined) {
    venue.onTransaction(() => writer.changed());
    venue.engine.onEvent(() => writer.changed());
  }
  const orders = new OrderService(venue);
  const trades = new TradeService(venue, orders);
  const faults = defaultFaults();
  const token = options.token ?? DEFAULT_SIM_TOKEN;
  const server = new OandaSimServer({
    venue, orders, trades, token, faults,
    heartbeatMs: options.heartbeatMs ?? 5000,
    requestsPerSecond: options.requestsPerSecond ?? 120,
    ...(options.onReply === undefined ? {} : { onReply: options.onReply }),
    ...(options.streamClock === undefined ? {} : { streamClock: options.streamClock }),
  });
  await server.listen(options.port ?? 0);
  venue.advance();
  return {
    url: server.url,
    streamUrl: server.url,
    token,
    accounts: accounts.map((a) => a.id),
    faults,
    arrivals: server.arrivals,
    server,
    venue,
    clock,
    market: {
      quote(instrument) {
        const quote = venue.quote(instrument);
        if (quote === undefined) throw new Error(`no price for ${instrument}`);
        return { bid: Price.of(quote.bid), ask: Price.of(quote.ask) };
      },
      movePrice(instrument, mid) {
        InstrumentId.of(instrument, 'OANDA');
        venue.setMid(instrument, mid);
      },
      advanceTime(ms) {
        clock.advance(ms);
        venue.advance();
      },
    },
    async close() {
      venue.close();
      writer?.close();
      await server.close();
    },
  };
}
