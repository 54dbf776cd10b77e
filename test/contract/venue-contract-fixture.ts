/** What a venue's test supplies to the shared venue contract suites (venue-contract.ts and the engine-level one). */
import type { AccountId, Clock, InstrumentId, NativeListKind, Price, Quantity, Timestamp, TrailingOffset, VenueClient } from '../../src/core';
import type { MatchScope } from './engine-matches-venue';
import type { VenueTruth } from './venue-truth';

/** Hooks the suite uses to drive the venue's market; each implementation maps them to its simulator. */
export interface VenueMarketControl {
  /** The venue's current best bid and ask for the instrument. */
  quote(instrumentId: InstrumentId): Promise<{ readonly bid: Price; readonly ask: Price }>;
  /**
   * Moves the market so that the mid ends at `mid`, printing trades along the way as a real market would,
   * and resolves once the venue has applied it (resting orders crossed on the way have had their chance to fill).
   */
  movePrice(instrumentId: InstrumentId, mid: Price): Promise<void>;
  /** Lets `ms` of venue time pass (advances a manual clock, or waits on a real one). */
  advanceTime(ms: number): Promise<void>;
  /**
   * A public trade of `quantity` at `price` (sold into the bids when below them), without moving the quote:
   * a resting buy priced above it fills by at most `quantity`. The engine-level contract's partial fills use it.
   */
  printTrade?(instrumentId: InstrumentId, price: Price, quantity: Quantity): Promise<void>;
}

export interface VenueContractFixture {
  /** Connected. */
  readonly client: VenueClient;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** Valid for the instrument (lot, minimums) and affordable many times over by the account. */
  readonly quantity: Quantity;
  /** A trailing offset the venue accepts for the instrument (when it declares trailing stops). */
  readonly trailingOffset?: TrailingOffset;
  readonly market: VenueMarketControl;
  /** The venue's clock. */
  now(): Timestamp;
  /** The clock an engine over this venue must share (a manual clock the fixture advances); default the system's. */
  readonly clock?: Clock;
  /** The venue's own view of the account, read from the simulator's state, not through the adapter. */
  venueTruth?(): Promise<VenueTruth>;
  /** How the engine-level contract compares balances (currencies, the scale the venue shows them at). */
  readonly matchScope?: Pick<MatchScope, 'currencies' | 'balanceScale'>;
  /** The venue takes the next order (or order list) and its answer is lost on the way back (engine list contract). */
  loseNextOrderAnswer?(): void;
  /** The venue refuses a list whose resting limit leg would take liquidity (Binance LIMIT_MAKER legs, FXCM ORA-20112). */
  readonly refusesMarketableListLimit?: boolean;
  /**
   * Emulated list scenarios known not to hold on this venue yet, with why, by kind or 'exit-fill' (every
   * scenario where a list's exit fills): the engine list contract skips them, visibly.
   */
  readonly knownListGaps?: Partial<Record<NativeListKind | 'exit-fill', string>>;
  close(): Promise<void>;
}
