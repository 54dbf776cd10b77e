import type { Clock } from '../../core/clock';
import type { MarketDataEvent, QuoteHomeConversion, QuoteTick, VenueConnectionState } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import type { Unsubscribe } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import type { OandaCredentials } from './credentials';
import { PricingLineParser } from './parse/pricing';
import { ChunkedStream } from './stream/chunked-stream';
import { toOandaSymbol } from './symbols';

/** An account the pricing stream can run under; `currency` (its home currency) is known once summarized. */
export interface PricingAccount {
  readonly accountId: string;
  readonly currency?: string;
}

export interface DataClientOptions {
  /** The account to stream under while no `accounts` are known. */
  readonly accountId: string;
  /** Every configured account: one stream runs per distinct home currency (see OandaDataClient). */
  readonly accounts?: () => readonly PricingAccount[];
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
 * The pricing stream (GET /v3/accounts/{accountID}/pricing/stream): the union of every subscription's
 * instruments, reopened when the union changes; prices are quotes for the engine's market data.
 * Prices are the same for every account of a token, but quoteHomeConversionFactors convert into the streaming
 * account's home currency: so one stream runs per distinct home currency among the configured accounts. The
 * first account's stream emits the quotes; the others only contribute their factors, which ride on the next
 * quote of the instrument (no quote is delivered twice).
 */
export class OandaDataClient {
  private readonly subscriptions = new Set<Subscription>();
  private readonly parser = new PricingLineParser();
  private readonly streams = new Map<string, ChunkedStream>();
  private streamedKey = '';
  /** Latest factors of the secondary streams: instrument symbol -> home currency -> factors. */
  private readonly otherFactors = new Map<string, Map<string, QuoteHomeConversion>>();
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
    const streams = [...this.streams.values()];
    this.streams.clear();
    this.streamedKey = '';
    await Promise.all(streams.map((stream) => stream.stop()));
  }

  /** The accounts' home currencies became known (after connect): streams are regrouped if that changes them. */
  accountsChanged(): void {
    this.restartIfNeeded();
  }

  /** Open pricing streams by the account they run under (for tests). */
  get streamingAccounts(): readonly string[] {
    return [...this.streams.keys()];
  }

  /**
   * Applies one pricing line (exposed for benchmarks of the parse-and-apply path). `homeCurrency` is the
   * streaming account's; a secondary stream's line only records its conversion factors.
   */
  applyLine(line: string, homeCurrency?: string, primary = true): void {
    const parsed = this.parser.parse(line, this.options.clock.now(), homeCurrency);
    if (parsed.kind === 'heartbeat') return;
    if (parsed.kind === 'unrecognized') {
      this.unrecognizedLines++;
      this.options.onUnrecognized(line, parsed.reason);
      return;
    }
    if (!primary) {
      this.recordFactors(parsed.tick);
      return;
    }
    this.pricesApplied++;
    const tick = this.otherFactors.size === 0 ? parsed.tick : this.withOtherFactors(parsed.tick);
    for (const subscription of this.subscriptions) {
      if (subscription.instruments.has(tick.instrumentId)) subscription.handler(tick);
    }
  }

  private recordFactors(tick: QuoteTick): void {
    const factors = tick.homeConversions?.[0];
    if (factors === undefined) return;
    let byCurrency = this.otherFactors.get(tick.instrumentId);
    if (byCurrency === undefined) {
      byCurrency = new Map();
      this.otherFactors.set(tick.instrumentId, byCurrency);
    }
    byCurrency.set(factors.currency, factors);
  }

  private withOtherFactors(tick: QuoteTick): QuoteTick {
    const others = this.otherFactors.get(tick.instrumentId);
    if (others === undefined) return tick;
    const own = tick.homeConversions ?? [];
    const merged = [...own, ...[...others.values()].filter((o) => !own.some((f) => f.currency === o.currency))];
    return { ...tick, homeConversions: merged };
  }

  /** One account per distinct home currency, the first configured account first (it emits the quotes). */
  private streamAccounts(): PricingAccount[] {
    const accounts = this.options.accounts?.() ?? [];
    if (accounts.length === 0) return [{ accountId: this.options.accountId }];
    const out: PricingAccount[] = [];
    const seen = new Set<string>();
    for (const account of accounts) {
      // Before its summary an account's currency is unknown: it shares the first account's stream until then.
      const group = account.currency ?? (accounts[0]?.currency ?? '?');
      if (seen.has(group)) continue;
      seen.add(group);
      out.push(account);
    }
    return out;
  }

  private restartIfNeeded(): void {
    const symbols = new Set<string>();
    for (const subscription of this.subscriptions) for (const id of subscription.instruments) symbols.add(toOandaSymbol(id));
    const instruments = [...symbols].sort().join(',');
    const accounts = instruments === '' ? [] : this.streamAccounts();
    const key = `${instruments}|${accounts.map((a) => `${a.accountId}:${a.currency ?? ''}`).join(',')}`;
    if (key === this.streamedKey) return;
    const previous = [...this.streams.values()];
    this.streams.clear();
    this.otherFactors.clear();
    this.streamedKey = key;
    const stopped = Promise.all(previous.map((stream) => stream.stop()));
    accounts.forEach((account, index) => this.openStream(account, instruments, index === 0, stopped));
  }

  private openStream(account: PricingAccount, key: string, primary: boolean, stopped: Promise<unknown>): void {
    const stream = new ChunkedStream({
      name: `pricing ${account.accountId} ${key}`,
      url: () => `${this.options.streamOrigin}/v3/accounts/${encodeURIComponent(account.accountId)}/pricing/stream?instruments=${encodeURIComponent(key)}&snapshot=true`,
      credentials: this.options.credentials,
      silenceMs: this.options.silenceMs,
      initialDelayMs: this.options.initialDelayMs,
      maxDelayMs: this.options.maxDelayMs,
      logger: this.options.logger,
      onLine: (line) => this.applyLine(line, account.currency, primary),
      onState: this.options.onState,
    });
    this.streams.set(account.accountId, stream);
    void stopped.then(() => {
      if (this.streams.get(account.accountId) === stream) stream.start();
    });
  }
}
