import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { AccountId, Decimal, type Clock } from '../../core';
import { createMatchingEngine, createRandom, type MatchingEngine } from '../matching';
import type { SimApiKey } from './auth';
import { PublicFeed } from './books';
import { SimExchange } from './exchange';
import { SimRateLimits, type RateLimitRule } from './limits';
import { SimMarket } from './market';
import { registerRest } from './rest';
import { loadSaved, SimState } from './state';
import { DEFAULT_INSTRUMENTS, simulatedInstrument, type SimInstrument } from './symbols';
import { serveWs } from './ws';

export interface OkxSimulatorOptions {
  readonly clock: Clock;
  readonly port?: number;
  readonly host?: string;
  readonly apiKey?: string;
  readonly secretKey?: string;
  readonly passphrase?: string;
  readonly seed?: number;
  readonly instruments?: readonly SimInstrument[];
  readonly rateLimits?: Readonly<Record<string, RateLimitRule>>;
  /** Random-walk step interval; 0 (tests) moves the market only when told. */
  readonly walkMs?: number;
  /** Where the state is kept across restarts (`--data-dir`). */
  readonly dataDir?: string;
}

export interface OkxSimulator {
  readonly url: string;
  readonly wsPublicUrl: string;
  readonly wsPrivateUrl: string;
  readonly wsBusinessUrl: string;
  readonly apiKey: string;
  readonly secretKey: string;
  readonly passphrase: string;
  readonly state: SimState;
  readonly engine: MatchingEngine;
  openSockets(): number;
  /** Drops every WebSocket without a close frame (fault injection). */
  dropConnections(): void;
  close(): Promise<void>;
}

/** The funded demo account every simulator starts with. */
const FUNDED: Readonly<Record<string, string>> = { USDT: '1000000', BTC: '100', ETH: '1000' };

/** `tmt sim okx`: OKX v5 REST and the public, private and business WebSockets on the matching engine. */
export async function startOkxSimulator(options: OkxSimulatorOptions): Promise<OkxSimulator> {
  const clock = options.clock;
  const instruments = options.instruments ?? DEFAULT_INSTRUMENTS.map((s) => ({ ...s }));
  const accountId = AccountId.parse('okx-sim');
  const seed = options.seed ?? 1;
  const saved = loadSaved(options.dataDir);
  const engine = createMatchingEngine(
    {
      clock,
      seed,
      instruments: instruments.map((s) => simulatedInstrument(s, 'OKX')),
      accounts: [{ accountId, baseCurrency: 'USDT', type: 'cash', positionMode: 'netting', balances: Object.entries(FUNDED).map(([currency, amount]) => ({ currency, amount: Decimal.parse(amount) })) }],
    },
    saved?.engine,
  );
  const now = () => clock.now();
  const byInstId = new Map(instruments.map((s) => [s.instId, s]));
  const exchange = new SimExchange(engine, byInstId, 'OKX', accountId, now);
  for (const meta of saved?.meta ?? []) exchange.meta.set(meta.ordId, meta);
  const byInstrumentId = new Map(instruments.map((s) => [exchange.instrumentId(s.instId) as string, s.instId]));
  const feed = new PublicFeed((id) => byInstrumentId.get(id), now);
  engine.onMarketData((event) => feed.onMarketData(event));
  const market = new SimMarket(engine, instruments, (id) => exchange.instrumentId(id), createRandom(seed), now);
  const apiKey = options.apiKey ?? 'b2a4c1e0-5f3d-4b7a-9c8e-0d1f2a3b4c5d';
  const secretKey = options.secretKey ?? 'SIMULATORSECRETKEY0000000000000000';
  const passphrase = options.passphrase ?? 'Simulator-Passphrase1';
  const keys = new Map<string, SimApiKey>([[apiKey, { apiKey, secretKey, passphrase }]]);
  const state = new SimState(engine, exchange, market, feed, new SimRateLimits(options.rateLimits), keys, now, options.dataDir);
  market.start();

  const app: FastifyInstance = Fastify({ logger: false });
  registerRest(app, state);
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'ws://localhost').pathname;
    const kind = path === '/ws/v5/public' ? 'public' : path === '/ws/v5/private' ? 'private' : path === '/ws/v5/business' ? 'business' : undefined;
    if (kind === undefined) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      serveWs(ws, kind, state);
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
      walk = clock.setTimeout(walkMs, tick);
    };
    walk = clock.setTimeout(walkMs, tick);
  }
  return {
    url: `http://${host}:${port}`,
    wsPublicUrl: `ws://${host}:${port}/ws/v5/public`,
    wsPrivateUrl: `ws://${host}:${port}/ws/v5/private`,
    wsBusinessUrl: `ws://${host}:${port}/ws/v5/business`,
    apiKey,
    secretKey,
    passphrase,
    state,
    engine,
    openSockets: () => sockets.size,
    dropConnections: () => {
      for (const ws of sockets) ws.terminate();
    },
    close: async () => {
      walk?.();
      state.persist();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await app.close();
    },
  };
}
