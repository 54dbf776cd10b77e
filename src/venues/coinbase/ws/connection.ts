import WebSocket from 'ws';
import type { CancelTimer, Clock } from '../../../core/clock';
import type { Logger } from '../../../shared/logger';
import { scanScaledLevel2 } from './l2-scan';

import type { CoinbaseMessage } from './message';

export type { CoinbaseMessage } from './message';

export interface ConnectionOptions {
  readonly url: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** No message at all (heartbeats included) for this long: the connection is dead and is replaced. */
  readonly silenceTimeoutMs: number;
  /** A fresh WebSocket JWT for each subscribe message; absent for public channels only. */
  readonly jwt?: () => string;
  onMessage(message: CoinbaseMessage): void;
  /** `sequence_num` skipped: messages were lost on this connection (expected, found). */
  onGap(expected: number, found: number): void;
  onOpen(reconnect: boolean): void;
  onDown(reason: string): void;
  onError?(message: string): void;
}

const MAX_BACKOFF_MS = 10_000;

/**
 * One Advanced Trade WebSocket with its subscriptions. Always subscribes to `heartbeats` too, so that quiet
 * channels stay open and a silent connection is noticed; checks `sequence_num` (one counter per connection,
 * across channels); reconnects with backoff and re-sends every subscription.
 */
export class CoinbaseConnection {
  private socket: WebSocket | undefined;
  private readonly subscriptions = new Map<string, Set<string>>();
  private expected = 0;
  private watchdog: CancelTimer | undefined;
  private retry: CancelTimer | undefined;
  private attempts = 0;
  private stopped = true;
  private opened = false;
  private lastMessageAt = 0;

  constructor(private readonly options: ConnectionOptions) {}

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    this.watchdog?.();
    this.retry?.();
    const socket = this.socket;
    this.socket = undefined;
    socket?.removeAllListeners();
    socket?.on('error', () => undefined);
    socket?.terminate();
  }

  /** Starts the sequence numbering over, as a new connection does. */
  resetSequence(): void {
    this.expected = 0;
  }

  subscribe(channel: string, productIds: readonly string[]): void {
    const current = this.subscriptions.get(channel) ?? new Set<string>();
    for (const id of productIds) current.add(id);
    this.subscriptions.set(channel, current);
    this.send('subscribe', channel, productIds);
  }

  unsubscribe(channel: string, productIds: readonly string[]): void {
    const current = this.subscriptions.get(channel);
    for (const id of productIds) current?.delete(id);
    if (current?.size === 0) this.subscriptions.delete(channel);
    this.send('unsubscribe', channel, productIds);
  }

  /** Unsubscribes and subscribes again: Coinbase answers with a fresh snapshot (level2 after a gap). */
  resubscribe(channel: string, productIds: readonly string[]): void {
    this.send('unsubscribe', channel, productIds);
    this.send('subscribe', channel, productIds);
  }

  private send(type: 'subscribe' | 'unsubscribe', channel: string, productIds: readonly string[]): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    const jwt = this.options.jwt?.();
    this.socket.send(JSON.stringify({ type, product_ids: productIds, channel, ...(jwt === undefined ? {} : { jwt }) }));
  }

  private open(): void {
    const socket = new WebSocket(this.options.url);
    this.socket = socket;
    // Each connection numbers its messages from 0: a first message above 0 means the first ones were lost.
    this.expected = 0;
    socket.on('open', () => {
      this.attempts = 0;
      this.lastMessageAt = this.options.clock.now();
      this.arm();
      this.send('subscribe', 'heartbeats', []);
      for (const [channel, products] of this.subscriptions) this.send('subscribe', channel, [...products]);
      const reconnect = this.opened;
      this.opened = true;
      this.options.onOpen(reconnect);
    });
    socket.on('message', (data: Buffer) => this.receive(data));
    socket.on('close', () => this.down('closed'));
    socket.on('error', (error: Error) => this.down(error.message));
  }

  /** One raw frame: parse, sequence check, dispatch (the socket's path; benches feed recorded frames here). */
  receive(data: Buffer | string): void {
    this.lastMessageAt = this.options.clock.now();
    const text = typeof data === 'string' ? data : data.toString('utf8');
    let message: (CoinbaseMessage & { type?: string; message?: string }) | undefined = scanScaledLevel2(text);
    try {
      message ??= JSON.parse(text) as CoinbaseMessage & { type?: string; message?: string };
    } catch {
      this.options.onError?.('a message that is not JSON');
      return;
    }
    if (message.type === 'error') {
      this.options.onError?.(message.message ?? 'error');
      return;
    }
    if (typeof message.sequence_num === 'number') {
      if (message.sequence_num !== this.expected) this.options.onGap(this.expected, message.sequence_num);
      this.expected = message.sequence_num + 1;
    }
    this.options.onMessage(message);
  }

  /** The silence watchdog: checks at the timeout whether anything arrived since, else replaces the socket. */
  private arm(): void {
    this.watchdog?.();
    this.watchdog = this.options.clock.setTimeout(this.options.silenceTimeoutMs, () => {
      if (this.stopped) return;
      if (this.options.clock.now() - this.lastMessageAt >= this.options.silenceTimeoutMs) {
        this.options.logger.warn({ url: this.options.url }, 'coinbase websocket silent; reconnecting');
        this.socket?.terminate();
        return;
      }
      this.arm();
    });
  }

  private down(reason: string): void {
    const socket = this.socket;
    if (socket === undefined || this.stopped) return;
    socket.removeAllListeners();
    socket.on('error', () => undefined);
    socket.terminate();
    this.socket = undefined;
    this.watchdog?.();
    this.options.onDown(reason);
    const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.attempts++);
    this.retry = this.options.clock.setTimeout(delay, () => {
      if (!this.stopped) this.open();
    });
  }
}
