import type {
  AccountId,
  AccountStateChanged,
  ClientOrderId,
  DeadLetter,
  Decimal,
  EngineEvent,
  FillReport,
  Instrument,
  InstrumentId,
  MessageBus,
  Money,
  Order,
  OrderAmendment,
  OrderListId,
  OrderDenied,
  OrderRequest,
  OrderStatus,
  PositionChanged,
  PositionClosed,
  Price,
  Quantity,
  QuoteTick,
  Timestamp,
  TradeCloseOutcome,
  TradeId,
  TradeOrderChanges,
  TradingState,
  VenueName,
  VenueCapabilities,
  VenueOrderId,
  VenueTrade,
} from '../core';
import type { SubmitOptions } from './execution/submit-options';

export type { SubmitOptions };

/**
 * The engine's public face: what the HTTP API, the CLI (through the API), the orchestrator and tests drive.
 * Every state-changing call takes the actor (token id, 'cli', 'agent:<name>', 'system') for the audit log.
 * Implemented by src/engine/execution-engine.ts.
 */
export interface TradingEngine {
  readonly bus: MessageBus;

  // --- intents -------------------------------------------------------------------------------
  /** Idempotent on clientOrderId: same content returns the existing order; different content throws OMS_DUPLICATE_CLIENT_ORDER_ID. */
  submit(request: OrderRequest, actor: string, options?: SubmitOptions): Promise<SubmitOutcome>;
  /** OCO / OTO / bracket: all orders validated together; all or none accepted. */
  submitList(requests: readonly OrderRequest[], actor: string): Promise<readonly SubmitOutcome[]>;
  cancel(clientOrderId: ClientOrderId, actor: string): Promise<OrderView>;
  /** Cancels every open leg of an order list (OCO / OTO / bracket); answers each leg's view. */
  cancelList(listId: OrderListId, actor: string): Promise<readonly OrderView[]>;
  modify(clientOrderId: ClientOrderId, amendment: OrderAmendment, actor: string): Promise<OrderView>;
  cancelAll(filter: { accountId?: AccountId; instrumentId?: InstrumentId }, actor: string): Promise<number>;
  /** Reduce-only market order(s) that close `quantity` (all when absent) of the position. */
  closePosition(
    accountId: AccountId,
    instrumentId: InstrumentId,
    quantity: Quantity | undefined,
    actor: string,
  ): Promise<readonly SubmitOutcome[]>;

  // --- trades (venues that keep trades under a position: VenueClient.trades) ------------------
  openTrades(accountId: AccountId): Promise<readonly VenueTrade[]>;
  /** Stop-loss / take-profit / trailing stop the venue created on the order's fill, linked to it (OANDA *OnFill). */
  attachedOrders(clientOrderId: ClientOrderId): Promise<readonly AttachedOrderView[]>;
  /** Sets, replaces (a value) or removes (null) a trade's stop-loss / take-profit / trailing stop after its fill. */
  changeTradeOrders(
    accountId: AccountId,
    tradeId: TradeId,
    changes: TradeOrderChanges,
    actor: string,
  ): Promise<VenueTrade>;
  /** Closes one trade, all of it or `units`; FIFO-checked on US FX accounts. */
  closeTrade(accountId: AccountId, tradeId: TradeId, units: Decimal | undefined, actor: string): Promise<TradeCloseOutcome>;
  /** Closes the position with the venue's own position close (FIFO-correct on US accounts). */
  closePositionAtVenue(accountId: AccountId, instrumentId: InstrumentId, actor: string): Promise<TradeCloseOutcome>;

  // --- control -------------------------------------------------------------------------------
  /** HALTED everywhere, emulated orders removed, every open order canceled, optionally flattened. */
  killSwitch(options: KillSwitchOptions, actor: string): Promise<KillSwitchResult>;
  /** Stop (or resume) taking new intents; open orders and positions stay managed. */
  setIntake(accepting: boolean, actor: string): void;
  isAcceptingIntents(): boolean;
  setTradingState(scope: AccountId | 'global', state: TradingState, reason: string, actor: string): void;
  tradingState(scope: AccountId | 'global'): TradingState;
  setAccountEnabled(accountId: AccountId, enabled: boolean, actor: string): void;
  riskLimits(): RiskLimitsView;
  /** Validated as a whole; nothing is applied if any field is invalid. */
  updateRiskLimits(
    scope: AccountId | 'global',
    limits: Readonly<Record<string, string | number | null>>,
    actor: string,
  ): RiskLimitsView;

  // --- queries -------------------------------------------------------------------------------
  order(clientOrderId: ClientOrderId): OrderView | undefined;
  orders(filter?: OrderFilter): readonly OrderView[];
  positions(accountId?: AccountId): readonly PositionView[];
  closedPositions(accountId?: AccountId): readonly PositionClosed[];
  fills(filter?: FillFilter): readonly FillReport[];
  accounts(): readonly AccountView[];
  performance(accountId: AccountId, tag?: string): PerformanceView;
  instruments(): readonly Instrument[];
  quotes(): readonly QuoteTick[];
  reconciliation(): ReconciliationView;
  /**
   * Admin: TMT adopts the venue's view of one unresolved reconciliation item (its `key`), journaled as order
   * events. `accountId` may be left out when only one account holds the key.
   */
  acceptVenueTruth(accountId: AccountId | undefined, item: string, actor: string): Promise<VenueTruthAccepted>;
  /** Optional: journals a record of a layer above orders (algo parents); replay ignores types it does not own. */
  recordJournal?(type: string, stream: string, payload: unknown): Promise<void>;
  deadLetters(): Promise<readonly DeadLetter[]>;
  retryDeadLetter(id: string, actor: string): Promise<void>;
  discardDeadLetter(id: string, actor: string): Promise<void>;
  /** What the account's venue does natively (order types, time in force per type...): for up-front checks. */
  venueCapabilities(accountId: AccountId): VenueCapabilities | undefined;
  venueConnections(): readonly { venue: VenueName; accountId?: AccountId; state: string; since: Timestamp }[];

  // --- lifecycle -----------------------------------------------------------------------------
  start(): Promise<void>;
  /** Graceful: stop intake, settle or journal in-flight work, flush, disconnect. */
  stop(): Promise<void>;
}

export type SubmitOutcome =
  | { readonly status: 'accepted'; readonly order: OrderView; readonly existing: boolean }
  | { readonly status: 'denied'; readonly order: OrderView; readonly denial: OrderDenied };

export interface OrderView {
  readonly order: Order;
  readonly status: OrderStatus;
  /** True when the engine emulates the order (stop, MIT, trailing, contingent child) from market data. */
  readonly emulated: boolean;
}

export interface OrderFilter {
  readonly accountId?: AccountId;
  readonly instrumentId?: InstrumentId;
  readonly status?: readonly OrderStatus[];
  readonly openOnly?: boolean;
  readonly tag?: string;
  readonly limit?: number;
}

export interface FillFilter {
  readonly accountId?: AccountId;
  readonly instrumentId?: InstrumentId;
  readonly clientOrderId?: ClientOrderId;
  readonly after?: Timestamp;
  readonly limit?: number;
  readonly offset?: number;
}

export type PositionView = Omit<PositionChanged, 'type'>;

export interface AccountView {
  readonly accountId: AccountId;
  readonly venue: VenueName;
  readonly enabled: boolean;
  readonly tradingState: TradingState;
  readonly state: Omit<AccountStateChanged, 'type'>;
  readonly leverage: Decimal;
  readonly realizedPnl: Money;
  readonly unrealizedPnl: Money;
}

export interface PerformanceView {
  readonly accountId: AccountId;
  readonly tag?: string;
  readonly trades: number;
  readonly winRate: Decimal;
  /** Gross profit / gross loss; absent when there is no loss yet. */
  readonly profitFactor?: Decimal;
  readonly maxDrawdown: Money;
  readonly exposure: Money;
  /** Annualised from daily returns; absent with fewer than two days. */
  readonly sharpeRatio?: number;
}

export interface RiskLimitsView {
  readonly global: Readonly<Record<string, string | number | null>>;
  readonly accounts: Readonly<Record<string, Readonly<Record<string, string | number | null>>>>;
}

export interface ReconciliationView {
  readonly accounts: readonly {
    readonly accountId: AccountId;
    readonly state: 'reconciling' | 'reconciled' | 'unresolved';
    readonly lastRunAt?: Timestamp;
    readonly unresolved: readonly {
      readonly kind: string;
      /** What `acceptVenueTruth` takes: the order's client id, or `position:<instrument>`. */
      readonly key?: string;
      readonly description: string;
      readonly since: Timestamp;
    }[];
  }[];
}

export interface KillSwitchResult {
  readonly canceled: number;
  readonly emulatedRemoved: number;
  readonly flattenOrders: number;
  readonly failures: readonly string[];
  /**
   * Orders still open at a venue when the call returned (client ids, or venue ids for orders TMT did not
   * know): their cancels go on retrying within the venue's rate limit while HALTED holds.
   */
  readonly stillOpen?: readonly string[];
}

export interface KillSwitchOptions {
  readonly flatten: boolean;
  /** Called as cancels complete (and once per phase), for a caller that shows progress. */
  readonly onProgress?: (progress: KillSwitchProgress) => void;
  /** How long the call waits for cancels before it returns with what is still open (default 10 s). */
  readonly waitMs?: number;
}

export interface KillSwitchProgress {
  readonly phase: 'halted' | 'canceling' | 'sweeping' | 'flattening' | 'done';
  /** Orders known open at venues when the switch engaged. */
  readonly total: number;
  readonly canceled: number;
  readonly failures: number;
}

/** Events the engine keeps for the live stream and `recent events`, each with a global sequence cursor. */
export interface SequencedEvent {
  readonly cursor: number;
  readonly event: EngineEvent;
}

/** What accepting the venue's view did to one reconciliation item, for the caller and the audit trail. */
export interface VenueTruthAccepted {
  readonly accountId: AccountId;
  readonly key: string;
  readonly kind: 'position-mismatch' | 'order-missing-at-venue' | 'order-live-at-venue' | 'lookup-failed' | 'venue-unreachable';
  /** Plain words: which order was closed, which position was set to what. */
  readonly outcome: string;
  /** The engine order that carries the change (a closed order, or the adjustment that books a position). */
  readonly clientOrderId?: string;
}

/** A stop-loss, take-profit or trailing stop a venue created on a parent's fill (OANDA's *OnFill orders). */
export interface AttachedOrderView {
  readonly parentClientOrderId: ClientOrderId;
  readonly kind: 'stop-loss' | 'take-profit' | 'trailing-stop';
  /** The trade the parent's fill opened; the order protects it. */
  readonly tradeId: TradeId;
  /** The venue's id of the order (absent for a trailing stop the venue shows only as a distance). */
  readonly venueOrderId?: VenueOrderId;
  readonly triggerPrice?: Price;
  readonly trailingDistance?: string;
  /** Working at the venue: a trade's dependent orders exist only while the trade is open. */
  readonly status: 'accepted';
}
