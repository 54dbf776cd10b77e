import type { Clock } from '../../core/clock';
import type { MarketDataEvent, VenueConnectionState } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import type { Unsubscribe } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import type { OandaCredentials } from './credentials';
import { PricingLineParser } from './parse/pricing';
import { ChunkedStream } from './stream/chunked-stream';
import { toOandaSymbol } from './symbols';

export interface DataClientOptions {
  readonly accountId: string;
  readonly streamOrigin: string;
  readonly credentials: OandaCredentials;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly silenceMs: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly onState: (state: VenueConnectionState, reason?: string) => void;
  readonly onUnrecognized: (line: string, reason: string) => void;
}

interface Subscription {
  readonly instruments: ReadonlySet<InstrumentId>;
  readonly handler: (event: MarketDataEvent) => void;
}

/**
 * The pricing stream (GET /v3/accounts/{accountID}/pricing/stream): one stream for the union of every
 * subscription's instruments, reopened when the union changes; prices are quotes for the engine's market data.
 */
export class OandaDataClient {
  private readonly subscriptions = new Set<Subscription>();
  private readonly parser = new PricingLineParser();
  private stream: ChunkedStream | undefined;
  private streamedKey = '';
  pricesApplied = 0;
  /** Lines that were not a price or a heartbeat: counted and logged, never guessed at. */
  unrecognizedLines = 0;

  constructor(private readonly options: DataClientOptions) {}

  subscribe(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    const subscription: Subscription = { instruments: new Set(instrumentIds), handler };
    this.subscriptions.add(subscription);
    this.restartIfNeeded();
    return () => {
      this.subscriptions.delete(subscription);
      this.restartIfNeeded();
    };
  }

  async stop(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    this.streamedKey = '';
    await stream?.stop();
  }

  /** Applies one pricing line (exposed for benchmarks of the parse-and-apply path). */
  applyLine(line: string): void {
    const parsed = this.parser.parse(line, this.options.clock.now());
    if (parsed.kind === 'heartbeat') return;
    if (parsed.kind === 'unrecognized') {
      this.unrecognizedLines++;
      this.options.onUnrecognized(line, parsed.reason);
      return;
    }
    this.pricesApplied++;
    for (const subscription of this.subscriptions) {
      if (subscription.instruments.has(parsed.tick.instrumentId)) subscription.handler(parsed.tick);
    }
  }

  private restartIfNeeded(): void {
    const symbols = new Set<string>();
    for (const subscription of this.subscriptions) for (const id of subscription.instruments) symbols.add(toOandaSymbol(id));
    const key = [...symbols].sort().join(',');
    if (key === this.streamedKey) return;
    const previous = this.stream;
    this.stream = undefined;
    this.streamedKey = key;
    const stopped = previous?.stop() ?? Promise.resolve();
    if (key === '') return;
    const stream = new ChunkedStream({
      name: `pricing ${key}`,
      url: () => `${this.options.streamOrigin}/v3/accounts/${encodeURIComponent(this.options.accountId)}/pricing/stream?instruments=${encodeURIComponent(key)}&snapshot=true`,
      credentials: this.options.credentials,
      silenceMs: this.options.silenceMs,
      initialDelayMs: this.options.initialDelayMs,
      maxDelayMs: this.options.maxDelayMs,
      logger: this.options.logger,
      onLine: (line) => this.applyLine(line),
      onState: this.options.onState,
    });
    this.stream = stream;
    void stopped.then(() => {
      if (this.stream === stream) stream.start();
    });
  }
}
