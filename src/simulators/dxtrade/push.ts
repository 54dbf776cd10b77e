import { parse } from 'lossless-json';
import type { RawData, WebSocket } from 'ws';

import type { MarketDataEvent } from '../../core/events';
import { symbolOfInstrument } from './instruments';
import { portfolioJson, type DxtradeVenueContext } from './rest';
import type { DxSimOrder } from './state';
import { exactJson, isoTime, orderJson, positionJson, quoteJson } from './wire-format';

/**
 * DXtrade's push API over WebSocket (`/dxsca-web/?format=JSON` for accounts, `/dxsca-web/md?format=JSON` for
 * market data). Every message is `{ type, requestId | inReplyTo, session, timestamp, payload }`; the session
 * token of POST /login goes in `session`. The server sends `PingRequest` and expects `Ping` back; two missed
 * pings close the connection. Subscriptions: AccountPortfoliosSubscriptionRequest (a snapshot of balances,
 * positions and working orders, then an update per change: the changed order, all positions, the balance) and
 * MarketDataSubscriptionRequest (Quote events as the book's top changes). Errors answer `Reject`.
 * The message names follow the DXtrade WebSocket API as its community clients use it (FXIFY/dxtrade-websocket,
 * scotthooker/dxtrade-sdk); the REST spec documents the entities carried in `payload`.
 */
export interface PushOptions {
  readonly pingMs: number;
}

interface Connection {
  readonly ws: WebSocket;
  readonly marketData: boolean;
  session?: string;
  readonly accounts: Map<string, string>;
  readonly symbols: Map<string, string>;
  missedPings: number;
}

export class PushServer {
  private readonly connections = new Set<Connection>();
  private readonly stops: (() => void)[] = [];
  private pingTimer: NodeJS.Timeout | undefined;

  constructor(private readonly context: DxtradeVenueContext, options: PushOptions) {
    this.stops.push(context.exchange.onOrder((order) => this.onOrder(order)));
    this.stops.push(context.exchange.engine.onMarketData((event) => this.onMarketData(event)));
    this.pingTimer = setInterval(() => this.ping(), options.pingMs);
    this.pingTimer.unref();
  }

  serve(ws: WebSocket, path: string): void {
    if (this.context.faults.refuseStreams) {
      ws.close(1013, 'try again later');
      return;
    }
    const connection: Connection = { ws, marketData: path.startsWith('/dxsca-web/md'), accounts: new Map(), symbols: new Map(), missedPings: 0 };
    this.connections.add(connection);
    ws.on('close', () => this.connections.delete(connection));
    ws.on('message', (data) => this.onMessage(connection, textOf(data)));
  }

  /** Sends a raw text frame to every account connection (fault hook: a message the client cannot read). */
  injectRaw(text: string): void {
    for (const c of this.connections) if (!c.marketData && c.ws.readyState === c.ws.OPEN) c.ws.send(text);
  }

  /** Drops every push connection without a close frame (fault hook). */
  dropAll(): void {
    for (const c of this.connections) c.ws.terminate();
  }

  count(): number {
    return this.connections.size;
  }

  close(): void {
    if (this.pingTimer !== undefined) clearInterval(this.pingTimer);
    for (const stop of this.stops) stop();
    for (const c of this.connections) c.ws.terminate();
  }

  private send(connection: Connection, type: string, payload: unknown, inReplyTo?: string): void {
    if (connection.ws.readyState !== connection.ws.OPEN) return;
    const now = this.context.exchange.options.clock.now();
    connection.ws.send(exactJson({ type, ...(inReplyTo === undefined ? {} : { inReplyTo }), ...(connection.session === undefined ? {} : { session: connection.session }), timestamp: isoTime(now), payload }));
  }

  private reject(connection: Connection, requestId: string | undefined, errorCode: string, description: string): void {
    this.send(connection, 'Reject', { errorCode, description }, requestId);
  }

  private onMessage(connection: Connection, text: string): void {
    let message: Record<string, unknown>;
    try {
      message = parse(text) as Record<string, unknown>;
    } catch {
      this.reject(connection, undefined, '33', 'Incorrect request (the message is not valid JSON)');
      return;
    }
    const requestId = typeof message['requestId'] === 'string' ? message['requestId'] : undefined;
    const session = typeof message['session'] === 'string' ? message['session'] : undefined;
    if (session === undefined || !this.context.sessions.alive(session)) {
      this.reject(connection, requestId, '1', 'Session is not authorized or has expired');
      return;
    }
    connection.session = session;
    const payload = (message['payload'] ?? {}) as Record<string, unknown>;
    switch (message['type']) {
      case 'Ping':
        connection.missedPings = 0;
        return;
      case 'AccountPortfoliosSubscriptionRequest': {
        if (connection.marketData) return this.reject(connection, requestId, '33', 'Incorrect request (account subscriptions are served at /dxsca-web/)');
        const accounts = Array.isArray(payload['accounts']) ? payload['accounts'].filter((a): a is string => typeof a === 'string') : this.context.user.accounts.map((a) => a.code);
        const unknown = accounts.find((a) => !this.context.user.accounts.some((known) => known.code === a));
        if (unknown !== undefined || requestId === undefined) return this.reject(connection, requestId, '2', 'Entity not found at server');
        for (const account of accounts) connection.accounts.set(account, requestId);
        this.send(connection, 'AccountPortfolios', { portfolios: accounts.map((a) => portfolioJson(this.context, a)) }, requestId);
        return;
      }
      case 'MarketDataSubscriptionRequest': {
        if (!connection.marketData) return this.reject(connection, requestId, '33', 'Incorrect request (market data is served at /dxsca-web/md)');
        const symbols = Array.isArray(payload['symbols']) ? payload['symbols'].filter((s): s is string => typeof s === 'string') : [];
        if (symbols.length === 0 || requestId === undefined) return this.reject(connection, requestId, '33', 'Incorrect request (symbols are required)');
        for (const symbol of symbols) connection.symbols.set(symbol, requestId);
        const events = symbols.flatMap((symbol) => {
          const quote = this.context.exchange.quote(symbol);
          return quote === undefined ? [] : [quoteJson(symbol, quote.bid, quote.ask, this.context.exchange.options.clock.now())];
        });
        this.send(connection, 'MarketData', { events }, requestId);
        return;
      }
      case 'CloseSubscriptionRequest': {
        const closed = typeof payload['requestId'] === 'string' ? payload['requestId'] : requestId;
        for (const [key, id] of connection.accounts) if (id === closed) connection.accounts.delete(key);
        for (const [key, id] of connection.symbols) if (id === closed) connection.symbols.delete(key);
        return;
      }
      default:
        this.reject(connection, requestId, '33', `Incorrect request (unknown message type ${String(message['type'])})`);
    }
  }

  private onOrder(order: DxSimOrder): void {
    const version = this.context.exchange.accountVersion(order.account);
    for (const connection of this.connections) {
      const requestId = connection.accounts.get(order.account);
      if (requestId === undefined) continue;
      const metrics = this.context.exchange.portfolio.metrics(order.account);
      this.send(connection, 'AccountPortfolios', {
        portfolios: [{
          account: order.account, version, balances: [{ account: order.account, version, value: metrics.balance, currency: metrics.currency }],
          positions: this.context.exchange.portfolio.positions(order.account).map((p) => positionJson(p, version)),
          orders: [orderJson(order)],
        }],
      }, requestId);
    }
  }

  private onMarketData(event: MarketDataEvent): void {
    if (event.type === 'TradeTick') return;
    const symbol = symbolOfInstrument(event.instrumentId);
    const quote = this.context.exchange.quote(symbol);
    if (quote === undefined) return;
    for (const connection of this.connections) {
      const requestId = connection.symbols.get(symbol);
      if (requestId !== undefined) this.send(connection, 'MarketData', { events: [quoteJson(symbol, quote.bid, quote.ask, event.occurredAt)] }, requestId);
    }
  }

  private ping(): void {
    for (const connection of this.connections) {
      if (connection.session === undefined) continue;
      if (!this.context.sessions.alive(connection.session) || connection.missedPings >= 2) {
        connection.ws.close(4001, 'session expired or pings unanswered');
        continue;
      }
      connection.missedPings += 1;
      this.send(connection, 'PingRequest', {});
    }
  }
}

/** A WebSocket frame's text (one buffer, fragments or an ArrayBuffer). */
function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
