import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';

import Fastify from 'fastify';
import { WebSocketServer } from 'ws';

import { AccountId, InstrumentId } from '../../core/identifiers';
import type { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import { decodeExact, encodeExact } from '../../core/serialization';
import { DEFAULT_DXTRADE_USER, type DxtradeSimUser } from './accounts';
import { CandleBook } from './candles';
import { DxtradeSimulatorClock } from './clock';
import { DxtradeExchange } from './exchange';
import { DxtradeFaults } from './faults';
import { instrumentIdOf } from './instruments';
import { PushServer } from './push';
import { registerRest, type DxtradeVenueContext } from './rest';
import { DOCUMENTED_RATE_LIMITS, RateLimiter, Sessions, type DxRateLimits } from './sessions';
import { FINAL_STATUSES, type DxSimSavedState } from './state';

export { DEFAULT_DXTRADE_USER, type DxtradeSimUser, type DxtradeSimAccount } from './accounts';
export { DX_ERRORS, type DxtradeError } from './errors';
export { DOCUMENTED_RATE_LIMITS, type DxRateLimits } from './sessions';
export { DXTRADE_INSTRUMENTS } from './instruments';
export { DxtradeSimulatorClock } from './clock';

export interface DxtradeSimulatorOptions {
  readonly port?: number;
  readonly seed?: number;
  readonly user?: DxtradeSimUser;
  /** synthetic: the market moves by itself; scripted: only when a test moves it. */
  readonly prices?: 'synthetic' | 'scripted';
  /** Orders, positions, balances and ids are kept here across restarts. */
  readonly dataDir?: string;
  /** Session timeout (the login answer's `timeout`); DXtrade's default is 30 minutes. */
  readonly sessionTimeoutMs?: number;
  /** Requests per second; the spec's defaults when absent. Infinity disables a limit. */
  readonly rateLimits?: DxRateLimits;
  /** How often the push API sends PingRequest. */
  readonly pushPingMs?: number;
  /** enforced by default: orders are refused (409, 1007) outside the instruments' tradingHours. */
  readonly tradingHours?: 'enforced' | 'always-open';
}

export interface DxtradeSimulator {
  readonly url: string;
  /** The push API: accounts at `${pushUrl}/?format=JSON`, market data at `${pushUrl}/md?format=JSON`. */
  readonly pushUrl: string;
  readonly user: DxtradeSimUser;
  readonly clock: DxtradeSimulatorClock;
  readonly exchange: DxtradeExchange;
  readonly sessions: Sessions;
  readonly limiter: RateLimiter;
  readonly faults: DxtradeFaults;
  readonly push: PushServer;
  /** Requests answered, by `METHOD /path`. */
  readonly requests: ReadonlyMap<string, number>;
  readonly market: {
    quote(symbol: string): { bid: Price; ask: Price };
    movePrice(symbol: string, mid: Decimal): void;
    printTrade(symbol: string, price: Decimal, quantity: Decimal): void;
    advanceTime(ms: number): void;
  };
  /** The venue's own view of an account, read from its state (for the contract suite's venue truth). */
  truth(account: string): {
    orders: { orderCode: string; orderId: string; symbol: string; side: 'buy' | 'sell'; quantity: Decimal; filled: Decimal; limitPrice?: Decimal; stopPrice?: Decimal }[];
    positions: { symbol: string; quantity: Decimal }[];
    balances: { currency: string; total: Decimal }[];
  };
  close(): Promise<void>;
}

const STATE_FILE = 'dxtrade-simulator.json';

function loadState(dataDir: string | undefined): DxSimSavedState | undefined {
  const path = dataDir === undefined ? undefined : join(dataDir, STATE_FILE);
  return path === undefined || !existsSync(path) ? undefined : decodeExact<DxSimSavedState>(readFileSync(path, 'utf8'));
}

/** `tmt sim dxtrade`: DXtrade's REST trading API (`/dxsca-web`) and its push API, on the matching engine. */
export async function createDxtradeSimulator(options: DxtradeSimulatorOptions = {}): Promise<DxtradeSimulator> {
  if (options.dataDir !== undefined) mkdirSync(options.dataDir, { recursive: true });
  const clock = new DxtradeSimulatorClock();
  const user = options.user ?? DEFAULT_DXTRADE_USER;
  const saved = loadState(options.dataDir);
  const exchange = new DxtradeExchange({ clock, seed: options.seed ?? 1, user, prices: options.prices ?? 'synthetic', tradingHours: options.tradingHours ?? 'enforced', ...(saved === undefined ? {} : { saved }) });
  const candles = new CandleBook();
  exchange.engine.onMarketData((event) => candles.onMarketData(event));
  const requests = new Map<string, number>();
  const context: DxtradeVenueContext = {
    user, exchange, sessions: new Sessions(clock, options.sessionTimeoutMs ?? 30 * 60_000), limiter: new RateLimiter(options.rateLimits ?? DOCUMENTED_RATE_LIMITS),
    faults: new DxtradeFaults(), candles, startedAt: clock.now(), requests,
  };
  const save = (): void => {
    if (options.dataDir === undefined) return;
    const path = join(options.dataDir, STATE_FILE);
    writeFileSync(`${path}.tmp`, encodeExact(exchange.save()));
    renameSync(`${path}.tmp`, path);
  };
  // Written after every order change (crash-only: a killed simulator restarts where its last change left it).
  let pending: NodeJS.Timeout | undefined;
  exchange.onOrder(() => {
    if (options.dataDir === undefined || pending !== undefined) return;
    pending = setTimeout(() => {
      pending = undefined;
      save();
    }, 20);
  });
  const app = Fastify({ logger: false });
  registerRest(app, context);
  const push = new PushServer(context, { pingMs: options.pushPingMs ?? 10_000 });
  const wss = new WebSocketServer({ noServer: true });
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = request.url ?? '/';
    if (!path.startsWith('/dxsca-web')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => push.serve(ws, path));
  });
  const host = '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://${host}:${port}/dxsca-web`, pushUrl: `ws://${host}:${port}/dxsca-web`, user, clock, exchange, sessions: context.sessions,
    limiter: context.limiter, faults: context.faults, push, requests,
    market: {
      quote(symbol) {
        const quote = exchange.quote(symbol);
        if (quote === undefined) throw new Error(`no price for ${symbol}`);
        return { bid: Price.of(quote.bid), ask: Price.of(quote.ask) };
      },
      movePrice: (symbol, mid) => exchange.setMid(symbol, mid),
      printTrade(symbol, price, quantity) {
        const now = clock.now();
        exchange.engine.applyMarketData({ type: 'TradeTick', instrumentId: instrumentIdOf(symbol), price: Price.of(price), quantity: Quantity.of(quantity), aggressor: 'sell', occurredAt: now, recordedAt: now });
      },
      advanceTime(ms) {
        clock.advance(ms);
        exchange.advance();
      },
    },
    truth(account) {
      const id = AccountId.parse(account);
      const open = exchange.ordersOf(account).filter((o) => !FINAL_STATUSES.has(o.status));
      return {
        orders: open.map((o) => ({
          orderCode: o.orderCode, orderId: String(o.orderId), symbol: o.instrument, side: o.side === 'BUY' ? 'buy' as const : 'sell' as const, quantity: o.quantity, filled: o.filledQuantity,
          ...(o.limitPrice === undefined ? {} : { limitPrice: o.limitPrice }), ...(o.stopPrice === undefined ? {} : { stopPrice: o.stopPrice }),
        })),
        positions: exchange.engine.positions(id).filter((p) => !p.signedQuantity.isZero()).map((p) => ({ symbol: InstrumentId.symbol(p.instrumentId), quantity: p.signedQuantity })),
        balances: exchange.engine.account(id).balances.map((b) => ({ currency: b.currency, total: b.total })),
      };
    },
    async close() {
      if (pending !== undefined) clearTimeout(pending);
      save();
      exchange.close();
      push.close();
      wss.close();
      await app.close();
    },
  };
}
