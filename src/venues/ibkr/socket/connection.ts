import { connect, type Socket } from 'node:net';
import { TmtError } from '../../../core/errors';
import type { Logger } from '../../../shared/logger';
import { MAX_SERVER_VERSION, MIN_SERVER_VERSION } from '../versions';
import { startApi } from './encoder';
import { FrameDecoder, frameFields, greeting, ProtocolError } from './framing';
import { Pacer } from './pacer';

export interface ConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
  readonly messagesPerSecond: number;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/**
 * One TCP session with TWS / IB Gateway: the `API\0` greeting with the pinned version range, the server's
 * version and time, START_API with the client id, then framed messages both ways. Outbound messages go
 * through the pacer (50/s by default), so a burst is spread out before it reaches TWS.
 */
export class IbConnection {
  serverVersion = 0;
  connectionTime = '';
  private socket: Socket | undefined;
  private readonly decoder = new FrameDecoder();
  private readonly pacer: Pacer;
  private readonly messageListeners = new Set<(fields: string[]) => void>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  /** Messages written to the socket (for tests and benches that check pacing). */
  sentCount = 0;

  constructor(private readonly options: ConnectionOptions) {
    this.pacer = new Pacer(options.messagesPerSecond);
  }

  get connected(): boolean {
    return this.socket !== undefined && !this.socket.destroyed && this.serverVersion > 0;
  }

  onMessage(listener: (fields: string[]) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** Connects and completes the handshake; rejects with VENUE_PROTOCOL for a server outside the pinned range. */
  open(): Promise<void> {
    const { host, port, timeoutMs } = this.options;
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (error: Error): void => {
        if (settled) return;
        settled = true;
        socket.destroy();
        reject(error);
      };
      const timer = setTimeout(() => fail(new TmtError('VENUE_UNAVAILABLE', `no TWS handshake from ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
      const socket = connect({ host, port }, () => socket.write(greeting(MIN_SERVER_VERSION, MAX_SERVER_VERSION)));
      socket.setNoDelay(true);
      this.socket = socket;
      let greeted = false;
      socket.on('data', (chunk: Buffer) => {
        let messages: string[][];
        try {
          messages = this.decoder.push(chunk);
        } catch (error) {
          if (!(error instanceof ProtocolError)) throw error;
          this.options.logger.error({ err: error.message }, 'ibkr: unreadable frame, closing');
          socket.destroy();
          return;
        }
        for (const fields of messages) {
          if (!greeted) {
            greeted = true;
            const version = Number(fields[0]);
            if (!Number.isInteger(version) || version < MIN_SERVER_VERSION || version > MAX_SERVER_VERSION) {
              clearTimeout(timer);
              fail(new TmtError('VENUE_PROTOCOL', `TWS server version ${fields[0] ?? '?'} is outside the supported ${MIN_SERVER_VERSION}..${MAX_SERVER_VERSION}`, { field: 'serverVersion', details: { found: fields[0] ?? '', min: String(MIN_SERVER_VERSION), max: String(MAX_SERVER_VERSION) } }));
              return;
            }
            this.serverVersion = version;
            this.connectionTime = fields[1] ?? '';
            socket.write(frameFields(startApi(this.options.clientId)));
            this.sentCount += 1;
            clearTimeout(timer);
            settled = true;
            resolve();
            continue;
          }
          for (const listener of this.messageListeners) listener(fields);
        }
      });
      socket.on('error', (error) => fail(new TmtError('VENUE_UNAVAILABLE', `cannot reach TWS at ${host}:${port}: ${error.message}`, { cause: error })));
      socket.on('close', () => {
        clearTimeout(timer);
        const wasOpen = this.serverVersion > 0;
        this.serverVersion = 0;
        this.pacer.clear();
        fail(new TmtError('VENUE_UNAVAILABLE', `TWS at ${host}:${port} closed the connection during the handshake`));
        if (wasOpen) for (const listener of this.closeListeners) listener('connection closed');
      });
    });
  }

  /** Sends one message through the pacer. */
  /** `written` runs once the pacer let the message out (a reply timeout starts there, not in the queue). */
  send(fields: readonly string[], written?: () => void): void {
    const frame = frameFields(fields);
    this.pacer.submit(() => {
      if (this.socket === undefined || this.socket.destroyed) return;
      this.socket.write(frame);
      this.sentCount += 1;
      written?.();
    });
  }

  get queued(): number {
    return this.pacer.pending;
  }

  close(): void {
    this.pacer.clear();
    this.socket?.destroy();
  }
}
