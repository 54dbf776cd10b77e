import WebSocket from 'ws';
import type { Clock, CancelTimer } from '../../../core/clock';
import type { AccountId } from '../../../core/identifiers';
import type { VenueReport } from '../../../core/reports';
import type { Logger } from '../../../shared/logger';
import type { BinanceSigner } from '../credentials';
import type { BinanceRestApi } from '../http/endpoints';
import type { TimeSync } from '../http/time-sync';
import type { BinanceProfile } from '../profiles';
import type { SymbolMap } from '../symbols';
import { UnknownEnumError } from '../parse/reports';
import { accountPositionToReport, balanceUpdateToReport, executionReportToReports, type ExecutionReportEvent } from '../parse/user-events';
import { frameText } from './raw';
import { WsApiConnection } from './ws-api-connection';

export interface UserStreamOptions {
  readonly profile: BinanceProfile;
  readonly wsApiUrl: string;
  readonly streamUrl: string;
  readonly signer: BinanceSigner;
  readonly api: BinanceRestApi;
  readonly timeSync: TimeSync;
  readonly recvWindow: number;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly accountId: AccountId;
  readonly symbols: SymbolMap;
  readonly baseCurrency: string;
  readonly emit: (report: VenueReport) => void;
  readonly onUnrecognized: (description: string, raw: string) => void;
  readonly onState: (state: 'connected' | 'reconnecting') => void;
  /** REST catch-up after every reconnect: open orders and fills since the stream went down. */
  readonly catchUp: (since: number) => Promise<void>;
  readonly onRateLimits?: (limits: readonly { rateLimitType: string; interval: string; intervalNum: number; count: number }[]) => void;
  /** Rotate each connection this long after it opened (default 23 h: Binance ends connections at 24 h). */
  readonly maxConnectionAgeMs?: number;
}

/** web-socket-api.md / web-socket-streams.md: "only valid for 24 hours"; rotate an hour early, on our terms. */
export const DEFAULT_MAX_CONNECTION_AGE_MS = 23 * 60 * 60_000;
/** Longest a rotated-out connection is kept for its in-flight requests to be answered. */
const ROTATION_GRACE_MS = 10_000;

const MAX_BACKOFF_MS = 5_000;
/** user-data-stream.md (Binance.US): a listenKey expires after 60 minutes without a keepalive. */
const LISTEN_KEY_KEEPALIVE_MS = 30 * 60_000;

/**
 * The user data stream. Spot: over the WebSocket API, `session.logon` + `userDataStream.subscribe` with an
 * Ed25519 key, else `userDataStream.subscribe.signature`. Binance.US: a listenKey and its stream. Reconnects
 * with backoff capped at 5 s; after each reconnect a gap is reported and REST catches up, so no fill is missed.
 */
export class BinanceUserStream {
  private connection: WsApiConnection | undefined;
  private listenSocket: WebSocket | undefined;
  private listenKey: string | undefined;
  private keepAlive: CancelTimer | undefined;
  private stopped = false;
  private attempt = 0;
  private downSince: number | undefined;
  private scheduled = false;
  private rotation: CancelTimer | undefined;
  /** Proactive rotations done (the 24-hour limit), for tests and metrics. */
  rotations = 0;
  /** Event types seen but not mapped, counted (they never stop the stream). */
  readonly unknownEvents = new Map<string, number>();

  constructor(private readonly options: UserStreamOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    if (this.options.profile.userStream === 'ws-api') await this.subscribeWsApi();
    else await this.subscribeListenKey();
    this.attempt = 0;
    this.options.onState('connected');
    this.rotation?.();
    this.rotation = this.options.clock.setTimeout(this.options.maxConnectionAgeMs ?? DEFAULT_MAX_CONNECTION_AGE_MS, () => void this.rotate());
  }

  stop(): void {
    this.stopped = true;
    this.rotation?.();
    this.keepAlive?.();
    this.connection?.close();
    this.listenSocket?.close();
    if (this.listenKey !== undefined) void this.options.api.closeListenKey(this.listenKey).catch(() => undefined);
  }

  /** The WebSocket API connection, shared with order.place when orders go over the WebSocket API. */
  wsApi(): WsApiConnection | undefined {
    return this.connection;
  }

  private async subscribeWsApi(): Promise<void> {
    const connection = new WsApiConnection(
      this.options.wsApiUrl,
      this.options.signer,
      this.options.timeSync,
      this.options.recvWindow,
      (event) => this.onEvent(event),
      // A connection rotated out (or replaced after a drop) closing is not the stream going down.
      () => {
        if (this.connection === connection) this.onDown();
      },
      (limits) => this.options.onRateLimits?.(limits),
    );
    this.connection = connection;
    await connection.open();
    if (this.options.signer.keyType === 'ed25519') {
      await connection.request('session.logon');
      await connection.request('userDataStream.subscribe', {}, false);
    } else {
      await connection.request('userDataStream.subscribe.signature');
    }
  }

  private async subscribeListenKey(): Promise<void> {
    const { listenKey } = await this.options.api.createListenKey();
    this.listenKey = listenKey;
    await new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(`${this.options.streamUrl}/ws/${listenKey}`);
      this.listenSocket = socket;
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.on('message', (data: WebSocket.RawData) => this.onEvent(JSON.parse(frameText(data)) as Record<string, unknown>));
      socket.on('close', () => {
        if (this.listenSocket === socket) this.onDown();
      });
    });
    this.keepAlive?.();
    const renew = (): void => {
      if (this.listenKey === undefined || this.stopped) return;
      void this.options.api.keepAliveListenKey(this.listenKey).catch((error: unknown) => this.options.logger.warn({ err: error }, 'binance listenKey keepalive failed'));
      this.keepAlive = this.options.clock.setTimeout(LISTEN_KEY_KEEPALIVE_MS, renew);
    };
    this.keepAlive = this.options.clock.setTimeout(LISTEN_KEY_KEEPALIVE_MS, renew);
  }

  /** One user data event (user-data-stream.md). */
  onEvent(event: Record<string, unknown>): void {
    const type = String(event.e);
    const { accountId } = this.options;
    try {
      switch (type) {
        case 'executionReport':
          for (const report of executionReportToReports(event as unknown as ExecutionReportEvent, { accountId, instrumentId: (s) => this.options.symbols.instrumentId(s) })) {
            this.options.emit(report);
          }
          return;
        case 'outboundAccountPosition':
          this.options.emit(accountPositionToReport(event as never, accountId, this.options.baseCurrency));
          return;
        case 'balanceUpdate':
          this.options.emit(balanceUpdateToReport(event as never, accountId));
          return;
        case 'listStatus':
          // The list's orders arrive as their own executionReports; the list status itself changes no engine state.
          return;
        case 'eventStreamTerminated':
        case 'serverShutdown':
          this.options.logger.warn({ type }, 'binance user stream ending; reconnecting');
          this.reconnectNow();
          return;
        case 'listenKeyExpired':
          this.reconnectNow();
          return;
        default:
          this.unknownEvents.set(type, (this.unknownEvents.get(type) ?? 0) + 1);
          this.options.onUnrecognized(`user stream event ${type}`, JSON.stringify(event));
      }
    } catch (error) {
      if (error instanceof UnknownEnumError) {
        this.options.onUnrecognized(`user stream ${error.message}`, JSON.stringify(event));
        return;
      }
      throw error;
    }
  }

  /**
   * Make before break, before the 24-hour limit: subscribe on a new connection, then retire the old one once its
   * in-flight requests are answered, then catch up over REST from before the switch, so no fill is missed even if
   * an event fell between the two connections.
   */
  private async rotate(): Promise<void> {
    if (this.stopped) return;
    const since = this.options.clock.now();
    const oldConnection = this.connection;
    const oldSocket = this.listenSocket;
    const oldKey = this.listenKey;
    try {
      await this.start();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'binance user stream rotation failed; reconnecting');
      if (this.connection !== oldConnection) this.connection?.close();
      this.connection = oldConnection;
      this.listenSocket = oldSocket;
      this.listenKey = oldKey;
      this.reconnectNow();
      return;
    }
    this.rotations++;
    if (oldKey !== undefined && oldKey !== this.listenKey) void this.options.api.closeListenKey(oldKey).catch(() => undefined);
    oldSocket?.close();
    if (oldConnection !== undefined) this.retire(oldConnection, since);
    await this.options.catchUp(since - 1_000).catch((error: unknown) => this.options.logger.warn({ err: error }, 'binance user stream catch-up failed'));
  }

  private retire(connection: WsApiConnection, since: number): void {
    if (connection.idle || this.options.clock.now() - since >= ROTATION_GRACE_MS) {
      connection.close();
      return;
    }
    this.options.clock.setTimeout(50, () => this.retire(connection, since));
  }

  private reconnectNow(): void {
    this.connection?.close();
    this.listenSocket?.close();
  }

  private onDown(): void {
    if (this.stopped) return;
    this.downSince ??= this.options.clock.now();
    this.options.onState('reconnecting');
    this.options.emit({ kind: 'gap', accountId: this.options.accountId, reason: 'binance user stream disconnected' });
    // Backoff 0.25 s, 0.5 s, 1 s ... capped at 5 s.
    if (this.scheduled) return;
    this.scheduled = true;
    const delay = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.attempt++);
    this.options.clock.setTimeout(delay, () => {
      this.scheduled = false;
      void this.reconnect();
    });
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.start();
      const since = this.downSince ?? this.options.clock.now();
      this.downSince = undefined;
      await this.options.catchUp(since - 1_000);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'binance user stream reconnect failed');
      this.onDown();
    }
  }
}
