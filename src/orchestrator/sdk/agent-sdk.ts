import { WebSocket } from 'ws';

import { AgentBusLink, signalOrderPrefix, type AgentBusOptions } from './bus-link';

import { InstrumentId, Price, type QuoteTick } from '../../core';
import { CandleBuilder, type Candle } from '../../core/market/candles';

export type { Candle };
export type { AgentBusOptions };

export interface AgentOptions {
  /** Base URL of the TMT API; default $TMT_API_URL (set for managed agents). */
  readonly apiUrl?: string;
  /** A trade-scope token; default $TMT_API_TOKEN. */
  readonly token?: string;
  /** Default $TMT_AGENT_ID. */
  readonly agentId?: string;
  /** The seed's 30 s by default. */
  readonly heartbeatMs?: number;
  /** Candle timeframe for onCandle; default one minute. */
  readonly timeframeMs?: number;
  /**
   * Over a message broker instead of HTTP (then apiUrl and token are not needed): the same agent code,
   * signals and heartbeats on the bus, events from it (docs/bus.md).
   */
  readonly bus?: AgentBusOptions;
}

/** A quote as the stream sends it: decimals as strings. */
export interface QuoteMessage {
  readonly instrumentId: string;
  readonly bid: string;
  readonly ask: string;
  readonly occurredAt: number;
}

export interface FillMessage {
  readonly clientOrderId: string;
  readonly instrumentId: string;
  readonly side: 'buy' | 'sell';
  readonly lastQuantity: string;
  readonly lastPrice: string;
  readonly occurredAt: number;
}

export interface AgentSignal {
  readonly instrumentId: string;
  readonly intent: 'long' | 'short' | 'flat';
  readonly confidence: string;
  readonly entry?: { readonly type: 'market' } | { readonly type: 'limit'; readonly price: string };
  readonly stopLoss?: { readonly price: string } | { readonly distance: string };
  readonly takeProfit?: { readonly price: string } | { readonly distance: string };
  readonly expiresAt?: number;
  readonly metadata?: Readonly<Record<string, string | number | boolean | null>>;
  /** Default: `<agentId>.<counter>.<time>`. Resending the same id is safe (idempotent). */
  readonly clientSignalId?: string;
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '')
    throw new Error(`${name} is required (option or environment variable)`);
  return value;
}

/**
 * The agent SDK: registers with TMT, heartbeats on its own, streams quotes, candles and the agent's own fills,
 * and sends signals. Everything goes over TMT's public HTTP API and event stream, so an agent may run in any
 * process (managed by TMT or not).
 */
export class TmtAgent {
  readonly agentId: string;
  private readonly apiUrl: string;
  private readonly token: string;
  private readonly candleHandlers: ((candle: Candle) => void)[] = [];
  private readonly quoteHandlers: ((quote: QuoteMessage) => void)[] = [];
  private readonly fillHandlers: ((fill: FillMessage) => void)[] = [];
  private readonly ownOrders = new Set<string>();
  private readonly candles: CandleBuilder;
  private heartbeat: NodeJS.Timeout | undefined;
  private socket: WebSocket | undefined;
  private counter = 0;
  /** Set when the agent talks over the bus; every HTTP call below then goes through it instead. */
  private readonly link: AgentBusLink | undefined;
  /** Over the bus, signal() learns no order ids: fills are matched on the signal's order id prefix. */
  private readonly ownPrefixes = new Set<string>();

  private constructor(options: AgentOptions) {
    const overBus = options.bus !== undefined;
    this.apiUrl = overBus
      ? ''
      : required(options.apiUrl ?? process.env.TMT_API_URL, 'apiUrl (TMT_API_URL)').replace(/\/$/, '');
    this.token = overBus ? '' : required(options.token ?? process.env.TMT_API_TOKEN, 'token (TMT_API_TOKEN)');
    this.agentId = required(options.agentId ?? process.env.TMT_AGENT_ID, 'agentId (TMT_AGENT_ID)');
    this.link = options.bus === undefined ? undefined : new AgentBusLink(options.bus, this.agentId);
    this.candles = new CandleBuilder(options.timeframeMs ?? 60_000, (candle) => {
      for (const handler of this.candleHandlers) handler(candle);
    });
  }

  /** Registers, starts the heartbeat and opens the event stream. */
  static async start(options: AgentOptions = {}): Promise<TmtAgent> {
    const agent = new TmtAgent(options);
    await agent.call('POST', '/api/v1/agents', { agentId: agent.agentId });
    const every = options.heartbeatMs ?? 30_000;
    let lastRoundTrip: number | undefined;
    agent.heartbeat = setInterval(() => {
      const started = performance.now();
      // Each heartbeat reports the round trip of the one before: TMT's "response time" of the agent.
      agent
        .call(
          'POST',
          `/api/v1/agents/${agent.agentId}/heartbeat`,
          lastRoundTrip === undefined ? {} : { responseTimeMs: lastRoundTrip },
        )
        .then(() => {
          lastRoundTrip = performance.now() - started;
        })
        .catch(() => undefined); // a missed heartbeat shows as unhealthy on TMT's side; the next one retries
    }, every);
    await agent.connect();
    return agent;
  }

  onCandle(handler: (candle: Candle) => void): this {
    this.candleHandlers.push(handler);
    return this;
  }

  onQuote(handler: (quote: QuoteMessage) => void): this {
    this.quoteHandlers.push(handler);
    return this;
  }

  /** Fills of orders this agent's signals produced. */
  onFill(handler: (fill: FillMessage) => void): this {
    this.fillHandlers.push(handler);
    return this;
  }

  async signal(
    signal: AgentSignal,
  ): Promise<{ signalId: string; orders: readonly string[]; trace: readonly unknown[] }> {
    const clientSignalId = signal.clientSignalId ?? `${this.agentId}.${++this.counter}.${Date.now()}`;
    if (this.link !== undefined) {
      // Asynchronous over the bus: the orders and trace come later, as events (SignalDecided, fills).
      this.ownPrefixes.add(signalOrderPrefix(this.agentId, clientSignalId));
      await this.link.signal({ ...signal, clientSignalId, agentId: this.agentId });
      return { signalId: clientSignalId, orders: [], trace: [] };
    }
    const result = (await this.call('POST', '/api/v1/signals', {
      ...signal,
      clientSignalId,
      agentId: this.agentId,
    })) as {
      orders: string[];
      trace: unknown[];
    };
    for (const id of result.orders) this.ownOrders.add(id);
    return { signalId: clientSignalId, orders: result.orders, trace: result.trace };
  }

  close(): void {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    this.socket?.close();
    void this.link?.close();
  }

  private async connect(): Promise<void> {
    if (this.link !== undefined) return this.link.events(['QuoteTick', 'OrderFilled'], (text) => this.onMessage(text));
    const url = `${this.apiUrl.replace(/^http/, 'ws')}/api/v1/stream?types=QuoteTick,OrderFilled`;
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${this.token}` } });
    this.socket = socket;
    socket.on('message', (data: Buffer) => this.onMessage(data.toString()));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
  }

  private onMessage(text: string): void {
    const message = JSON.parse(text) as { event?: { type: string } & Record<string, unknown> };
    const event = message.event;
    if (event === undefined) return;
    if (event.type === 'QuoteTick') {
      const quote = event as unknown as QuoteMessage;
      for (const handler of this.quoteHandlers) handler(quote);
      const tick: QuoteTick = {
        type: 'QuoteTick',
        instrumentId: InstrumentId.parse(quote.instrumentId),
        bid: Price.parse(quote.bid),
        ask: Price.parse(quote.ask),
        occurredAt: quote.occurredAt,
        recordedAt: quote.occurredAt,
      };
      this.candles.advance(quote.occurredAt);
      this.candles.onQuote(tick);
    } else if (event.type === 'OrderFilled') {
      const fill = event as unknown as FillMessage;
      const own =
        this.ownOrders.has(fill.clientOrderId) ||
        [...this.ownPrefixes].some((prefix) => fill.clientOrderId.startsWith(prefix));
      if (own) for (const handler of this.fillHandlers) handler(fill);
    }
  }

  private async call(method: string, path: string, body: unknown): Promise<unknown> {
    if (this.link !== undefined) return this.callOverBus(path, body);
    const response = await fetch(`${this.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const payload: unknown = await response.json();
    if (!response.ok) {
      const error = payload as { code?: string; message?: string };
      throw new Error(`${method} ${path}: ${response.status} ${error.code ?? ''} ${error.message ?? ''}`);
    }
    return payload;
  }

  /** Registration and heartbeats over the bus: the two HTTP calls start() makes, as bus messages. */
  private async callOverBus(path: string, body: unknown): Promise<unknown> {
    const link = this.link as AgentBusLink;
    if (path === '/api/v1/agents') await link.register();
    else await link.heartbeat((body as { responseTimeMs?: number }).responseTimeMs);
    return {};
  }
}
