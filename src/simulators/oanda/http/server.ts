import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Clock } from '../../../core/clock';
import type { MarketDataEvent } from '../../../core/events';
import { InstrumentId } from '../../../core/identifiers';
import { SystemClock } from '../../../shared/system-clock';
import type { OrderService, Reply } from '../order-service';
import type { SimOandaAccount } from '../state';
import type { TradeService } from '../trade-service';
import type { OandaSimVenue } from '../venue';
import { rfc3339, type Json } from '../wire-format';
import type { Arrival, SimulatorFaults } from './faults';
import { CandleHistory } from '../candles';
import { ReadRoutes } from './read-routes';
import { StreamWriter } from './streams';

export interface ServerOptions {
  readonly venue: OandaSimVenue;
  readonly orders: OrderService;
  readonly trades: TradeService;
  readonly token: string;
  readonly faults: SimulatorFaults;
  readonly heartbeatMs: number;
  /** OANDA answers 429 past this many requests per second per token. */
  readonly requestsPerSecond: number;
  /** Every REST answer, for tests that check each one against the official schema. */
  readonly onReply?: (reply: { method: string; path: string; status: number; body: Json }) => void;
  /** The clock the pricing stream's 4-per-second throttle runs on (default wall time; tests inject a manual one). */
  readonly streamClock?: Clock;
}

type Handler = (account: SimOandaAccount, match: RegExpExecArray, query: URLSearchParams, body: Json) => Reply;
interface Route { readonly pattern: RegExp; readonly methods: Partial<Record<string, Handler>> }

const ACCOUNT = '/v3/accounts/([^/]+)';
/** At most 4 prices per second per instrument on the pricing stream, as OANDA documents. */
const PRICE_INTERVAL_MS = 250;

/** The v20 HTTP front end: auth, routing, statuses and error bodies, rate limit, faults, and both streams. */
export class OandaSimServer {
  readonly arrivals: Arrival[] = [];
  private readonly server: Server;
  private readonly streams = new Set<StreamWriter>();
  private readonly stalled = new Set<ServerResponse>();
  private readonly recent: number[] = [];
  private readonly reads: ReadRoutes;
  private readonly candles: CandleHistory;
  private readonly routes: Route[];
  private port = 0;
  private readonly streamClock: Clock;

  constructor(private readonly options: ServerOptions) {
    this.streamClock = options.streamClock ?? new SystemClock();
    this.reads = new ReadRoutes(options.venue, () => this.url);
    this.candles = new CandleHistory(() => options.venue.now());
    options.venue.onPrice((event) => this.candles.onPrice(event));
    const r = this.reads;
    const { orders, trades } = options;
    this.routes = [
      { pattern: new RegExp(`^${ACCOUNT}$`), methods: { GET: (a) => r.account(a) } },
      { pattern: new RegExp(`^${ACCOUNT}/summary$`), methods: { GET: (a) => r.summary(a) } },
      { pattern: new RegExp(`^${ACCOUNT}/instruments$`), methods: { GET: (a, _m, q) => r.instruments(a, q) } },
      { pattern: new RegExp(`^${ACCOUNT}/changes$`), methods: { GET: (a, _m, q) => this.changes(a, q) } },
      { pattern: new RegExp(`^${ACCOUNT}/orders$`), methods: { GET: (a, _m, q) => r.orders(a, q, false), POST: (a, _m, _q, b) => this.orderBody(a, b, (order) => orders.createOrder(a, order)) } },
      { pattern: new RegExp(`^${ACCOUNT}/instruments/([^/]+)/candles$`), methods: { GET: (_a, m, q) => this.candles.candles(decodeURIComponent(m[2] ?? ''), q) } },
      { pattern: new RegExp(`^${ACCOUNT}/pendingOrders$`), methods: { GET: (a, _m, q) => r.orders(a, q, true) } },
      { pattern: new RegExp(`^${ACCOUNT}/orders/([^/]+)$`), methods: { GET: (a, m) => r.order(a, m[2] ?? ''), PUT: (a, m, _q, b) => this.orderBody(a, b, (order) => orders.replaceOrder(a, m[2] ?? '', order)) } },
      { pattern: new RegExp(`^${ACCOUNT}/orders/([^/]+)/cancel$`), methods: { PUT: (a, m) => orders.cancelOrder(a, m[2] ?? '') } },
      { pattern: new RegExp(`^${ACCOUNT}/trades$`), methods: { GET: (a, _m, q) => r.trades(a, q, false) } },
      { pattern: new RegExp(`^${ACCOUNT}/openTrades$`), methods: { GET: (a, _m, q) => r.trades(a, q, true) } },
      { pattern: new RegExp(`^${ACCOUNT}/trades/([^/]+)$`), methods: { GET: (a, m) => r.trade(a, m[2] ?? '') } },
      { pattern: new RegExp(`^${ACCOUNT}/trades/([^/]+)/close$`), methods: { PUT: (a, m, _q, b) => trades.closeTrade(a, m[2] ?? '', b) } },
      { pattern: new RegExp(`^${ACCOUNT}/trades/([^/]+)/orders$`), methods: { PUT: (a, m, _q, b) => trades.setTradeOrders(a, m[2] ?? '', b) } },
      { pattern: new RegExp(`^${ACCOUNT}/positions$`), methods: { GET: (a) => r.positions(a, false) } },
      { pattern: new RegExp(`^${ACCOUNT}/openPositions$`), methods: { GET: (a) => r.positions(a, true) } },
      { pattern: new RegExp(`^${ACCOUNT}/positions/([^/]+)$`), methods: { GET: (a, m) => r.position(a, m[2] ?? '') } },
      { pattern: new RegExp(`^${ACCOUNT}/positions/([^/]+)/close$`), methods: { PUT: (a, m, _q, b) => trades.closePosition(a, m[2] ?? '', b) } },
      { pattern: new RegExp(`^${ACCOUNT}/transactions$`), methods: { GET: (a, _m, q) => r.transactionPages(a, q) } },
      { pattern: new RegExp(`^${ACCOUNT}/transactions/idrange$`), methods: { GET: (a, _m, q) => r.idRange(a, q) } },
      { pattern: new RegExp(`^${ACCOUNT}/transactions/sinceid$`), methods: { GET: (a, _m, q) => r.sinceId(a, q) } },
      { pattern: new RegExp(`^${ACCOUNT}/transactions/(\\d+)$`), methods: { GET: (a, m) => r.transaction(a, m[2] ?? '') } },
      { pattern: new RegExp(`^${ACCOUNT}/pricing$`), methods: { GET: (a, _m, q) => r.pricing(a, q) } },
    ];
    this.server = createServer({ noDelay: true, keepAlive: true }, (request, response) => void this.handle(request, response));
    this.server.keepAliveTimeout = 60_000;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(port: number): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const stream of this.streams) stream.drop();
    for (const response of this.stalled) response.socket?.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Drops every open stream without closing it properly (a dead connection, as a network failure leaves it). */
  dropStreams(): void {
    for (const stream of this.streams) stream.drop();
    this.streams.clear();
  }

  get openStreams(): number {
    return [...this.streams].filter((s) => !s.isClosed).length;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = request.method ?? 'GET';
    const arrival: Arrival = { at: performance.timeOrigin + performance.now(), method, path: url.pathname, status: 0 };
    this.arrivals.push(arrival);
    const body = await readBody(request);
    const reply = (status: number, payload: Json, headers: Record<string, string> = {}): void => {
      arrival.status = status;
      this.options.onReply?.({ method, path: url.pathname, status, body: payload });
      const send = (): void => {
        response.writeHead(status, { 'content-type': 'application/json', RequestID: String(this.arrivals.length), ...headers });
        response.end(JSON.stringify(payload));
      };
      if (this.options.faults.delayMs > 0) setTimeout(send, this.options.faults.delayMs);
      else send();
    };
    if (request.headers.authorization !== `Bearer ${this.options.token}`) return reply(401, { errorMessage: 'Insufficient authorization to perform request.' });
    if (url.pathname === '/v3/accounts') {
      if (method !== 'GET') return reply(405, { errorMessage: `Method ${method} is not allowed` });
      return reply(200, { accounts: [...this.options.venue.accounts.values()].map((a) => ({ id: a.id, tags: [] })) });
    }
    const candlesMatch = /^\/v3\/instruments\/([^/]+)\/candles$/.exec(url.pathname);
    if (candlesMatch !== null) {
      if (method !== 'GET') return reply(405, { errorMessage: `Method ${method} is not allowed for ${url.pathname}` });
      const answer = this.candles.candles(decodeURIComponent(candlesMatch[1] ?? ''), url.searchParams);
      return reply(answer.status, answer.body);
    }
    const faults = this.options.faults;
    const accountMatch = /^\/v3\/accounts\/([^/]+)/.exec(url.pathname);
    if (accountMatch === null) return reply(404, { errorMessage: `The path ${url.pathname} does not exist` });
    const account = this.options.venue.accounts.get(decodeURIComponent(accountMatch[1] ?? ''));
    if (account === undefined) {
      return /^\d{3}-\d{3}-\d{7,8}-\d{3}$/.test(accountMatch[1] ?? '')
        ? reply(403, { errorMessage: 'The provided request was forbidden.' })
        : reply(400, { errorMessage: "Invalid value specified for 'accountID'" });
    }
    if (url.pathname.endsWith('/transactions/stream') || url.pathname.endsWith('/pricing/stream')) {
      if (method !== 'GET') return reply(405, { errorMessage: `Method ${method} is not allowed` });
      return url.pathname.endsWith('/pricing/stream') ? this.pricingStream(response, url.searchParams, reply) : this.transactionStream(account, response);
    }
    if (this.rateLimited()) return reply(429, { errorMessage: 'Rate limit exceeded: too many requests per second' });
    if (faults.rateLimitNext > 0) {
      faults.rateLimitNext--;
      return reply(429, { errorMessage: 'Rate limit exceeded: too many requests per second' }, { 'Retry-After': String(faults.retryAfterSeconds) });
    }
    if (faults.failNext > 0) {
      faults.failNext--;
      return reply(faults.failStatus, { errorMessage: 'Service unavailable' });
    }
    const route = this.routes.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).find((x) => x.m !== null);
    if (route?.m != null) for (let i = 1; i < route.m.length; i++) route.m[i] = decodeURIComponent(route.m[i] ?? '');
    const lastTransactionID = account.lastTransactionId.toString();
    if (route === undefined || route.m === null) return reply(404, { errorMessage: `The path ${url.pathname} does not exist`, lastTransactionID });
    const handler = route.r.methods[method];
    if (handler === undefined) return reply(405, { errorMessage: `Method ${method} is not allowed for ${url.pathname}`, lastTransactionID });
    let parsed: Json = {};
    if (body.length > 0) {
      try {
        parsed = JSON.parse(body) as Json;
      } catch {
        return reply(400, { errorMessage: 'Invalid JSON in request body' });
      }
    }
    this.options.venue.advance();
    const result = handler(account, route.m, url.searchParams, parsed);
    if (method === 'POST' && route.m[0].endsWith('/orders') && faults.stallNextOrders > 0 && result.status === 201) {
      faults.stallNextOrders--;
      arrival.status = -1;
      this.stalled.add(response);
      return;
    }
    // Every answer about an existing account carries its lastTransactionID, errors included.
    reply(result.status, { ...result.body, lastTransactionID: account.lastTransactionId.toString() });
  }

  private orderBody(account: SimOandaAccount, body: Json, then: (order: Json) => Reply): Reply {
    const order = body['order'];
    if (typeof order !== 'object' || order === null || Array.isArray(order)) {
      return { status: 400, body: { errorMessage: "Invalid value specified for 'order'", lastTransactionID: account.lastTransactionId.toString() } };
    }
    return then(order as Json);
  }

  private changes(account: SimOandaAccount, query: URLSearchParams): Reply {
    const since = query.get('sinceTransactionID');
    if (since === null || !/^\d+$/.test(since)) return { status: 400, body: { errorMessage: "Invalid value specified for 'sinceTransactionID'" } };
    if (BigInt(since) > account.lastTransactionId) return { status: 416, body: { errorMessage: `Invalid value specified for 'sinceTransactionID': ${since}` } };
    const transactions = account.transactions.slice(Number(since));
    const summary = this.reads.summary(account).body['account'] as Json;
    return {
      status: 200,
      body: {
        changes: { ordersCreated: [], ordersCancelled: [], ordersFilled: [], ordersTriggered: [], tradesOpened: [], tradesReduced: [], tradesClosed: [], positions: [], transactions },
        state: { unrealizedPL: summary['unrealizedPL'], NAV: summary['NAV'], marginUsed: summary['marginUsed'], marginAvailable: summary['marginAvailable'], positionValue: summary['positionValue'], orders: [], trades: [], positions: [] },
        lastTransactionID: account.lastTransactionId.toString(),
      },
    };
  }

  private transactionStream(account: SimOandaAccount, response: ServerResponse): void {
    const heartbeat = (): string => JSON.stringify({ type: 'HEARTBEAT', lastTransactionID: account.lastTransactionId.toString(), time: rfc3339(this.options.venue.now()) });
    const writer = new StreamWriter(response, this.options.faults, this.options.heartbeatMs, heartbeat, true);
    this.streams.add(writer);
    const stop = this.options.venue.onTransaction((accountId, transaction) => {
      if (accountId === account.id) writer.write(JSON.stringify(transaction));
    });
    response.on('close', () => {
      stop();
      this.streams.delete(writer);
    });
  }

  private pricingStream(response: ServerResponse, query: URLSearchParams, reply: (status: number, body: Json) => void): void {
    const names = (query.get('instruments') ?? '').split(',').filter((n) => n !== '');
    if (names.length === 0 || names.some((n) => this.reads.priceObject(n) === undefined && !/^[A-Z]+_[A-Z]+$/.test(n))) {
      reply(400, { errorMessage: "Invalid value specified for 'instruments'" });
      return;
    }
    const heartbeat = (): string => JSON.stringify({ type: 'HEARTBEAT', time: rfc3339(this.options.venue.now()) });
    const writer = new StreamWriter(response, this.options.faults, this.options.heartbeatMs, heartbeat, false);
    this.streams.add(writer);
    const lastSent = new Map<string, number>();
    const scheduled = new Set<string>();
    const timers = new Map<string, () => void>();
    const send = (name: string): void => {
      scheduled.delete(name);
      timers.delete(name);
      const price = this.reads.priceObject(name);
      if (price === undefined) return;
      lastSent.set(name, this.streamClock.now());
      writer.write(JSON.stringify(price), false);
    };
    if (query.get('snapshot') !== 'false') for (const name of names) send(name);
    const wanted = new Set(names);
    const stop = this.options.venue.onPrice((event: MarketDataEvent) => {
      const name = InstrumentId.symbol(event.instrumentId);
      if (!wanted.has(name) || scheduled.has(name)) return;
      const wait = (lastSent.get(name) ?? 0) + PRICE_INTERVAL_MS - this.streamClock.now();
      if (wait <= 0) send(name);
      else {
        scheduled.add(name);
        timers.set(name, this.streamClock.setTimeout(wait, () => send(name)));
      }
    });
    response.on('close', () => {
      for (const cancel of timers.values()) cancel();
      stop();
      this.streams.delete(writer);
    });
  }

  /** OANDA's limit: more than `requestsPerSecond` in the last second from the token is answered 429. */
  private rateLimited(): boolean {
    const now = performance.now();
    while (this.recent.length > 0 && (this.recent[0] ?? 0) <= now - 1000) this.recent.shift();
    if (this.recent.length >= this.options.requestsPerSecond) return true;
    this.recent.push(now);
    return false;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
