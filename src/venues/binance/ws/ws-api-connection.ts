import WebSocket from 'ws';
import { TmtError } from '../../../core/errors/tmt-error';
import type { BinanceSigner, ParamValue } from '../credentials';
import { wsApiPayload } from '../credentials';
import { frameText } from './raw';
import { engineCodeFor, venueReason } from '../parse/errors';
import type { TimeSync } from '../http/time-sync';

interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly method: string;
}

/**
 * One WebSocket API connection (web-socket-api.md): JSON requests `{id, method, params}` answered by id,
 * signed with the WebSocket payload rule (sorted params, raw UTF-8). Events of user data subscriptions
 * (`{subscriptionId, event}`) go to `onEvent`. A request in flight when the socket drops ends with
 * VENUE_OUTCOME_UNKNOWN: it may have been executed.
 */
export class WsApiConnection {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;

  constructor(
    private readonly url: string,
    private readonly signer: BinanceSigner,
    private readonly timeSync: TimeSync,
    private readonly recvWindow: number,
    private readonly onEvent: (event: Record<string, unknown>, subscriptionId: number) => void,
    private readonly onClose: () => void,
    /** Receives each answer's `rateLimits` counts (shared with REST at the same IP). */
    private readonly onRateLimits?: (limits: readonly { rateLimitType: string; interval: string; intervalNum: number; count: number }[]) => void,
  ) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.on('message', (data: WebSocket.RawData) => this.onMessage(frameText(data)));
      socket.on('close', () => {
        if (this.socket === socket) this.socket = undefined;
        for (const [id, pending] of this.pending) {
          pending.reject(new TmtError(pending.method.startsWith('order.') ? 'VENUE_OUTCOME_UNKNOWN' : 'VENUE_UNAVAILABLE', `binance websocket closed before ${pending.method} was answered`));
          this.pending.delete(id);
        }
        this.onClose();
      });
    });
  }

  /** No request awaits an answer (a rotated-out connection closes only then, so no order is left unknown). */
  get idle(): boolean {
    return this.pending.size === 0;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  close(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }

  /** The request JSON for a signed call, exactly as sent (benchmarks measure it). */
  signedRequest(method: string, params: Record<string, ParamValue>, id: string): string {
    const full: Record<string, ParamValue> = { ...params, apiKey: this.signer.apiKey, recvWindow: this.recvWindow, timestamp: this.timeSync.now() };
    full.signature = this.signer.sign(wsApiPayload(full));
    return JSON.stringify({ id, method, params: full });
  }

  request<T>(method: string, params: Record<string, ParamValue> = {}, signed = true): Promise<T> {
    const socket = this.socket;
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new TmtError('VENUE_UNAVAILABLE', `binance websocket is not open for ${method}`));
    }
    const id = String(this.nextId++);
    const text = signed ? this.signedRequest(method, params, id) : JSON.stringify({ id, method, params });
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, method });
      socket.send(text);
    });
  }

  private onMessage(text: string): void {
    const message = JSON.parse(text) as {
      id?: string | null;
      status?: number;
      result?: unknown;
      error?: { code: number; msg: string };
      rateLimits?: { rateLimitType: string; interval: string; intervalNum: number; count: number }[];
      subscriptionId?: number;
      event?: Record<string, unknown>;
    };
    if (message.event !== undefined) {
      this.onEvent(message.event, message.subscriptionId ?? -1);
      return;
    }
    if (message.rateLimits !== undefined) this.onRateLimits?.(message.rateLimits);
    if (message.id === undefined || message.id === null) return;
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    if (message.error !== undefined) {
      const status = message.status ?? 400;
      const code = status >= 500 ? 'VENUE_OUTCOME_UNKNOWN' : status === 429 ? 'VENUE_RATE_LIMITED' : status === 418 ? 'VENUE_BANNED' : engineCodeFor(message.error);
      pending.reject(
        new TmtError(code, `binance ${pending.method} refused: ${venueReason(message.error)}`, {
          details: { venueCode: String(message.error.code), venueMessage: message.error.msg, httpStatus: String(status) },
        }),
      );
      return;
    }
    pending.resolve(message.result);
  }
}
