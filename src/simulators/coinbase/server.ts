import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { AccountId, Decimal, type Clock } from '../../core';
import { createMatchingEngine, createRandom, type MatchingEngine } from '../matching';
import { simApiKey, type SimApiKey } from './auth';
import { SimExchange } from './exchange';
import { MarketFeeds } from './feeds';
import { SimMarket } from './market';
import { defaultProducts, simulatedInstrument, type SimProduct } from './products';
import { SimAttachedOrders } from './attached-orders';
import { registerRest } from './rest';
import { loadSavedState, SimState } from './state';
import { serveConnection } from './ws';
import { refuseUpgrade, WS_LIMITS, WsRateLimits, type WsLimits } from './ws-limits';

export interface CoinbaseSimulatorOptions {
  readonly clock: Clock;
  readonly port?: number;
  readonly host?: string;
  readonly seed?: number;
  /** Extra CDP keys accepted besides the generated EC key (an Ed25519 key for EdDSA tests). */
  readonly publicKeys?: readonly { readonly name: string; readonly pem: string }[];
  readonly products?: readonly SimProduct[];
  /** Random-walk step interval; 0 (tests) moves the market only when told. */
  readonly walkMs?: number;
  /** Heartbeats channel interval (Coinbase: one a second). */
  readonly heartbeatMs?: number;
  /** WebSocket limits per IP address, as Coinbase publishes them (default 8 connections and 8 unauthenticated messages a second). */
  readonly wsLimits?: Partial<WsLimits>;
  /** Where the state is kept across restarts (`--data-dir`); none: in memory only. */
  readonly dataDir?: string;
}

export interface CoinbaseSimulator {
  readonly url: string;
  readonly wsUrl: string;
  readonly wsUserUrl: string;
  /** The generated CDP key: its name and its EC private key (SEC1 PEM, as the CDP portal hands it out). */
  readonly apiKeyName: string;
  readonly apiPrivateKey: string;
  readonly state: SimState;
  readonly engine: MatchingEngine;
  openSockets(): number;
  /** Drops every WebSocket without a close frame (fault injection). */
  dropConnections(): void;
  close(): Promise<void>;
}

const FUNDED: Readonly<Record<string, string>> = { USD: '10000000', BTC: '100', ETH: '1000' };
const KEY_NAME = 'organizations/00000000-0000-4000-8000-000000000000/apiKeys/00000000-0000-4000-8000-00000000c0de';

/** `tmt sim coinbase`: Advanced Trade REST and both WebSockets (market, user) on the matching engine. */
export async function startCoinbaseSimulator(options: CoinbaseSimulatorOptions): Promise<CoinbaseSimulator> {
  const clock = options.clock;
  const products = (options.products ?? defaultProducts()).map((p) => ({ ...p }));
  const productMap = new Map(products.map((p) => [p.product_id, p]));
  const accountId = AccountId.parse('coinbase-sim');
  const seed = options.seed ?? 1;
  const saved = loadSavedState(options.dataDir);
  const engine = createMatchingEngine(
    {
      clock,
      seed,
      instruments: products.map(simulatedInstrument),
      accounts: [{ accountId, baseCurrency: 'USD', type: 'cash', positionMode: 'netting', balances: Object.entries(FUNDED).map(([currency, amount]) => ({ currency, amount: Decimal.parse(amount) })) }],
    },
    saved?.engine,
  );
  const now = () => clock.now();
  const exchange = new SimExchange(engine, productMap, accountId, now);
  // Trigger brackets attached to entries go on once the entry fills.
  new SimAttachedOrders(exchange);
  if (saved !== undefined) exchange.restore(saved.metas);
  const byInstrument = new Map(products.map((p) => [exchange.instrumentId(p.product_id) as string, p.product_id]));
  const feeds = new MarketFeeds(engine, (id) => byInstrument.get(id), now);
  const market = new SimMarket(engine, products, createRandom(seed), now);
  if (saved !== undefined) market.restore(saved.mids);
  const apiPrivateKey = simulatorKey(options.dataDir);
  const keys = new Map<string, SimApiKey>([[KEY_NAME, simApiKey(KEY_NAME, createPublicKey(apiPrivateKey).export({ type: 'spki', format: 'pem' }).toString())]]);
  for (const key of options.publicKeys ?? []) keys.set(key.name, simApiKey(key.name, key.pem));
  const state = new SimState(engine, exchange, market, feeds, productMap, keys, now, options.dataDir);
  market.start();

  const app: FastifyInstance = Fastify({ logger: false });
  registerRest(app, state);
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  const limits = new WsRateLimits({ ...WS_LIMITS, ...options.wsLimits }, now);
  const context = { clock, keys, exchange, feeds, faults: state.wsFaults, heartbeatMs: options.heartbeatMs ?? 1000, limits };
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!limits.connection(request.socket.remoteAddress ?? '')) {
      refuseUpgrade(socket);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      serveConnection(ws, context, (request.url ?? '/').startsWith('/ws-user'), request.socket.remoteAddress ?? '');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let walk: (() => void) | undefined;
  const walkMs = options.walkMs ?? 0;
  if (walkMs > 0) {
    const tick = (): void => {
      market.step();
      state.advance();
      walk = clock.setTimeout(walkMs, tick);
    };
    walk = clock.setTimeout(walkMs, tick);
  }
  return {
    url: `http://${host}:${port}`,
    wsUrl: `ws://${host}:${port}/ws`,
    wsUserUrl: `ws://${host}:${port}/ws-user`,
    apiKeyName: KEY_NAME,
    apiPrivateKey,
    state,
    engine,
    openSockets: () => sockets.size,
    dropConnections: () => {
      for (const ws of sockets) ws.terminate();
    },
    close: async () => {
      walk?.();
      state.save();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await app.close();
    },
  };
}

/** The simulator's own EC key: made up at start, kept in the data directory so that a restart keeps it. */
function simulatorKey(dataDir: string | undefined): string {
  const path = dataDir === undefined ? undefined : join(dataDir, 'coinbase-sim-key.pem');
  if (path !== undefined && existsSync(path)) return readFileSync(path, 'utf8');
  const pem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
  if (dataDir !== undefined && path !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, pem, { mode: 0o600 });
  }
  return pem;
}
