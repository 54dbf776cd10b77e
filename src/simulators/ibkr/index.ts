import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import { decodeExact } from '../../core/serialization';
import { silentLogger, type Logger } from '../../shared/logger';
import { createMatchingEngine, createSyntheticSource, type MatchingSnapshot } from '../matching';
import { IbAccountView } from './account';
import { IbSimulatorClock } from './clock';
import { IbExchange } from './exchange';
import { IB_CONTRACTS, engineInstrumentId, simulatedInstrument, type IbContractSpec, type IbHoursMode } from './instruments';
import { setMid } from './market';
import { IbSimServer, type Arrival } from './server';
import { emptyState } from './state';
import { IbSimStore } from './store';

export type { Arrival } from './server';
export { PACING_LIMIT_PER_SECOND } from './server';
export { IB_CONTRACTS, type IbContractSpec, type IbHoursMode } from './instruments';
export { SIM_MAX_SERVER_VERSION, SIM_MIN_SERVER_VERSION } from './versions';

export interface IbkrSimulatorOptions {
  /** 0 picks a free port. */
  readonly port?: number;
  readonly seed?: number;
  /** 'synthetic' (default): a seeded random walk; 'scripted': prices move only through `market`. */
  readonly prices?: 'synthetic' | 'scripted';
  /** Persists orders, executions, ids and the engine state here, and resumes from it at start. */
  readonly dataDir?: string;
  readonly account?: string;
  /** Starting cash in USD. */
  readonly cash?: string;
  readonly logger?: Logger;
  /**
   * Trading hours in contract details: 'around-the-clock' (default; the simulator matches at any hour) or
   * 'regular' (a US stock's real day in US/Eastern, DST-correct). The simulator matches at any hour either way.
   */
  readonly tradingHours?: IbHoursMode;
}

/** What the venue itself holds, for tests that compare the engine's view with the venue's. */
export interface IbkrTruth {
  readonly openOrders: readonly {
    orderRef: string; orderId: number; conId: number; action: 'BUY' | 'SELL'; orderType: string; tif: string; outsideRth: boolean; totalQuantity: Decimal; filled: Decimal;
    lmtPrice?: Decimal; auxPrice?: Decimal; lmtPriceOffset?: Decimal; trailStopPrice?: Decimal; displaySize?: number;
  }[];
  readonly positions: readonly { conId: number; quantity: Decimal }[];
  readonly cash: Decimal;
}

export interface IbkrSimulator {
  readonly host: string;
  readonly port: number;
  readonly accounts: readonly string[];
  readonly clock: IbSimulatorClock;
  readonly server: IbSimServer;
  readonly exchange: IbExchange;
  readonly arrivals: Arrival[];
  readonly market: {
    quote(conId: number): { bid: Price; ask: Price };
    movePrice(conId: number, mid: Decimal): void;
    /** A public trade print at `price` (resting orders at or through it fill from it, queue permitting). */
    printTrade(conId: number, price: Decimal, quantity: Decimal): void;
    advanceTime(ms: number): void;
  };
  truth(account?: string): IbkrTruth;
  close(): Promise<void>;
}

export const DEFAULT_PAPER_ACCOUNT = 'DU1234567';

/** A TWS / IB Gateway on the shared matching engine, speaking the TWS socket protocol (versions 176-178). */
export async function createIbkrSimulator(options: IbkrSimulatorOptions = {}): Promise<IbkrSimulator> {
  const clock = new IbSimulatorClock();
  const account = options.account ?? DEFAULT_PAPER_ACCOUNT;
  const seed = options.seed ?? 1;
  const prices = options.prices ?? 'synthetic';
  const instruments = IB_CONTRACTS.map(simulatedInstrument);
  const store = options.dataDir === undefined ? undefined : new IbSimStore(options.dataDir);
  const saved = store?.load();
  const config = {
    clock, seed, instruments, latency: { kind: 'fixed' as const, ms: 0 },
    accounts: [{
      accountId: AccountId.parse(account), baseCurrency: 'USD', type: 'margin' as const, positionMode: 'netting' as const,
      balances: [{ currency: 'USD', amount: Decimal.parse(options.cash ?? '1000000') }], maxLeverage: Decimal.fromInteger(4), closeoutFraction: Decimal.parse('0.25'),
    }],
  };
  const engine = createMatchingEngine(config, saved?.engine);
  if (prices === 'synthetic') {
    const sourceState = saved === undefined ? undefined : decodeExact<MatchingSnapshot>(saved.engine).sources[0];
    engine.attachSource(createSyntheticSource({ seed, startAt: clock.now(), instruments, ...(sourceState === undefined ? {} : { state: sourceState }) }));
  }
  const state = saved?.state ?? emptyState();
  let dirty = false;
  const persist = (): void => {
    if (store === undefined || dirty) return;
    dirty = true;
    setImmediate(() => {
      dirty = false;
      store.save(state, engine.saveEncoded());
    });
  };
  const exchange = new IbExchange(engine, state, clock, [account], persist);
  const view = new IbAccountView(engine, state);
  const server = new IbSimServer(exchange, view, [account], options.logger ?? silentLogger(), () => clock.now());
  const specOf = (conId: number): IbContractSpec => {
    const spec = IB_CONTRACTS.find((c) => c.conId === conId);
    if (spec === undefined) throw new Error(`no contract ${conId}`);
    return spec;
  };
  if (prices === 'scripted' && saved === undefined) for (const spec of IB_CONTRACTS) setMid(engine, spec, Decimal.parse(spec.initialMid), clock.now());
  const advance = (): void => engine.advanceTo(clock.now());
  advance();
  const timer = setInterval(advance, 50);
  timer.unref();
  server.hoursMode = options.tradingHours ?? 'around-the-clock';
  const port = await server.listen(options.port ?? 0);
  return {
    host: '127.0.0.1', port, accounts: [account], clock, server, exchange, arrivals: server.arrivals,
    market: {
      quote(conId) {
        const book = engine.book(engineInstrumentId(specOf(conId)));
        const bid = book?.bestBid();
        const ask = book?.bestAsk();
        if (bid === undefined || ask === undefined) throw new Error(`no quote for ${conId}`);
        return { bid, ask };
      },
      movePrice(conId, mid) {
        setMid(engine, specOf(conId), mid, clock.now());
      },
      printTrade(conId, price, quantity) {
        const now = clock.now();
        engine.applyMarketData({ type: 'TradeTick', instrumentId: engineInstrumentId(specOf(conId)), price: Price.of(price), quantity: Quantity.of(quantity), occurredAt: now, recordedAt: now });
      },
      advanceTime(ms) {
        clock.advance(ms);
        advance();
      },
    },
    truth(forAccount = account) {
      return {
        openOrders: exchange.openOrders().filter((o) => o.account === forAccount).map((o) => ({
          orderRef: o.orderRef, orderId: o.orderId, conId: o.conId, action: o.action, orderType: o.orderType, tif: o.tif, outsideRth: o.outsideRth,
          totalQuantity: o.totalQuantity, filled: o.filled,
          ...(o.lmtPrice === undefined ? {} : { lmtPrice: o.lmtPrice }), ...(o.auxPrice === undefined ? {} : { auxPrice: o.auxPrice }),
          ...(o.lmtPriceOffset === undefined ? {} : { lmtPriceOffset: o.lmtPriceOffset }), ...(o.trailStopPrice === undefined ? {} : { trailStopPrice: o.trailStopPrice }),
          ...(o.displaySize === undefined ? {} : { displaySize: o.displaySize }),
        })),
        positions: view.positions(forAccount).map((p) => ({ conId: p.spec.conId, quantity: p.quantity })),
        cash: view.cash(forAccount),
      };
    },
    async close() {
      clearInterval(timer);
      await server.close();
      store?.save(state, engine.saveEncoded());
    },
  };
}


