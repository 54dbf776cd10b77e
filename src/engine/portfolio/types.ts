import type {
  AccountId,
  AccountReport,
  CashFlowReport,
  ClosedTrade,
  ConversionRateSource,
  CostBasis,
  Currency,
  Decimal,
  FillOutcome,
  Instrument,
  InstrumentId,
  OpenTrade,
  PerformanceState,
  PositionClosed,
  PositionFill,
  PositionLeg,
  PositionMode,
  PositionState,
  QuoteTick,
  Timestamp,
  VenueName,
} from '../../core';
import type { AccountView, PerformanceView, PositionView } from '../trading-engine';

/** How one account keeps its books: set once when the engine learns of the account (config or venue report). */
export interface AccountSetup {
  readonly accountId: AccountId;
  readonly venue: VenueName;
  /** 'cash': balances per asset, no leverage (crypto spot). 'margin': one balance in the base currency (FX). */
  readonly type: 'cash' | 'margin';
  /** The account (home) currency: P&L, equity and margin are reported in it. */
  readonly baseCurrency: Currency | string;
  readonly positionMode: PositionMode;
  readonly costBasis: CostBasis;
  /** Opening balances; a venue AccountReport replaces them later. */
  readonly balances?: readonly { readonly currency: string; readonly total: Decimal }[];
  /** When the trading day ends for performance (daily returns): 'America/New_York' 17:00 for FX, UTC 00:00 for crypto. */
  readonly tradingDay?: { readonly timeZone: string; readonly endsAt: string };
}

export interface PositionExposureView {
  readonly instrumentId: InstrumentId;
  readonly signedQuantity: Decimal;
  /** Undefined when there is no mark or no rate to the account currency yet. */
  readonly notional: Decimal | undefined;
}

export interface AccountFiguresView {
  readonly baseCurrency: Currency;
  readonly equity: Decimal;
  readonly marginAvailable: Decimal;
  readonly grossExposure: Decimal;
}

/** AccountView minus what the execution engine itself owns (enabled flag, trading state). */
export type AccountSnapshot = Omit<AccountView, 'enabled' | 'tradingState'>;

/**
 * The live portfolio the execution engine feeds. Synchronous, single-threaded, allocation-light on the fill path.
 * Every state change is published on the MessageBus (PositionChanged, PositionClosed, AccountStateChanged).
 */
export interface Portfolio {
  registerAccount(setup: AccountSetup): void;
  hasAccount(accountId: AccountId): boolean;

  /**
   * Books one execution: position, lots, realized P&L, commission, cash. Idempotent on (account, tradeId):
   * a repeated fill returns status 'duplicate' and changes nothing. Throws TmtError OMS_UNKNOWN... never: an
   * unregistered account or instrument throws a plain Error (a wiring fault, not a venue fact).
   */
  applyFill(fill: PositionFill): FillOutcome;
  /** Marks every position in the quote's instrument to market (long at bid, short at ask) and updates rates. */
  onQuote(quote: QuoteTick): void;
  /** Financing, fees, deposits...: idempotent on venueTransactionId. */
  applyCashFlow(flow: CashFlowReport): 'applied' | 'duplicate';
  /** The venue's balances win: replaces the engine's balance figures (equity is then recomputed with local marks). */
  applyAccountReport(report: AccountReport): void;
  /** The books as of now, for the engine snapshot (optional: without it a start books every fill again). */
  captureState?(): PortfolioSnapshotState;
  /** Restores captureState()'s books; false when it cannot (nothing changed, the fills are booked instead). */
  restoreState?(state: PortfolioSnapshotState): boolean;

  // --- queries (all cheap; the TradingEngine views map 1:1) ------------------------------------
  /** Signed net quantity (hedging: long leg minus short leg); zero when flat or unknown. */
  netQuantity(accountId: AccountId, instrumentId: InstrumentId): Decimal;
  /** Quantity of one leg (hedging) or of the net position (netting), signed. */
  legQuantity(accountId: AccountId, instrumentId: InstrumentId, leg: 'long' | 'short'): Decimal;
  /** Open trades oldest first (FIFO order): what planFifoReduction and the FIFO rule work from. */
  openTrades(accountId: AccountId, instrumentId: InstrumentId): readonly OpenTrade[];
  position(accountId: AccountId, instrumentId: InstrumentId): PositionView | undefined;
  positions(accountId?: AccountId): readonly PositionView[];
  /** Open positions of an account as (instrument, signed quantity); hedging legs come separately. */
  positionQuantities(accountId: AccountId): Iterable<readonly [InstrumentId, Decimal]>;
  /** Open positions with their absolute notional (|quantity| x mark) in the account currency. */
  positionExposures(accountId: AccountId): Iterable<PositionExposureView>;
  /** Sum of positionExposures' notionals: the account's gross exposure, account currency. */
  grossExposure(accountId: AccountId): Decimal;
  /** The account's set-up as registered (type, mode, currency), for risk. */
  accountSetup(accountId: AccountId): AccountSetup | undefined;
  accountIds(): Iterable<AccountId>;
  /** Equity, margin available and gross exposure in the account currency, without building a full snapshot. */
  figures(accountId: AccountId): AccountFiguresView | undefined;
  /** Free balance of one currency (total minus venue-reported locked). */
  freeBalance(accountId: AccountId, currency: string): Decimal;
  /** Number of non-flat positions (legs count separately in hedging mode). */
  openPositionCount(accountId: AccountId): number;
  closedPositions(accountId?: AccountId): readonly PositionClosed[];
  closedTrades(accountId?: AccountId): readonly ClosedTrade[];
  account(accountId: AccountId): AccountSnapshot | undefined;
  accounts(): readonly AccountSnapshot[];
  performance(accountId: AccountId, tag?: string): PerformanceView;
  lastQuote(instrumentId: InstrumentId): QuoteTick | undefined;
  /** Rates from the latest quotes (direct, inverse, or through USD). */
  readonly rates: ConversionRateSource;
  instrument(instrumentId: InstrumentId): Instrument | undefined;
}

export interface PositionSnapshot {
  readonly key: string;
  readonly id: string;
  readonly instrumentId: InstrumentId;
  readonly quoteCurrency: Currency;
  readonly leg: PositionLeg;
  readonly openedAt: Timestamp;
  readonly state: PositionState;
}

/** One account's books as plain exact values, taken in one tick. */
export interface AccountBookSnapshot {
  readonly setup: AccountSetup;
  readonly positions: readonly PositionSnapshot[];
  readonly closed: readonly PositionClosed[];
  readonly closedTrades: readonly ClosedTrade[];
  /** Every booked trade id, in booking order (a replayed duplicate is ignored after a restart too). */
  readonly tradeIds: readonly string[];
  readonly cashFlowIds: ReadonlySet<string>;
  readonly realized: ReadonlyMap<Currency, Decimal>;
  /** Absent while no venue balance report was applied (JSON has no -Infinity). */
  readonly balancesAsOf?: Timestamp;
  readonly total: ReadonlyMap<Currency, Decimal>;
  readonly locked: ReadonlyMap<Currency, Decimal>;
  readonly performance: PerformanceState;
  readonly cycle: number;
  readonly provisional: boolean;
  readonly history: readonly (PositionFill | CashFlowReport)[];
}

/**
 * The portfolio inside an engine snapshot: with it a start-up restores positions, P&L, balances and
 * performance as they were at the snapshot's sequence, instead of booking every historical fill again (and the
 * tail's fills are then booked in journal order, as they were live).
 */
export interface PortfolioSnapshotState {
  readonly version: number;
  readonly accounts: readonly AccountBookSnapshot[];
}
