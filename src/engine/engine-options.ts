import type {
  AccountId,
  Clock,
  DeadLetterStore,
  OrderHistoryStore,
  Instrument,
  InstrumentId,
  JournalStore,
  MessageBus,
  Order,
  VenueClient,
} from '../core';
import type { Logger } from '../shared/logger';
import type { EngineTimings } from './context';
import type { PortfolioLedger, RiskGate } from './ports-internal';
import type { AccountSetup } from './portfolio/types';
import type { CircuitBreakerOptions } from './resiliency/circuit-breaker';

/** What the engine needs from the composition root to build its risk engine and portfolio. */
export interface EngineHooks {
  readonly clock: Clock;
  readonly bus: MessageBus;
  readonly instrument: (instrumentId: InstrumentId) => Instrument | undefined;
  readonly openOrders: (accountId: AccountId) => Iterable<Order>;
}

export interface ExecutionEngineOptions {
  readonly clock: Clock;
  readonly journal: JournalStore;
  readonly venues: readonly VenueClient[];
  readonly portfolio: PortfolioLedger | ((hooks: EngineHooks) => PortfolioLedger);
  readonly risk: RiskGate | ((hooks: EngineHooks, portfolio: PortfolioLedger) => RiskGate);
  readonly deadLetters?: DeadLetterStore;
  /**
   * Finished orders leave memory for this store and are served from it on query (issue 9). Eviction needs
   * its synchronous reads (`sync`: SQLite); without them finished orders stay in memory as before.
   */
  readonly orderHistory?: OrderHistoryStore;
  /** Finished orders kept in memory besides the open ones (default 1,000). */
  readonly retainFinishedOrders?: number;
  readonly bus?: MessageBus;
  readonly logger?: Logger;
  /** How each account keeps its books; accounts not listed get a default from their venue's capabilities. */
  readonly accounts?: readonly AccountSetup[];
  readonly timings?: Partial<EngineTimings>;
  readonly circuitBreaker?: CircuitBreakerOptions;
  /** 'all' (default): market data for every instrument from start; 'on-demand': only what emulated orders need. */
  readonly marketData?: 'all' | 'on-demand';
  /** A snapshot is written once this many journal entries were appended since the last (default 100,000). */
  readonly snapshotEveryEntries?: number;
  /** Jitter source for backoff; injected so tests are deterministic. */
  readonly random?: () => number;
}
