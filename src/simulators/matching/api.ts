/** The matching engine's interface; see index.ts for how simulators use it. */
import type { Clock, Instrument, InstrumentId, MarketDataEvent, Timestamp, AccountId } from '../../core';
import type {
  CancelOutcome,
  CommandTicket,
  MarketDataListener,
  MatchingEventListener,
  ModifyOutcome,
  OrderBookView,
  PriceSource,
  SimAccountState,
  SimAmendment,
  SimFill,
  SimOrder,
  SimOrderRef,
  SimOrderRequest,
  SimPosition,
  SubmitOutcome,
} from './types';

/** The engine's full state, JSON-safe through core's `encodeExact`/`decodeExact` (Decimals kept exact). */
export interface MatchingSnapshot {
  readonly version: 1;
  readonly savedAt: Timestamp;
  /** Internal parts; treat as opaque. */
  readonly state: unknown;
  /** The attached sources' `save()` states, in attach order: pass each back as `state` when re-creating it. */
  readonly sources: readonly unknown[];
}

export interface MatchingEngine {
  readonly clock: Clock;
  instruments(): readonly Instrument[];
  instrument(instrumentId: InstrumentId): Instrument | undefined;
  book(instrumentId: InstrumentId): OrderBookView | undefined;

  /** The market to match against; one source may cover several instruments; several sources may be attached. */
  attachSource(source: PriceSource): void;
  /**
   * Applies, in time order, every source event, delayed command and expiry due at or before `time`
   * (ties: market data first, then commands by send order, then expiries). Call it from a clock timer.
   */
  advanceTo(time: Timestamp): void;
  /** The time the engine has processed everything up to (market data, commands, expiries). */
  processedUntil(): Timestamp;
  /** Feeds one market data event directly (scripted tests; simulators that own their feed). */
  applyMarketData(event: MarketDataEvent): void;

  submit(request: SimOrderRequest): CommandTicket<SubmitOutcome>;
  cancel(ref: SimOrderRef): CommandTicket<CancelOutcome>;
  modify(ref: SimOrderRef, amendment: SimAmendment): CommandTicket<ModifyOutcome>;
  /** Cancels every open order of the account (optionally one instrument); the outcome lists what was canceled. */
  cancelAll(accountId: AccountId, instrumentId?: InstrumentId): CommandTicket<readonly SimOrder[]>;

  order(ref: SimOrderRef): SimOrder | undefined;
  openOrders(accountId: AccountId, instrumentId?: InstrumentId): readonly SimOrder[];
  /** Fills at or after `since` (inclusive), oldest first. */
  fills(accountId: AccountId, since?: Timestamp): readonly SimFill[];
  positions(accountId: AccountId): readonly SimPosition[];
  account(accountId: AccountId): SimAccountState;
  /** The account's type alone: what a per-fill decision needs, without building the whole state. */
  accountType(accountId: AccountId): SimAccountState['type'];

  /** Every event, synchronously, in sequence order. Returns an unsubscribe function. */
  onEvent(listener: MatchingEventListener): () => void;
  /** Every market data event applied to the books (for a venue's market data stream). */
  onMarketData(listener: MarketDataListener): () => void;

  /** Books, orders, queues, accounts, fills, counters and attached sources' states (a deep copy). */
  save(): MatchingSnapshot;
  /**
   * The same snapshot as `encodeExact` text, in one pass (no copy): what a venue writes to its store. Pass the
   * text back to `createMatchingEngine` to resume; decode it (`decodeExact`) to read the `sources` states.
   */
  saveEncoded(): string;
}

