import type { Clock, Timestamp } from '../../../core/clock';
import type { AccountId } from '../../../core/identifiers';
import type { VenueReport } from '../../../core/reports';
import type { Logger } from '../../../shared/logger';
import type { OkxSigner } from '../credentials';
import { accountReport, fillFromPush, orderReport, UnknownEnumError } from '../parse/reports';
import type { WireBalance, WireOrder, WireOrderAck } from '../parse/wire';
import type { SymbolMap } from '../symbols';
import { OkxConnection } from './connection';

const CATCH_UP_MARGIN_MS = 5_000;

export interface PrivateStreamOptions {
  readonly url: string;
  readonly signer: OkxSigner;
  readonly venueTime: () => number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly accountId: AccountId;
  readonly symbols: SymbolMap;
  readonly baseCurrency: string;
  readonly idleMs?: number;
  readonly emit: (report: VenueReport) => void;
  readonly onUnrecognized: (description: string, raw: string) => void;
  readonly onState: (state: 'connected' | 'reconnecting') => void;
  /** After a reconnect: REST catch-up of orders and fills since the stream went down. */
  readonly catchUp: (since: Timestamp) => Promise<void>;
  /**
   * The channels subscribed after login. Default: `orders` (SPOT) and `account` on /ws/v5/private; the
   * business socket (/ws/v5/business) is the same login with `orders-algo`, where OKX publishes algo orders.
   */
  readonly channels?: readonly Readonly<Record<string, string>>[];
  /** An `orders-algo` push (one algo order row, as GET /api/v5/trade/order-algo shows it). */
  readonly onAlgo?: (row: Readonly<Record<string, string>>) => void;
}

const PRIVATE_CHANNELS = [{ channel: 'orders', instType: 'SPOT' }, { channel: 'account' }];

interface PrivateMessage {
  readonly event?: string;
  readonly code?: string;
  readonly msg?: string;
  readonly id?: string;
  readonly op?: string;
  readonly arg?: { readonly channel?: string };
  readonly data?: readonly unknown[];
}

/**
 * /ws/v5/private: `login` (Unix seconds, signed over timestamp + GET + /users/self/verify), then the `orders`
 * (SPOT) and `account` channels. After every reconnect a REST catch-up runs, so no fill is missed. It also
 * carries `op: order` placements (the low-latency path), answered by `id`. With `channels` and `onAlgo` the
 * same class is the business socket's client (`orders-algo`).
 */
export class OkxPrivateStream {
  private readonly connection: OkxConnection;
  private downSince: Timestamp | undefined;
  private loggedIn: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private readonly pending = new Map<string, (answer: { code: string; msg: string; data: readonly WireOrderAck[] }) => void>();
  private requestId = 0;

  constructor(private readonly options: PrivateStreamOptions) {
    this.connection = new OkxConnection({
      url: options.url,
      clock: options.clock,
      logger: options.logger,
      ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
      onOpen: async (send, reconnected) => {
        await this.login(send);
        send({ op: 'subscribe', args: options.channels ?? PRIVATE_CHANNELS });
        if (reconnected) {
          // From the last message the old socket carried (venue time, with a margin): a drop is noticed late,
          // after fills that the dead socket never delivered.
          const since = Math.min(this.downSince ?? Number.POSITIVE_INFINITY, this.lastMessageAt ?? options.venueTime()) - CATCH_UP_MARGIN_MS;
          this.downSince = undefined;
          options.emit({ kind: 'gap', accountId: options.accountId, reason: 'okx private stream reconnected' });
          await options.catchUp(since);
        }
        options.onState('connected');
      },
      onDown: () => {
        this.downSince ??= options.clock.now();
        for (const settle of this.pending.values()) settle({ code: '-1', msg: 'connection lost', data: [] });
        this.pending.clear();
        options.onState('reconnecting');
      },
      onMessage: (text) => {
        this.lastMessageAt = options.venueTime();
        this.onMessage(text);
      },
    });
  }

  private lastMessageAt: number | undefined;

  /** Opens the stream and resolves once logged in (a refused login rejects). */
  async start(): Promise<void> {
    // A second connect (the engine connects a client the app already connected) finds it running.
    if (this.started) return;
    this.started = true;
    const ready = new Promise<void>((resolve, reject) => {
      this.firstLogin = { resolve, reject };
    });
    this.connection.start();
    try {
      await ready;
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  private firstLogin: { resolve: () => void; reject: (error: Error) => void } | undefined;

  private started = false;

  stop(): void {
    this.started = false;
    this.connection.stop();
  }

  get reconnects(): number {
    return this.connection.reconnects;
  }

  /** Drops the socket as a network fault would (tests). */
  restart(): void {
    this.connection.restart();
  }

  /** Resolves on the login answer; no answer within the idle window fails the open (the socket is dropped). */
  private login(send: (message: unknown) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const cancel = this.options.clock.setTimeout(2 * (this.options.idleMs ?? 30_000), () => reject(new Error('okx login not answered')));
      this.loggedIn = {
        resolve: () => {
          cancel();
          resolve();
        },
        reject: (error) => {
          cancel();
          reject(error);
        },
      };
      send({ op: 'login', args: [this.options.signer.loginArgs(this.options.venueTime())] });
    });
  }

  /** `op: order` over the socket; the answer has the REST shape (code, msg, data with sCode). */
  async placeOrder(body: Record<string, unknown>): Promise<{ code: string; msg: string; data: readonly WireOrderAck[] }> {
    const id = String(++this.requestId);
    const answer = new Promise<{ code: string; msg: string; data: readonly WireOrderAck[] }>((resolve) => this.pending.set(id, resolve));
    this.connection.send({ id, op: 'order', args: [body] });
    return answer;
  }

  isOpen(): boolean {
    return this.connection.isOpen();
  }

  private onMessage(text: string): void {
    let message: PrivateMessage;
    try {
      message = JSON.parse(text) as PrivateMessage;
    } catch {
      this.options.onUnrecognized('okx private message is not JSON', text);
      return;
    }
    if (message.event === 'login') {
      this.loggedIn?.resolve();
      this.firstLogin?.resolve();
      this.firstLogin = undefined;
      return;
    }
    if (message.event === 'error') {
      const error = new Error(`okx websocket error ${message.code ?? ''} ${message.msg ?? ''}`);
      this.options.logger.warn({ code: message.code, msg: message.msg }, 'okx private stream error');
      if (this.loggedIn !== undefined && ['60004', '60005', '60006', '60007', '60009', '60024'].includes(message.code ?? '')) {
        this.loggedIn.reject(error);
        this.firstLogin?.reject(error);
        this.firstLogin = undefined;
      }
      return;
    }
    if (message.event !== undefined) return;
    if (message.id !== undefined && message.op !== undefined) {
      this.pending.get(message.id)?.({ code: message.code ?? '', msg: message.msg ?? '', data: (message.data ?? []) as WireOrderAck[] });
      this.pending.delete(message.id);
      return;
    }
    const channel = message.arg?.channel;
    for (const item of message.data ?? []) {
      try {
        if (channel === 'orders') this.onOrder(item as WireOrder);
        else if (channel === 'orders-algo' && this.options.onAlgo !== undefined) this.options.onAlgo(item as Record<string, string>);
        else if (channel === 'account') {
          const report = accountReport(item as WireBalance, this.options.accountId, this.options.baseCurrency, this.options.clock.now());
          this.options.emit({ kind: 'account', report });
        } else this.options.onUnrecognized(`okx private channel ${String(channel)}`, text);
      } catch (error) {
        if (error instanceof UnknownEnumError) this.options.onUnrecognized(error.message, JSON.stringify(item));
        else throw error;
      }
    }
  }

  private onOrder(order: WireOrder): void {
    const context = { accountId: this.options.accountId, instrumentId: this.options.symbols.instrumentId(order.instId), now: this.options.clock.now() };
    const fill = fillFromPush(order, context);
    if (fill !== undefined) this.options.emit({ kind: 'fill', report: fill });
    this.options.emit({ kind: 'order', report: orderReport(order, context) });
  }
}
