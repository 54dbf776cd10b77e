import type { WebSocket } from 'ws';
import type { Clock } from '../../core';

/** web-socket-streams.md / web-socket-api.md: a ping every 20 s; no pong within a minute drops the connection. */
export interface HeartbeatOptions {
  readonly pingIntervalMs: number;
  readonly pongTimeoutMs: number;
}

export const BINANCE_HEARTBEAT: HeartbeatOptions = { pingIntervalMs: 20_000, pongTimeoutMs: 60_000 };

/** What the simulator saw of the heartbeat, for tests: pings sent, pongs that echoed them, connections dropped. */
export class HeartbeatStats {
  pings = 0;
  pongs = 0;
  dropped = 0;
}

/**
 * Pings the socket every `pingIntervalMs` with a fresh payload and terminates it (no close frame, as a dead peer
 * would see it) once `pongTimeoutMs` has passed since the last pong that echoed a ping's payload. The docs:
 * "Unsolicited pong frames are allowed, but will not prevent disconnection", so only an echo counts.
 */
export function startHeartbeat(ws: WebSocket, clock: Clock, options: HeartbeatOptions, stats: HeartbeatStats): void {
  let sequence = 0;
  const outstanding = new Set<string>();
  let lastAnswered = clock.now();
  let cancel: (() => void) | undefined;
  ws.on('pong', (data: Buffer) => {
    const payload = data.toString('utf8');
    if (!outstanding.delete(payload)) return;
    // An echo answers its ping and every earlier one still outstanding.
    for (const earlier of [...outstanding]) if (Number(earlier) < Number(payload)) outstanding.delete(earlier);
    lastAnswered = clock.now();
    stats.pongs++;
  });
  const beat = (): void => {
    if (ws.readyState !== ws.OPEN) return;
    if (clock.now() - lastAnswered > options.pongTimeoutMs) {
      stats.dropped++;
      ws.terminate();
      return;
    }
    const payload = String(++sequence);
    outstanding.add(payload);
    stats.pings++;
    ws.ping(payload);
    cancel = clock.setTimeout(Math.min(options.pingIntervalMs, options.pongTimeoutMs), beat);
  };
  cancel = clock.setTimeout(options.pingIntervalMs, beat);
  ws.on('close', () => cancel?.());
}
