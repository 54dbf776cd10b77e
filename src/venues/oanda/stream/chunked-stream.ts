import { Agent, request } from 'undici';

import type { Clock } from '../../../core/clock';
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
  /**
   * When given, silence and reconnect delays are judged on this clock (a watchdog instead of undici's body
   * timeout, a clock timer instead of setTimeout), so that a test's manual clock decides them and a slow event
   * loop does not. Without it, undici's timers and the process clock (the pricing streams).
   */
  readonly clock?: Clock;
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
  /** Ends the current reconnect delay early (the venue answered a request: it is reachable again). */
  private wakeUp: (() => void) | undefined;

  constructor(private readonly options: ChunkedStreamOptions) {
    this.backoff = new Backoff(options.initialDelayMs, options.maxDelayMs);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = this.run();
  }

  /**
   * The venue is known to be reachable (a REST request just succeeded): a stream waiting out its reconnect
   * delay tries now, so that the connection status follows the venue rather than the backoff (issue 15 item 18).
   */
  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
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
      await this.sleep(delay);
    }
    this.options.onState('disconnected', 'stopped');
  }

  private sleep(delay: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.wakeUp = undefined;
        cancel();
        resolve();
      };
      const { clock } = this.options;
      let cancel: () => void;
      if (clock === undefined) {
        const timer = setTimeout(done, delay);
        cancel = () => clearTimeout(timer);
      } else {
        cancel = clock.setTimeout(delay, done);
      }
      this.wakeUp = done;
    });
  }

  /** On the injected clock: aborts the connection once no byte has come for `silenceMs`. */
  private watch(abort: AbortController): { touch(): void; stop(): void; fired(): string | undefined } {
    const { clock, silenceMs } = this.options;
    if (clock === undefined) return { touch: () => undefined, stop: () => undefined, fired: () => undefined };
    let last = clock.now();
    let reason: string | undefined;
    let cancel = (): void => undefined;
    const check = (): void => {
      const quiet = clock.now() - last;
      if (quiet >= silenceMs) {
        reason = `Timeout: no byte for ${quiet} ms (silence limit ${silenceMs} ms)`;
        abort.abort();
        return;
      }
      cancel = clock.setTimeout(silenceMs - quiet, check);
    };
    cancel = clock.setTimeout(silenceMs, check);
    return {
      touch: () => {
        last = clock.now();
      },
      stop: () => cancel(),
      fired: () => reason,
    };
  }

  /** One connection's life; returns why it ended. */
  private async once(): Promise<string> {
    const abort = new AbortController();
    this.abort = abort;
    this.splitter.reset();
    const watchdog = this.watch(abort);
    // With the clock's watchdog, undici's own timers are off (0): the watchdog is the one judge of silence.
    const timeout = this.options.clock === undefined ? this.options.silenceMs : 0;
    try {
      const response = await request(this.options.url(), {
        dispatcher: this.dispatcher,
        signal: abort.signal,
        headers: { authorization: this.options.credentials.authorization(), 'accept-datetime-format': 'RFC3339' },
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      watchdog.touch();
      if (response.statusCode !== 200) {
        const body = await response.body.text().catch(() => '');
        return `status ${response.statusCode}: ${body.slice(0, 200)}`;
      }
      this.backoff.reset();
      this.options.onState('connected');
      // Lines that arrive during the catch-up queue in the socket and are read after it, in order.
      if (this.options.onConnected !== undefined) await this.options.onConnected();
      for await (const chunk of response.body) {
        watchdog.touch();
        this.splitter.push(chunk as Buffer, (line) => {
          this.linesRead++;
          this.options.onLine(line);
        });
      }
      return 'stream ended by the venue';
    } catch (error) {
      if (this.stopped) return 'stopped';
      const silent = watchdog.fired();
      if (silent !== undefined) return silent;
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    } finally {
      watchdog.stop();
    }
  }
}
