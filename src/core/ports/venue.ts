import type { Timestamp } from '../clock';
import type { MarketDataEvent, VenueConnectionChanged } from '../events';
import type {
  AccountId,
  InstrumentId,
  VenueClientIdRule,
  VenueClientOrderId,
  VenueName,
  VenueOrderId,
} from '../identifiers';
import type { Instrument } from '../instruments';
import type { VenueTradeOperations } from './trades';
import type { ListSubmitResult, NativeListKind, VenueListSubmission } from './venue-lists';
import type { OrderAmendment, OrderRequest, OrderType, TimeInForce, ContingencyType } from '../orders/types';
import type {
  AccountReport,
  FillReport,
  OrderStatusReport,
  PositionStatusReport,
  VenueReport,
} from '../reports';
import type { CompanionWrite } from './store';

/** What a venue does natively. Whatever is missing, the engine emulates from market data or refuses. */
export interface VenueCapabilities {
  readonly orderTypes: readonly OrderType[];
  /** Time-in-force values allowed per order type (OANDA: market only FOK/IOC). */
  readonly timeInForce: Readonly<Partial<Record<OrderType, readonly TimeInForce[]>>>;
  readonly postOnly: boolean;
  readonly reduceOnly: boolean;
  readonly iceberg: boolean;
  /** 'native': amend in place; 'cancel-replace': the venue's own atomic cancel-replace; 'none': engine does cancel then new. */
  readonly modify: 'native' | 'cancel-replace' | 'none';
  /** Stop-loss / take-profit / trailing stop attached to a fill natively (OANDA *OnFill). */
  readonly attachedOrders: boolean;
  readonly orderLists: readonly ContingencyType[];
  /**
   * The lists the venue holds as one through `submitList` (absent: none). A list of another kind, or on a
   * venue without `submitList`, is run by the engine's contingency manager, leg by leg.
   */
  readonly nativeLists?: readonly NativeListKind[];
  /**
   * The venue can let an order work outside regular trading hours when the order asks (IBKR's outsideRth).
   * Absent: the engine refuses `outsideRth: true` rather than let a venue ignore it.
   */
  readonly outsideRegularHours?: boolean;
  readonly cancelAll: boolean;
  /** The venue keeps positions (FX, margin) rather than only balances (spot). */
  readonly positions: boolean;
  readonly hedging: boolean;
  readonly quoteQuantityMarket: boolean;
  readonly clientOrderId: VenueClientIdRule;
  /**
   * The trailing-offset kinds the venue's trailing stops take natively (absent: any). A trailing stop in
   * another kind is emulated by the engine (Binance trails in basis points only, never by a price distance).
   */
  readonly trailingOffsetKinds?: readonly ('price' | 'basis-points')[];
}

/** The parts of an order the adapter sends, with the venue-side client id already derived. */
export interface VenueOrderSubmission {
  readonly request: OrderRequest;
  readonly venueClientOrderId: VenueClientOrderId;
}

/**
 * The answer to a submit. A transport failure after sending is never a rejection: the adapter throws a
 * TmtError with code VENUE_TIMEOUT or VENUE_OUTCOME_UNKNOWN, and the engine settles it by a lookup.
 */
export type SubmitResult =
  | {
      readonly status: 'accepted';
      readonly venueOrderId: VenueOrderId;
      /** Immediate fills and the resulting status, when the venue's answer carries them. */
      readonly report?: OrderStatusReport;
      readonly fills?: readonly FillReport[];
    }
  | { readonly status: 'rejected'; readonly code: string; readonly reason: string; readonly venueReason: string };

export interface CancelRequest {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly venueClientOrderId: VenueClientOrderId;
  readonly venueOrderId?: VenueOrderId;
}

export type CancelResult =
  | { readonly status: 'canceled'; readonly report?: OrderStatusReport }
  | { readonly status: 'rejected'; readonly code: string; readonly reason: string; readonly venueReason: string };

export interface ModifyRequest extends CancelRequest {
  readonly amendment: OrderAmendment;
  /** The order as it will be after the change (for venues that replace rather than amend). */
  readonly replacement: OrderRequest;
  /** The client id the replacement order gets on venues that replace. */
  readonly replacementVenueClientOrderId: VenueClientOrderId;
}

export type ModifyResult =
  | {
      readonly status: 'modified';
      readonly venueOrderId: VenueOrderId;
      /**
       * The client id of the order now working at the venue, when the adapter knows it. One venue may amend in
       * place (the id stays) or replace (the replacement's id), depending on the change; the engine follows this.
       * Absent: the id the venue's declared modify style implies.
       */
      readonly venueClientOrderId?: VenueClientOrderId;
      readonly report?: OrderStatusReport;
    }
  | { readonly status: 'rejected'; readonly code: string; readonly reason: string; readonly venueReason: string };

export type OrderLookup =
  | { readonly accountId: AccountId; readonly instrumentId?: InstrumentId; readonly venueClientOrderId: VenueClientOrderId }
  | { readonly accountId: AccountId; readonly instrumentId?: InstrumentId; readonly venueOrderId: VenueOrderId };

export type Unsubscribe = () => void;

/**
 * The venue port: the one interface the engine trades through. Every implementation (paper, OANDA, Binance,
 * ...) runs the shared contract suite in test/contract/venue-contract.ts.
 */
export interface VenueClient {
  readonly venue: VenueName;
  readonly capabilities: VenueCapabilities;
  /** Accounts this client trades. */
  readonly accountIds: readonly AccountId[];

  connect(): Promise<void>;
  disconnect(): Promise<void>;

  instruments(): Promise<readonly Instrument[]>;

  submit(order: VenueOrderSubmission): Promise<SubmitResult>;
  cancel(request: CancelRequest): Promise<CancelResult>;
  modify(request: ModifyRequest): Promise<ModifyResult>;
  /**
   * Optional batch cancel: every open order of the account on one instrument in one venue request (Binance
   * DELETE /api/v3/openOrders, the paper venue's cancel-all). Returns the orders it canceled; an instrument
   * with nothing open gives []. The kill switch uses it where present (capabilities.cancelAll).
   */
  cancelAllOrders?(accountId: AccountId, instrumentId: InstrumentId): Promise<readonly OrderStatusReport[]>;
  /**
   * Optional native order list (Binance orderList/oco|oto|otoco, FXCM NewOrderList, IBKR parentId/transmit,
   * an entry with its bracket attached): every leg in one venue request, each under its own venue client id.
   * Used for the kinds declared in capabilities.nativeLists.
   */
  submitList?(list: VenueListSubmission): Promise<ListSubmitResult>;
  /** Trade-level operations, on venues that keep trades under a position (OANDA). */
  readonly trades?: VenueTradeOperations;

  /** The order's current state at the venue, or undefined when the venue has never seen it. */
  orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined>;
  openOrders(accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]>;
  /** Fills at or after a time (inclusive), oldest first. */
  fillsSince(accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]>;
  positions(accountId: AccountId): Promise<readonly PositionStatusReport[]>;
  account(accountId: AccountId): Promise<AccountReport>;

  /** The execution report stream: order updates, fills, balances, gaps. */
  onReport(handler: (report: VenueReport) => void): Unsubscribe;
  onConnection(handler: (event: VenueConnectionChanged) => void): Unsubscribe;
  subscribeMarketData(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe;
  /**
   * Optional, for an in-process venue with its own store (the paper venue): the engine lends its group
   * commit, so the venue's durable write of a command rides the same commit as the journal records made in
   * the same run (see CommitGroup). Remote venues leave it out.
   */
  joinCommitGroup?(group: CommitGroup): void;
}

/**
 * The engine's group commit as lent to an in-process venue. `join` runs the write inside the journal's
 * next transaction, before its COMMIT, and resolves once that commit is durable: a write on another file
 * is therefore durable no later than the journal records of the same group (a crash in between leaves the
 * venue ahead of the journal, which reconciliation settles, never the journal ahead of the venue).
 */
export interface CommitGroup {
  join(write: CompanionWrite): Promise<void>;
}
