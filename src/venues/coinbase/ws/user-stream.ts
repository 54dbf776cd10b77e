import type { Clock } from '../../../core/clock';
import type { Logger } from '../../../shared/logger';
import type { WireUserOrder } from '../parse/user-events';
import { CoinbaseConnection } from './connection';

export interface UserStreamOptions {
  readonly url: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly jwt: () => string;
  readonly silenceTimeoutMs: number;
  /** Every order of a snapshot or update event, in order. */
  readonly onOrders: (orders: readonly WireUserOrder[], kind: 'snapshot' | 'update') => void;
  /** Opened (again): after a reconnect the client catches up over REST, since messages may have been lost. */
  readonly onOpen: (reconnect: boolean) => void;
  readonly onDown: (reason: string) => void;
  /** The stream lost messages (sequence gap): the client reconciles over REST. */
  readonly onGap: () => void;
  readonly onUnrecognized: (description: string, raw: string) => void;
}

/** The `user` channel on the user WebSocket, authenticated by a JWT in each subscribe message. */
export class CoinbaseUserStream {
  private readonly connection: CoinbaseConnection;
  private snapshotWaiters: (() => void)[] = [];
  private started = false;

  constructor(private readonly options: UserStreamOptions) {
    this.connection = new CoinbaseConnection({
      url: options.url,
      clock: options.clock,
      logger: options.logger,
      silenceTimeoutMs: options.silenceTimeoutMs,
      jwt: options.jwt,
      onMessage: (message) => {
        if (message.channel === 'heartbeats' || message.channel === 'subscriptions') return;
        if (message.channel !== 'user') {
          options.onUnrecognized(`coinbase user channel ${message.channel}`, JSON.stringify(message).slice(0, 500));
          return;
        }
        for (const event of message.events) {
          const kind = event['type'] === 'snapshot' ? 'snapshot' : 'update';
          options.onOrders((event['orders'] ?? []) as WireUserOrder[], kind);
          if (kind === 'snapshot') {
            for (const waiter of this.snapshotWaiters) waiter();
            this.snapshotWaiters = [];
          }
        }
      },
      onGap: () => options.onGap(),
      onOpen: (reconnect) => options.onOpen(reconnect),
      onDown: (reason) => options.onDown(reason),
      onError: (message) => options.logger.warn({ message }, 'coinbase user websocket error message'),
    });
    this.connection.subscribe('user', []);
  }

  /** Connects and resolves on the first snapshot (or after `timeoutMs`, the stream then keeps trying). */
  async start(timeoutMs = 10_000): Promise<void> {
    if (this.started) return;
    this.started = true;
    const first = new Promise<void>((resolve) => {
      this.snapshotWaiters.push(resolve);
      this.options.clock.setTimeout(timeoutMs, resolve);
    });
    this.connection.start();
    await first;
  }

  stop(): void {
    this.started = false;
    this.connection.stop();
  }
}
