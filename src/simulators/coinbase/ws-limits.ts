import type { Duplex } from 'node:stream';
import { SlidingWindow } from './limits';

/**
 * Coinbase's published Advanced Trade WebSocket limits ("WebSocket Rate Limits"): connections are limited to
 * 8 a second per IP address, and unauthenticated messages (a subscribe or unsubscribe without a JWT) to 8 a
 * second per IP address. Authenticated messages are not limited there.
 */
export interface WsLimits {
  readonly connectionsPerSecond: number;
  readonly unauthenticatedMessagesPerSecond: number;
}

export const WS_LIMITS: WsLimits = { connectionsPerSecond: 8, unauthenticatedMessagesPerSecond: 8 };

/** The error message a connection gets for a message over the limit (the venue's error frame shape). */
export const WS_RATE_LIMIT_ERROR = { type: 'error', message: 'rate limit exceeded' } as const;

/** Both limits, per IP address, over a one-second sliding window on the simulator's clock. */
export class WsRateLimits {
  private readonly connections: SlidingWindow;
  private readonly messages: SlidingWindow;

  constructor(
    limits: WsLimits,
    private readonly now: () => number,
  ) {
    this.connections = new SlidingWindow(limits.connectionsPerSecond, 1000);
    this.messages = new SlidingWindow(limits.unauthenticatedMessagesPerSecond, 1000);
  }

  /** Counts a connection attempt from `address`; false when it is over the limit. */
  connection(address: string): boolean {
    return this.connections.take(address, this.now());
  }

  /** Counts an unauthenticated message from `address`; false when it is over the limit. */
  unauthenticatedMessage(address: string): boolean {
    return this.messages.take(address, this.now());
  }
}

/** Refuses a WebSocket upgrade over the connection limit with HTTP 429, as a rate-limited venue answers. */
export function refuseUpgrade(socket: Duplex): void {
  const body = JSON.stringify({ message: 'Too Many Requests' });
  socket.end(`HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
