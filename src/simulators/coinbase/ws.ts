import type { WebSocket } from 'ws';
import type { Clock } from '../../core';
import { verifyJwt, type SimApiKey } from './auth';
import type { SimExchange } from './exchange';
import type { FeedEvent, MarketFeeds } from './feeds';
import { rfc3339, wireUserOrder } from './wire-format';
import { WS_RATE_LIMIT_ERROR, type WsRateLimits } from './ws-limits';

// The channels served; candles, status and ticker_batch are not simulated and are refused as unknown.
const CHANNELS = ['level2', 'ticker', 'market_trades', 'heartbeats', 'user'] as const;
type Channel = (typeof CHANNELS)[number];

/** Faults a test arms on the WebSocket feeds. */
export interface WsFaults {
  /** Skip this many sequence numbers on the next message of every connection. */
  gapNext: number;
  /** Send nothing at all (no data, no heartbeats) while true: a silent connection. */
  silent: boolean;
}

export interface WsContext {
  readonly clock: Clock;
  readonly keys: ReadonlyMap<string, SimApiKey>;
  readonly exchange: SimExchange;
  readonly feeds: MarketFeeds;
  readonly faults: WsFaults;
  readonly heartbeatMs: number;
  readonly limits: WsRateLimits;
}

/**
 * One Advanced Trade WebSocket connection (market `wss://advanced-trade-ws.coinbase.com` or user
 * `…-ws-user…`): subscribe/unsubscribe per channel and products, `sequence_num` per connection across every
 * channel, heartbeats once a second, and the `user` channel behind a JWT in the subscribe message.
 */
export function serveConnection(ws: WebSocket, context: WsContext, userEndpoint: boolean, address: string): void {
  const subscriptions = new Map<Channel, Set<string>>();
  let sequence = 0;
  let heartbeatCounter = 0;
  let stopHeartbeat: (() => void) | undefined;

  const send = (channel: string, events: readonly unknown[]): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (context.faults.silent) {
      // Lost in transit: the number is used up, so the client sees the gap once messages flow again.
      sequence++;
      return;
    }
    if (context.faults.gapNext > 0) {
      sequence += context.faults.gapNext;
      context.faults.gapNext = 0;
    }
    ws.send(JSON.stringify({ channel, client_id: '', timestamp: rfc3339(context.clock.now()), sequence_num: sequence++, events }));
  };
  const sendSubscriptions = (): void => {
    const current: Record<string, string[]> = {};
    for (const [channel, products] of subscriptions) current[channel] = [...products];
    send('subscriptions', [{ subscriptions: current }]);
  };
  const heartbeat = (): void => {
    send('heartbeats', [{ current_time: `${new Date(context.clock.now()).toISOString().replace('T', ' ').replace('Z', '')} +0000 UTC`, heartbeat_counter: String(heartbeatCounter++) }]);
    stopHeartbeat = context.clock.setTimeout(context.heartbeatMs, heartbeat);
  };

  const onFeed = (event: FeedEvent): void => {
    const channel: Channel = event.kind === 'level2' ? 'level2' : event.kind === 'trade' ? 'market_trades' : 'ticker';
    if (!subscriptions.get(channel)?.has(event.productId)) return;
    if (event.kind === 'level2') send('l2_data', [{ type: 'update', product_id: event.productId, updates: event.updates }]);
    else if (event.kind === 'trade') send('market_trades', [{ type: 'update', trades: [event.trade] }]);
    else send('ticker', [{ type: 'update', tickers: [event.ticker] }]);
  };
  const stopFeeds = context.feeds.onEvent(onFeed);
  const stopOrders = context.exchange.onOrder((order, meta) => {
    const products = subscriptions.get('user');
    if (products === undefined || (products.size > 0 && !products.has(meta.productId))) return;
    send('user', [{ type: 'update', orders: [wireUserOrder(order, meta)] }]);
  });

  const snapshot = (channel: Channel, productId: string): void => {
    const instrumentId = context.exchange.instrumentId(productId);
    if (channel === 'level2') send('l2_data', [{ type: 'snapshot', product_id: productId, updates: context.feeds.snapshot(productId) }]);
    if (channel === 'ticker' && instrumentId !== undefined) send('ticker', [{ type: 'snapshot', tickers: [context.feeds.ticker(productId, instrumentId)] }]);
    if (channel === 'market_trades') send('market_trades', [{ type: 'snapshot', trades: [] }]);
  };

  ws.on('message', (data: Buffer) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    } catch {
      ws.send(JSON.stringify({ type: 'error', message: 'Failed to parse message' }));
      return;
    }
    // Messages without a JWT count against the per-IP unauthenticated limit; over it, refused, nothing applied.
    if (typeof message['jwt'] !== 'string' && !context.limits.unauthenticatedMessage(address)) {
      ws.send(JSON.stringify(WS_RATE_LIMIT_ERROR));
      return;
    }
    const type = message['type'];
    const channel = message['channel'] as Channel;
    if ((type !== 'subscribe' && type !== 'unsubscribe') || !CHANNELS.includes(channel)) {
      ws.send(JSON.stringify({ type: 'error', message: `Failed to subscribe: unknown channel or type ${String(channel)}` }));
      return;
    }
    const products = Array.isArray(message['product_ids']) ? message['product_ids'].filter((p): p is string => typeof p === 'string') : [];
    const unknown = products.find((p) => context.exchange.instrumentId(p) === undefined);
    if (unknown !== undefined) {
      ws.send(JSON.stringify({ type: 'error', message: `Failed to subscribe: invalid product_id ${unknown}` }));
      return;
    }
    if (channel === 'user' || userEndpoint) {
      const token = typeof message['jwt'] === 'string' ? message['jwt'] : '';
      const verdict = verifyJwt(token, context.keys, Math.floor(context.clock.now() / 1000));
      if (!verdict.ok) {
        ws.send(JSON.stringify({ type: 'error', message: 'authentication failure' }));
        return;
      }
    }
    if (type === 'unsubscribe') {
      const current = subscriptions.get(channel);
      for (const p of products) current?.delete(p);
      if (current !== undefined && (current.size === 0 || products.length === 0)) subscriptions.delete(channel);
      if (channel === 'heartbeats' && !subscriptions.has('heartbeats')) stopHeartbeat?.();
      sendSubscriptions();
      return;
    }
    const current = subscriptions.get(channel) ?? new Set<string>();
    subscriptions.set(channel, current);
    for (const p of products) current.add(p);
    sendSubscriptions();
    if (channel === 'heartbeats' && stopHeartbeat === undefined) stopHeartbeat = context.clock.setTimeout(context.heartbeatMs, heartbeat);
    if (channel === 'user') {
      const orders = context.exchange
        .orders()
        .filter(({ order, meta }) => (products.length === 0 || products.includes(meta.productId)) && ['accepted', 'triggered', 'partially-filled', 'pending'].includes(order.status))
        .map(({ order, meta }) => wireUserOrder(order, meta));
      send('user', [{ type: 'snapshot', orders, positions: { perpetual_futures_positions: [], expiring_futures_positions: [] } }]);
    }
    for (const p of products) snapshot(channel, p);
  });
  ws.on('close', () => {
    stopFeeds();
    stopOrders();
    stopHeartbeat?.();
  });
}
