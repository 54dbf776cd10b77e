import type { ApiClient } from './api';
import { isRecord, type Json } from './wire';

export interface StreamHandlers {
  readonly onEvent: (event: Json) => void;
  readonly onState: (state: 'live' | 'reconnecting') => void;
  /** The cursor fell out of retention: what was missed cannot be replayed, so reload the snapshots. */
  readonly onGap: () => void;
  /** The service refused the token (revoked meanwhile): reconnecting would not help. */
  readonly onRefused: () => void;
}

/** Close codes of the service's stream (src/api/events/stream.ts). */
const CLOSE_UNAUTHENTICATED = 4401;

const RETRY_MS = [250, 500, 1000, 2000, 5000];

/**
 * The live event stream. Remembers the last cursor and resumes from it after a drop, so that the events
 * missed meanwhile arrive in order; a stale cursor makes it start afresh and ask for a reload.
 */
export class LiveStream {
  private socket: WebSocket | undefined;
  private cursor: number | undefined;
  private attempts = 0;
  private closed = false;
  private retryTimer: number | undefined;

  constructor(
    private readonly client: ApiClient,
    private readonly handlers: StreamHandlers,
  ) {}

  /** Opens the stream after `cursor` (the last event already seen), or at the head without one. */
  open(cursor?: number): void {
    this.cursor = cursor;
    this.closed = false;
    this.connect();
  }

  close(): void {
    this.closed = true;
    window.clearTimeout(this.retryTimer);
    this.socket?.close();
  }

  private connect(): void {
    const socket = new WebSocket(this.client.streamUrl(this.cursor));
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.handlers.onState('live');
    };
    socket.onmessage = (message) => this.receive(message.data);
    socket.onclose = (event) => {
      if (this.closed || socket !== this.socket) return;
      if (event.code === CLOSE_UNAUTHENTICATED) {
        this.handlers.onRefused();
        return;
      }
      this.handlers.onState('reconnecting');
      const delay = RETRY_MS[Math.min(this.attempts, RETRY_MS.length - 1)] ?? 5000;
      this.attempts++;
      this.retryTimer = window.setTimeout(() => this.connect(), delay);
    };
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
      if (!isRecord(item)) continue;
      // The greeting names the head: resuming from it after a drop replays what was missed.
      if (item.type === 'hello') {
        if (this.cursor === undefined && typeof item.head === 'number') this.cursor = item.head;
        continue;
      }
      if (item.code === 'API_CURSOR_EXPIRED') {
        this.cursor = undefined;
        this.handlers.onGap();
        this.socket?.close();
        continue;
      }
      if (typeof item.cursor === 'number') {
        if (this.cursor !== undefined && item.cursor <= this.cursor) continue; // a replay overlap
        this.cursor = item.cursor;
      }
      if (isRecord(item.event)) this.handlers.onEvent(item.event);
    }
  }
}
