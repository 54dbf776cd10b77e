import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { AccountId, Decimal, type Clock } from '../../core';
import { createMatchingEngine, createRandom, type MatchingEngine } from '../matching';
import { hmacKey, publicKey, type SimApiKey } from './auth';
import { DepthFeed } from './depth-feed';
import { SimExchange } from './exchange';
import { SimRateLimits } from './limits';
import { SimMarket } from './market';
import { SIM_PROFILES } from './profiles';
import { registerRest } from './rest';
import { MarketDataEndpoints } from './market-data';
import { SimState } from './state';
import { readStateFile } from './state-file';
import { StatePersistence } from './state-persistence';
import { TradeTape } from './trade-tape';
import { DEFAULT_RATE_LIMITS, DEFAULT_SYMBOLS, simulatedInstrument, type RateLimitRule, type SimSymbol } from './symbols';
import { serveWsApi } from './ws-api';
import { BINANCE_HEARTBEAT, HeartbeatStats, startHeartbeat, type HeartbeatOptions } from './heartbeat';

export interface BinanceSimulatorOptions {
  readonly clock: Clock;
  readonly port?: number;
  readonly host?: string;
  readonly profile?: 'spot' | 'us';
  readonly apiKey?: string;
  readonly apiSecret?: string;
  /** PEM public keys (Ed25519 or RSA) accepted besides the HMAC key, by API key. */
  readonly publicKeys?: readonly { readonly apiKey: string; readonly pem: string }[];
  readonly seed?: number;
  readonly rateLimits?: readonly RateLimitRule[];
  readonly symbols?: readonly SimSymbol[];
  /** Random-walk step interval; 0 (tests) moves the market only when told. */
  readonly walkMs?: number;
  /** Starting balances by asset (exact decimal strings); default about 1M USDT plus coins. */
  readonly balances?: Readonly<Record<string, string>>;
  /**
   * A file that holds the simulator's state (orders, fills, balances, ids, order lists): read at start when
   * present, written shortly after every change and at close, so a restarted simulator is the same venue.
   */
  readonly stateFile?: string;
  /** Server pings on every WebSocket (default Binance's 20 s ping, 60 s pong window); shorter in tests. */
  readonly heartbeat?: Partial<HeartbeatOptions>;
}

export interface BinanceSimulator {
  readonly url: string;
  readonly streamUrl: string;
  readonly wsApiUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly state: SimState;
  readonly engine: MatchingEngine;
  /** Pings sent, echoed pongs received and connections dropped for not answering. */
  readonly heartbeat: HeartbeatStats;
  /** Open WebSocket connections (market streams, user streams and the WebSocket API). */
  openSockets(): number;
  /** Drops every WebSocket without a close frame (fault injection). */
  dropConnections(): void;
  close(): Promise<void>;
}

const FUNDED: Readonly<Record<string, string>> = { USDT: '1000000', BTC: '100', ETH: '1000', LTC: '10000', BNB: '1000' };

/** `tmt sim binance`: REST, market streams and the WebSocket API of Binance spot (or Binance.US) on the matching engine. */
export async function startBinanceSimulator(options: BinanceSimulatorOptions): Promise<BinanceSimulator> {
  const profile = SIM_PROFILES[options.profile ?? 'spot'];
  const clock = options.clock;
  const symbols = options.symbols ?? DEFAULT_SYMBOLS.map((s) => ({ ...s }));
  const accountId = AccountId.parse('binance-sim');
  const seed = options.seed ?? 1;
  const saved = options.stateFile === undefined ? undefined : readStateFile(options.stateFile);
  const engine = createMatchingEngine({
    clock,
    seed,
    instruments: symbols.map((s) => simulatedInstrument(s, profile.venue)),
    accounts: [{ accountId, baseCurrency: 'USDT', type: 'cash', positionMode: 'netting', balances: Object.entries(options.balances ?? FUNDED).map(([currency, amount]) => ({ currency, amount: Decimal.parse(amount) })) }],
  }, saved?.engine);
  const now = () => clock.now();
  const symbolMap = new Map(symbols.map((s) => [s.symbol, s]));
  const exchange = new SimExchange(engine, symbolMap, profile.venue, accountId, now);
  const bySymbolId = new Map(symbols.map((s) => [exchange.instrumentId(s.symbol) as string, s.symbol]));
  // The tape hears each trade first, so the trade stream's `t` and GET /api/v3/trades share one id.
  const tape = new TradeTape((id) => bySymbolId.get(id));
  engine.onMarketData((event) => tape.onMarketData(event));
  const depth = new DepthFeed((id) => bySymbolId.get(id), (symbol) => tape.lastId(symbol));
  engine.onMarketData((event) => depth.onMarketData(event));
  const market = new SimMarket(engine, symbols, (s) => exchange.instrumentId(s), createRandom(seed), now);
  const apiKey = options.apiKey ?? 'simulatorApiKey000000000000000000000000000000000000000000000000';
  const apiSecret = options.apiSecret ?? 'simulatorApiSecret0000000000000000000000000000000000000000000000';
  const keys = new Map<string, SimApiKey>([[apiKey, hmacKey(apiKey, apiSecret)]]);
  for (const key of options.publicKeys ?? []) keys.set(key.apiKey, publicKey(key.apiKey, key.pem));
  const rateLimits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
  const state = new SimState(engine, exchange, market, depth, new SimRateLimits(rateLimits), keys, profile, rateLimits, now);
  if (saved !== undefined) {
    exchange.restoreState(saved.exchange);
    state.lists.restoreState(saved.lists);
    market.restoreState(saved.market);
  }
  market.start();
  const persistence = options.stateFile === undefined ? undefined : new StatePersistence(options.stateFile, clock, () => ({
    version: 1,
    savedAt: clock.now(),
    engine: engine.saveEncoded(),
    exchange: exchange.saveState(),
    lists: state.lists.saveState(),
    market: market.saveState(),
  }));
  if (persistence !== undefined) engine.onEvent(() => persistence.changed());

  const app: FastifyInstance = Fastify({ logger: false });
  registerRest(app, state, new MarketDataEndpoints(symbolMap, tape, depth, now));
  const sockets = new Set<WebSocket>();
  const heartbeat = new HeartbeatStats();
  const heartbeatOptions: HeartbeatOptions = { ...BINANCE_HEARTBEAT, ...options.heartbeat };
  const wss = new WebSocketServer({ noServer: true });
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (state.faults.refuseStreams) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      startHeartbeat(ws, clock, heartbeatOptions, heartbeat);
      route(ws, request.url ?? '/', state);
    });
  });
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const host = options.host ?? '127.0.0.1';
  let walk: (() => void) | undefined;
  if ((options.walkMs ?? 0) > 0) {
    const tick = (): void => {
      market.step();
      walk = clock.setTimeout(options.walkMs ?? 250, tick);
    };
    walk = clock.setTimeout(options.walkMs ?? 250, tick);
  }
  return {
    url: `http://${host}:${port}`,
    streamUrl: `ws://${host}:${port}`,
    wsApiUrl: `ws://${host}:${port}/ws-api/v3`,
    apiKey,
    apiSecret,
    state,
    engine,
    heartbeat,
    openSockets: () => sockets.size,
    dropConnections: () => {
      for (const ws of sockets) ws.terminate();
    },
    close: async () => {
      walk?.();
      persistence?.close();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await app.close();
    },
  };
}

/** `/ws-api/v3`, `/stream?streams=a/b`, `/ws/<stream>` or (Binance.US) `/ws/<listenKey>`. */
function route(ws: WebSocket, url: string, state: SimState): void {
  const parsed = new URL(url, 'ws://localhost');
  if (parsed.pathname === '/ws-api/v3') {
    serveWsApi(ws, state);
    return;
  }
  const combined = parsed.pathname === '/stream';
  const names = combined ? (parsed.searchParams.get('streams') ?? '').split('/') : [parsed.pathname.replace(/^\/ws\//, '')];
  const listenKey = names.find((name) => state.listenKeys.has(name));
  if (listenKey !== undefined) {
    const stop = state.exchange.onUserEvent((event) => ws.send(JSON.stringify(combined ? { stream: listenKey, data: event } : event)));
    ws.on('close', stop);
    return;
  }
  const wanted = new Set(names.map((name) => name.replace(/@depth$/, '@depth@100ms')));
  const stop = state.depth.onStream((stream, data) => {
    if (!wanted.has(stream) || ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify(combined ? { stream, data } : data));
  });
  ws.on('close', stop);
}
