import WebSocket, { type RawData } from 'ws';

import type { CancelTimer, Clock } from '../../../core/clock';
import type { Logger } from '../../../shared/logger';
import type { DxtradeSession } from '../http/session';
import { parseJson, PushMessageSchema, type PushMessage } from '../parse/wire';
import { exactJson } from '../encode';

export interface PushSubscription {
  readonly type: 'AccountPortfoliosSubscriptionRequest' | 'MarketDataSubscriptionRequest';
  readonly payload: Record<string, unknown>;
}

export interface PushClientOptions {
  readonly url: string;
  readonly session: DxtradeSession;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly reconnectInitialDelayMs: number;
  readonly reconnectMaxDelayMs: number;
  readonly name: string;
}

/**
 * One push API connection (accounts or market data): subscribes with the session token, answers the server's
 * PingRequest with Ping, and reconnects with backoff (doubling, capped) when the line drops. After a
 * reconnect the subscriptions are sent again and `onRestored` fires: whatever happened meanwhile is the
 * reader's to reconcile. A `Reject` of an expired session logs in again and subscribes anew.
 */
export class PushClient {
  private ws: WebSocket | undefined;
  private readonly subscriptions = new Map<string, PushSubscription>();
  private requestCounter = 0;
  private closed = true;
  private delay: number;
  private retry: CancelTimer | undefined;
  private everOpen = false;
  private readonly messageListeners = new Set<(message: PushMessage, requestId: string | undefined) => void>();
  private readonly stateListeners = new Set<(state: 'connected' | 'disconnected' | 'restored', reason: string) => void>();
  private opened: Promise<void> | undefined;

  constructor(private readonly options: PushClientOptions) {
    this.delay = options.reconnectInitialDelayMs;
  }

  onMessage(listener: (message: PushMessage, requestId: string | undefined) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onState(listener: (state: 'connected' | 'disconnected' | 'restored', reason: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Opens the connection (resolves once it is open, or rejects on the first failure). */
  open(): Promise<void> {
    this.closed = false;
    this.opened ??= this.connect();
    return this.opened;
  }

  /** Adds a subscription (sent now when connected, and again after every reconnect); returns its requestId. */
  subscribe(subscription: PushSubscription): string {
    this.requestCounter += 1;
    const requestId = `${this.options.name}-${this.requestCounter}`;
    this.subscriptions.set(requestId, subscription);
    this.sendSubscription(requestId, subscription);
    return requestId;
  }

  unsubscribe(requestId: string): void {
    if (!this.subscriptions.delete(requestId)) return;
    this.sendRaw({ type: 'CloseSubscriptionRequest', requestId: `${requestId}-close`, session: this.options.session.peek(), payload: { requestId } });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.retry?.();
    const ws = this.ws;
    this.ws = undefined;
    this.opened = undefined;
    if (ws === undefined || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.terminate();
    });
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.options.url);
      this.ws = ws;
      let open = false;
      ws.on('open', () => {
        open = true;
        this.delay = this.options.reconnectInitialDelayMs;
        const restored = this.everOpen;
        this.everOpen = true;
        for (const [id, s] of this.subscriptions) this.sendSubscription(id, s);
        for (const l of this.stateListeners) l(restored ? 'restored' : 'connected', restored ? 'push connection restored' : 'push connection open');
        resolve();
      });
      ws.on('message', (data) => this.onData(textOf(data)));
      ws.on('error', (error) => {
        if (!open) reject(error);
      });
      ws.on('close', (code, reason) => {
        if (this.ws !== ws) return;
        this.ws = undefined;
        if (open) for (const l of this.stateListeners) l('disconnected', `push connection closed (${code} ${reason.toString()})`);
        if (!this.closed) this.scheduleReconnect();
      });
    });
  }

  private scheduleReconnect(): void {
    const delay = this.delay;
    this.delay = Math.min(this.delay * 2, this.options.reconnectMaxDelayMs);
    this.retry = this.options.clock.setTimeout(delay, () => {
      if (this.closed) return;
      this.connect().catch((error: unknown) => {
        this.options.logger.warn({ err: error instanceof Error ? error.message : String(error), push: this.options.name }, 'DXtrade push reconnect failed');
        if (!this.closed && this.ws === undefined) this.scheduleReconnect();
      });
    });
  }

  private sendSubscription(requestId: string, subscription: PushSubscription): void {
    void this.options.session.current().then((session) => this.sendRaw({ type: subscription.type, requestId, session, payload: subscription.payload }), (error: unknown) => {
      this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'DXtrade push: no session to subscribe with');
    });
  }

  private sendRaw(message: Record<string, unknown>): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(exactJson(message));
  }

  private onData(text: string): void {
    let message: PushMessage;
    try {
      const parsed = PushMessageSchema.safeParse(parseJson(text));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'not a push message');
      message = parsed.data;
    } catch (error) {
      for (const l of this.messageListeners) l({ type: 'Unreadable', payload: { text, problem: error instanceof Error ? error.message : String(error) } }, undefined);
      return;
    }
    if (message.type === 'PingRequest') {
      this.sendRaw({ type: 'Ping', session: this.options.session.peek(), timestamp: new Date(this.options.clock.now()).toISOString() });
      return;
    }
    if (message.type === 'Reject' && (message.payload as { errorCode?: unknown } | undefined)?.errorCode?.toString() === '1') {
      // The session expired under the push connection: log in again, subscribe again.
      const token = this.options.session.peek();
      void this.options.session.refresh(token ?? '').then(() => {
        for (const [id, s] of this.subscriptions) if (message.inReplyTo === undefined || message.inReplyTo === id) this.sendSubscription(id, s);
      }, () => undefined);
    }
    for (const l of this.messageListeners) l(message, message.inReplyTo);
  }
}

/** A WebSocket frame's text (one buffer, fragments or an ArrayBuffer). */
function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
