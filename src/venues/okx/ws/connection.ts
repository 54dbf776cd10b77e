import WebSocket from 'ws';
import type { CancelTimer, Clock } from '../../../core/clock';
import type { Logger } from '../../../shared/logger';

export interface ConnectionOptions {
  readonly url: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Send the text `ping` after this much silence (OKX: 30 s), and reconnect if no `pong` comes within it again. */
  readonly idleMs?: number;
  /** Called on every (re)connect, before any message; resubscribe (and log in) here. */
  readonly onOpen: (send: (message: unknown) => void, reconnected: boolean) => void | Promise<void>;
  readonly onMessage: (text: string) => void;
  readonly onDown?: () => void;
  readonly headers?: Record<string, string>;
}

const MAX_BACKOFF_MS = 5_000;

/**
 * One OKX WebSocket kept alive: text `ping` after `idleMs` of silence (docs-v5 "keep the connection alive"),
 * reconnect when the pong does not come or the socket drops, with backoff capped at 5 s.
 */
export class OkxConnection {
  private socket: WebSocket | undefined;
  private closed = true;
  private attempt = 0;
  private idleTimer: CancelTimer | undefined;
  private awaitingPong = false;
  private opened = false;
  /** Reconnects after the first open, for tests and metrics. */
  reconnects = 0;
  pings = 0;

  constructor(private readonly options: ConnectionOptions) {}

  start(): void {
    if (!this.closed) return;
    this.closed = false;
    this.open();
  }

  stop(): void {
    this.closed = true;
    this.idleTimer?.();
    this.socket?.terminate();
    this.socket = undefined;
  }

  send(message: unknown): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Drops the connection (after a failed check): it reconnects as after any drop. */
  restart(): void {
    this.socket?.terminate();
  }

  private open(): void {
    const socket = new WebSocket(this.options.url, this.options.headers === undefined ? {} : { headers: this.options.headers });
    this.socket = socket;
    socket.on('open', () => {
      this.attempt = 0;
      const reconnected = this.opened;
      if (reconnected) this.reconnects++;
      this.opened = true;
      this.armIdle();
      void Promise.resolve(this.options.onOpen((m) => this.send(m), reconnected)).catch((error: unknown) => {
        this.options.logger.warn({ err: error }, 'okx websocket open handler failed; reconnecting');
        socket.terminate();
      });
    });
    socket.on('message', (data: Buffer) => {
      this.armIdle();
      const text = data.toString('utf8');
      if (text === 'pong') {
        this.awaitingPong = false;
        return;
      }
      this.options.onMessage(text);
    });
    socket.on('error', (error) => this.options.logger.debug({ err: error.message }, 'okx websocket error'));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.idleTimer?.();
      this.options.onDown?.();
      if (this.closed) return;
      const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.attempt++);
      this.options.clock.setTimeout(delay, () => {
        if (!this.closed && this.socket === socket) this.open();
      });
    });
  }

  private armIdle(): void {
    this.idleTimer?.();
    this.awaitingPong = false;
    const idleMs = this.options.idleMs ?? 30_000;
    this.idleTimer = this.options.clock.setTimeout(idleMs, () => {
      this.pings++;
      this.awaitingPong = true;
      this.send('ping');
      this.idleTimer = this.options.clock.setTimeout(idleMs, () => {
        if (this.awaitingPong) this.socket?.terminate();
      });
    });
  }
}
