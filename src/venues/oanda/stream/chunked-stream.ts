import { Agent, request } from 'undici';

import type { VenueConnectionState } from '../../../core/events';
import type { Logger } from '../../../shared/logger';
import type { OandaCredentials } from '../credentials';
import { Backoff } from './backoff';
import { LineSplitter } from './line-splitter';

export interface ChunkedStreamOptions {
  readonly name: string;
  /** Origin and path (with `/v3`) of the stream; a function so that each reconnect can change its query. */
  readonly url: () => string;
  readonly credentials: OandaCredentials;
  /** No byte for this long (OANDA heartbeats every 5 s) and the stream is dead: dropped and reopened. */
  readonly silenceMs: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly logger: Logger;
  readonly onLine: (line: string) => void;
  readonly onState: (state: VenueConnectionState, reason?: string) => void;
  /** Runs after each (re)connect, before the stream's lines are read (the transaction catch-up). */
  readonly onConnected?: () => Promise<void>;
}

/**
 * One long-lived chunked HTTP stream with reconnect: silence detection through undici's body timeout (the gap
 * between two chunks), backoff from about 100 ms doubling to 5 s, so that service resumes within 5 s of the
 * venue being reachable again.
 */
export class ChunkedStream {
  private stopped = true;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private readonly dispatcher = new Agent({ keepAliveTimeout: 1000, connections: 1 });
  private readonly splitter = new LineSplitter();
  private readonly backoff: Backoff;
  /** Lines read since start, for tests and metrics. */
  linesRead = 0;
  reconnects = 0;

  constructor(private readonly options: ChunkedStreamOptions) {
    this.backoff = new Backoff(options.initialDelayMs, options.maxDelayMs);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    await this.loop;
    await this.dispatcher.close().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let first = true;
    while (!this.stopped) {
      this.options.onState(first ? 'connecting' : 'reconnecting');
      first = false;
      const reason = await this.once();
      if (this.stopped) break;
      this.reconnects++;
      this.options.onState('reconnecting', reason);
      const delay = this.backoff.delay();
      this.options.logger.warn({ stream: this.options.name, reason, delay }, 'oanda stream lost; reconnecting');
      await new Promise<void>((resolve) => setTimeout(resolve, delay));
    }
    this.options.onState('disconnected', 'stopped');
  }

  /** One connection's life; returns why it ended. */
  private async once(): Promise<string> {
    const abort = new AbortController();
    this.abort = abort;
    this.splitter.reset();
    try {
      const response = await request(this.options.url(), {
        dispatcher: this.dispatcher,
        signal: abort.signal,
        headers: { authorization: this.options.credentials.authorization(), 'accept-datetime-format': 'RFC3339' },
        headersTimeout: this.options.silenceMs,
        bodyTimeout: this.options.silenceMs,
      });
      if (response.statusCode !== 200) {
        const body = await response.body.text().catch(() => '');
        return `status ${response.statusCode}: ${body.slice(0, 200)}`;
      }
      this.backoff.reset();
      this.options.onState('connected');
      // Lines that arrive during the catch-up queue in the socket and are read after it, in order.
      if (this.options.onConnected !== undefined) await this.options.onConnected();
      for await (const chunk of response.body) {
        this.splitter.push(chunk as Buffer, (line) => {
          this.linesRead++;
          this.options.onLine(line);
        });
      }
      return 'stream ended by the venue';
    } catch (error) {
      if (this.stopped) return 'stopped';
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
}
