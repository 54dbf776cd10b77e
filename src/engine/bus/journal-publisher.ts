import { randomUUID } from 'node:crypto';

import type {
  BrokerChannel,
  BusEnvelope,
  Clock,
  EngineEvent,
  JournalStore,
  KeyValueStore,
  MessageBus,
} from '../../core';
import { silentLogger, type Logger } from '../../shared/logger';
import { journalEnvelopes, liveEnvelope } from './envelopes';

/** Events that are facts of the portfolio or alerts but not journaled: published as they happen. */
export const LIVE_EVENT_TYPES = [
  'PositionChanged',
  'PositionClosed',
  'AccountStateChanged',
  'AccountCashFlow',
  'AlertRaised',
  'SignalDecided',
] as const;
export const MARKET_DATA_TYPES = ['QuoteTick', 'TradeTick', 'OrderBookUpdate'] as const;

export interface JournalPublisherOptions {
  readonly journal: JournalStore;
  /** Where the cursor (last journal sequence the broker holds) survives a restart. */
  readonly keyValue: KeyValueStore;
  readonly channel: BrokerChannel;
  /** The in-process bus: live events come from it, and any event wakes the publisher. */
  readonly bus: MessageBus;
  readonly clock: Clock;
  /** This engine's id on the bus (envelope `origin`); stable across restarts, unique per journal. */
  readonly origin: string;
  readonly logger?: Logger;
  readonly publishMarketData?: boolean;
  readonly batchSize?: number;
  /** The journal is also polled this often, for appends that woke nobody (default 50 ms). */
  readonly pollMs?: number;
  /** Live events kept while the broker is down; beyond it the oldest are dropped and counted. */
  readonly outboxLimit?: number;
}

/**
 * Publishes the journal to the broker, in journal order, at least once: read after the cursor, publish,
 * then move and persist the cursor. A broker outage only pauses it; when the broker is back the same batch
 * goes again (consumers drop the duplicates by sequence) and publishing resumes from the journal, which stays
 * the source of truth. Live (unjournaled) events go through a bounded in-memory outbox after each journal
 * batch: they survive a broker outage, not an engine crash.
 */
export class JournalPublisher {
  private cursor = 0;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private pendingWake = false;
  private readonly outbox: BusEnvelope[] = [];
  private readonly bootId = randomUUID().slice(0, 8);
  private liveCounter = 0;
  private unsubscribe: (() => void) | undefined;
  private readonly cursorKey: string;
  private readonly logger: Logger;
  private readonly waiters: { sequence: number; resolve: () => void }[] = [];
  readonly stats = { published: 0, retries: 0, liveDropped: 0, brokerDown: false };

  constructor(private readonly options: JournalPublisherOptions) {
    this.cursorKey = `bus.publisher.cursor.${options.origin}`;
    this.logger = options.logger ?? silentLogger();
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.cursor = Number((await this.options.keyValue.get(this.cursorKey)) ?? '0');
    const live = new Set<string>([
      ...LIVE_EVENT_TYPES,
      ...(this.options.publishMarketData === true ? MARKET_DATA_TYPES : []),
    ]);
    const market = new Set<string>(MARKET_DATA_TYPES);
    this.unsubscribe = this.options.bus.subscribe('*', (event: EngineEvent) => {
      if (live.has(event.type)) this.enqueueLive(event);
      if (!market.has(event.type)) this.poke();
    });
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.poke();
    await this.loop;
  }

  /** The last journal sequence the broker is known to hold. */
  publishedThrough(): number {
    return this.cursor;
  }

  /** Resolves once the broker holds the journal through `sequence` (tests, graceful shutdown). */
  waitFor(sequence: number): Promise<void> {
    if (this.cursor >= sequence) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ sequence, resolve }));
  }

  private enqueueLive(event: EngineEvent): void {
    const limit = this.options.outboxLimit ?? 100_000;
    if (this.outbox.length >= limit) {
      this.outbox.shift();
      this.stats.liveDropped++;
    }
    this.outbox.push(
      liveEnvelope(
        this.options.origin,
        `${this.bootId}.${++this.liveCounter}`,
        event,
        this.options.clock.now(),
      ),
    );
  }

  private poke(): void {
    this.pendingWake = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private async run(): Promise<void> {
    const { journal, keyValue } = this.options;
    const batch = this.options.batchSize ?? 1000;
    while (this.running) {
      this.pendingWake = false;
      const entries = await journal.read(this.cursor, batch);
      if (entries.length > 0) {
        const envelopes = entries.flatMap((entry) => journalEnvelopes(this.options.origin, entry));
        if (!(await this.publish(envelopes))) return;
        this.cursor = (entries[entries.length - 1] as { sequence: number }).sequence;
        await keyValue.set(this.cursorKey, String(this.cursor));
        this.release();
        continue;
      }
      if (this.outbox.length > 0) {
        const live = this.outbox.splice(0, batch);
        if (!(await this.publish(live))) return;
        continue;
      }
      if (!this.pendingWake) await this.idle();
    }
  }

  /** Publishes until the broker takes it; false only when stopped meanwhile. */
  private async publish(envelopes: readonly BusEnvelope[]): Promise<boolean> {
    let attempt = 0;
    for (;;) {
      try {
        await this.options.channel.publish(envelopes);
        if (this.stats.brokerDown)
          this.logger.info({ cursor: this.cursor }, 'broker back: publishing resumed from the journal');
        this.stats.brokerDown = false;
        this.stats.published += envelopes.length;
        return true;
      } catch (error) {
        if (!this.stats.brokerDown)
          this.logger.warn(
            { err: error, code: 'STORE_BROKER_UNAVAILABLE', cursor: this.cursor },
            'broker unavailable: publishing paused',
          );
        this.stats.brokerDown = true;
        this.stats.retries++;
        if (!this.running) return false;
        await this.sleep(Math.min(2000, 50 * 2 ** Math.min(attempt++, 6)));
        if (!this.running) return false;
      }
    }
  }

  private release(): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i] as (typeof this.waiters)[number];
      if (waiter.sequence <= this.cursor) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.options.clock.setTimeout(this.options.pollMs ?? 50, () => {
        this.wake = undefined;
        resolve();
      });
      this.wake = () => {
        cancel();
        resolve();
      };
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimeout(ms, resolve));
  }
}
