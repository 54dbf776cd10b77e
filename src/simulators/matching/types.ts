import type {
  AccountId,
  Clock,
  Decimal,
  Instrument,
  InstrumentId,
  MarketDataEvent,
  OrderSide,
  OrderType,
  Price,
  Quantity,
  TimeInForce,
  Timestamp,
  TrailingOffset,
} from '../../core';

/**
 * Public types of the venue-agnostic matching engine. Prices and sizes are exact Decimals at the API; inside,
 * the book keeps integer tick and lot counts (fixed point, like NautilusTrader's raw int64), which are exact and
 * an order of magnitude faster to compare than Decimals.
 */

/** Fees as fractions of notional (0.001 = 10 bp), charged in the quote currency. Negative maker = rebate. */
export interface FeeSchedule {
  readonly maker: Decimal;
  readonly taker: Decimal;
}

/** How the synthetic source moves an instrument; ignored for replayed data. All sizes in instrument units. */
export interface SyntheticProfile {
  /** Starting mid price. */
  readonly initialMid: Price;
  /** Spread between best bid and best ask, in ticks (at least 1). */
  readonly spreadTicks: number;
  /** Standard deviation of the mid's move per step, in ticks. */
  readonly volatilityTicks: number;
  /** Levels per side. */
  readonly depth: number;
  /** Typical displayed size per level (each level draws between half and one and a half of it). */
  readonly levelSize: Decimal;
  /** Milliseconds between two steps of the walk. */
  readonly stepMs: number;
  /** Mean number of public trades printed per step. */
  readonly tradesPerStep: number;
}

export interface SimulatedInstrument {
  readonly instrument: Instrument;
  readonly fees: FeeSchedule;
  /** Needed by the synthetic source only. */
  readonly synthetic?: SyntheticProfile;
}

export type LatencyModel =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  /** Log-normal, the usual shape of network latency: median and the 99th percentile. */
  | { readonly kind: 'log-normal'; readonly medianMs: number; readonly p99Ms: number };

export type AccountType = 'cash' | 'margin';
export type PositionMode = 'netting' | 'hedging';

export interface SimulatedAccount {
  readonly accountId: AccountId;
  /** The currency P&L, margin and equity are expressed in (USD for an FX account, USDT for a spot account). */
  readonly baseCurrency: string;
  /** cash: spot balances, every buy paid in full; margin: FX-style positions with leverage. */
  readonly type: AccountType;
  readonly positionMode: PositionMode;
  readonly balances: readonly { readonly currency: string; readonly amount: Decimal }[];
  /** Margin accounts: the highest leverage the account allows (50 = 2% margin); the instrument's rate wins if higher. */
  readonly maxLeverage?: Decimal;
  /** Margin accounts: positions are closed out when equity falls below this fraction of margin used (OANDA: 0.5). */
  readonly closeoutFraction?: Decimal;
}

/**
 * When a trading day ends (DAY orders expire, financing is charged). Default: 17:00 New York for FX and
 * equities (21:00 or 22:00 UTC with daylight saving), 00:00 UTC for crypto. A fixed UTC minute overrides both.
 */
export interface TradingDayConfig {
  /** Minutes after midnight UTC. */
  readonly endMinuteUtc: number;
}

export interface MatchingEngineConfig {
  readonly clock: Clock;
  /** Seeds latency draws; the synthetic source has its own seed. Same seed and inputs give the same events. */
  readonly seed: number;
  readonly instruments: readonly SimulatedInstrument[];
  readonly accounts: readonly SimulatedAccount[];
  /** Delay between a command being sent and it reaching the book. Default: fixed 0. */
  readonly latency?: LatencyModel;
  /** When DAY orders expire and financing is charged; see TradingDayConfig for the defaults. */
  readonly tradingDay?: TradingDayConfig;
  /**
   * A stop or if-touched order whose trigger is already hit on arrival: 'trigger' (OANDA: it triggers at once)
   * or 'reject' with TRIGGER_ALREADY_HIT (Binance spot: "Stop price would trigger immediately"). Default 'trigger'.
   */
  readonly immediateTrigger?: 'trigger' | 'reject';
  /**
   * How much closed history the engine keeps in memory (and in snapshots): the oldest closed orders and
   * fills beyond these counts are forgotten (a venue front end may keep them in its own store, as the paper
   * venue does). Open orders are always kept. Default: 10,000 closed orders, 50,000 fills.
   */
  readonly retention?: { readonly closedOrders?: number; readonly fills?: number };
  /** Displayed size assumed for a quote tick that carries no size, in instrument units. Default: the instrument's maxQuantity or 10^9. */
  readonly quoteSizeWithoutDepth?: Decimal;
}

/** An order as the venue receives it; `clientOrderId` is the venue-side client id (unique per account). */
export interface SimOrderRequest {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly clientOrderId: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: Quantity;
  /** Limit price (limit, stop-limit, limit-if-touched); for market orders an optional worst price (price bound). */
  readonly price?: Price;
  readonly triggerPrice?: Price;
  readonly trailingOffset?: TrailingOffset;
  /** trailing-limit: the limit is worked this price distance beyond the stop once it is hit. */
  readonly limitOffset?: Decimal;
  readonly timeInForce: TimeInForce;
  readonly expireAt?: Timestamp;
  readonly postOnly?: boolean;
  readonly reduceOnly?: boolean;
  /** Iceberg: the quantity shown in the book; the rest refills behind the queue after each shown slice fills. */
  readonly displayQuantity?: Quantity;
  /** Free text kept with the order (strategy tag); never interpreted. */
  readonly tag?: string;
}

export type SimOrderStatus =
  | 'pending' // sent, not yet at the book (latency)
  | 'accepted' // resting, or waiting for its trigger
  | 'triggered' // a stop-limit / LIT whose trigger hit, now a resting limit
  | 'partially-filled'
  | 'filled'
  | 'canceled'
  | 'expired'
  | 'rejected';

/** The engine's view of one order; what every event carries (a copy, never a live reference). */
export interface SimOrder {
  /** The venue order id: a decimal integer string, increasing (Binance orderId, OANDA order id). */
  readonly orderId: string;
  readonly request: SimOrderRequest;
  readonly status: SimOrderStatus;
  /** Current quantity, price and trigger (a modify may change them). */
  readonly quantity: Quantity;
  readonly price?: Price;
  readonly triggerPrice?: Price;
  readonly filledQuantity: Quantity;
  /** Exact average fill price (scale 12, half-even), absent before the first fill. */
  readonly averagePrice?: Price;
  readonly createdAt: Timestamp;
  readonly updatedAt: Timestamp;
  /** Why the order ended, for cancels, expiries and rejections (a MatchingRejectCode or 'requested'). */
  readonly reason?: string;
}

export interface SimFill {
  /** Increasing decimal integer string, unique per engine. */
  readonly tradeId: string;
  readonly orderId: string;
  readonly clientOrderId: string;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly side: OrderSide;
  readonly quantity: Quantity;
  readonly price: Price;
  readonly liquidity: 'maker' | 'taker';
  /** Commission in `commissionCurrency` (the quote currency), exact. */
  readonly commission: Decimal;
  readonly commissionCurrency: string;
  /** Realized P&L this fill booked, in the account's base currency (margin accounts). */
  readonly realizedPnl?: Decimal;
  readonly occurredAt: Timestamp;
}

export interface SimPosition {
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  /** Netting: 'net'. Hedging: one leg per side. */
  readonly leg: 'net' | 'long' | 'short';
  /** Positive long, negative short. */
  readonly signedQuantity: Decimal;
  readonly averagePrice: Decimal;
  /** In the account's base currency, marked at the current bid (long) or ask (short). */
  readonly unrealizedPnl: Decimal;
  readonly realizedPnl: Decimal;
  readonly financing: Decimal;
}

export interface SimBalance {
  readonly currency: string;
  readonly total: Decimal;
  /** Held by open orders (cash accounts). */
  readonly locked: Decimal;
  readonly free: Decimal;
}

export interface SimAccountState {
  readonly accountId: AccountId;
  readonly baseCurrency: string;
  readonly type: AccountType;
  readonly positionMode: PositionMode;
  readonly balances: readonly SimBalance[];
  /** Margin accounts (base currency): balance + unrealized P&L, margin held by positions, equity - margin used. */
  readonly equity: Decimal;
  readonly marginUsed: Decimal;
  readonly marginAvailable: Decimal;
  readonly unrealizedPnl: Decimal;
  readonly realizedPnl: Decimal;
  readonly financing: Decimal;
  readonly commission: Decimal;
}

/** Stable reasons the engine rejects or ends an order; venue front ends map them to their own wire codes. */
export type MatchingRejectCode =
  | 'UNKNOWN_INSTRUMENT'
  | 'UNKNOWN_ACCOUNT'
  | 'INSTRUMENT_NOT_TRADING'
  | 'DUPLICATE_CLIENT_ORDER_ID'
  | 'PRICE_OFF_TICK'
  | 'QUANTITY_OFF_LOT'
  | 'QUANTITY_BELOW_MINIMUM'
  | 'QUANTITY_ABOVE_MAXIMUM'
  | 'NOTIONAL_BELOW_MINIMUM'
  | 'NOTIONAL_ABOVE_MAXIMUM'
  | 'MISSING_PRICE'
  | 'MISSING_TRIGGER'
  | 'MISSING_TRAILING_OFFSET'
  | 'INVALID_EXPIRY'
  | 'UNSUPPORTED_TIME_IN_FORCE'
  | 'INSUFFICIENT_BALANCE'
  | 'INSUFFICIENT_MARGIN'
  | 'POST_ONLY_WOULD_TAKE'
  | 'FOK_NOT_FILLABLE'
  | 'IOC_REMAINDER'
  | 'NO_LIQUIDITY'
  | 'PRICE_BOUND'
  | 'REDUCE_ONLY_WOULD_INCREASE'
  | 'TRIGGER_ALREADY_HIT'
  | 'ORDER_NOT_FOUND'
  | 'ORDER_NOT_OPEN'
  | 'MARGIN_CLOSEOUT'
  | 'INVALID_MODIFY';

export type SubmitOutcome =
  | { readonly status: 'accepted'; readonly order: SimOrder; readonly fills: readonly SimFill[] }
  | { readonly status: 'rejected'; readonly code: MatchingRejectCode; readonly reason: string };

export type CancelOutcome =
  | { readonly status: 'canceled'; readonly order: SimOrder }
  | { readonly status: 'rejected'; readonly code: MatchingRejectCode; readonly reason: string };

export type ModifyOutcome =
  | { readonly status: 'modified'; readonly order: SimOrder; readonly fills: readonly SimFill[] }
  | { readonly status: 'rejected'; readonly code: MatchingRejectCode; readonly reason: string };

/** Finds an order by venue order id, or by the account's client order id. */
export type SimOrderRef =
  | { readonly orderId: string }
  | { readonly accountId: AccountId; readonly clientOrderId: string };

export interface SimAmendment {
  readonly quantity?: Quantity;
  readonly price?: Price;
  readonly triggerPrice?: Price;
}

/**
 * A command in flight: `outcome` is set at once when the latency is zero, otherwise when the clock reaches
 * `arrivesAt` and the engine is advanced (`advanceTo`). `done` resolves with the same outcome.
 */
export interface CommandTicket<T> {
  readonly commandId: number;
  readonly arrivesAt: Timestamp;
  readonly outcome: T | undefined;
  readonly done: Promise<T>;
}

/** Everything the engine tells the outside, in order; `sequence` increases by one per event. */
export type MatchingEvent =
  | { readonly type: 'order-accepted'; readonly sequence: number; readonly at: Timestamp; readonly order: SimOrder }
  | {
      readonly type: 'order-rejected';
      readonly sequence: number;
      readonly at: Timestamp;
      readonly request: SimOrderRequest;
      readonly code: MatchingRejectCode;
      readonly reason: string;
    }
  | { readonly type: 'order-triggered'; readonly sequence: number; readonly at: Timestamp; readonly order: SimOrder }
  | { readonly type: 'order-modified'; readonly sequence: number; readonly at: Timestamp; readonly order: SimOrder }
  | { readonly type: 'order-canceled'; readonly sequence: number; readonly at: Timestamp; readonly order: SimOrder }
  | { readonly type: 'order-expired'; readonly sequence: number; readonly at: Timestamp; readonly order: SimOrder }
  | { readonly type: 'order-filled'; readonly sequence: number; readonly at: Timestamp; readonly order: SimOrder; readonly fill: SimFill }
  | {
      readonly type: 'financing';
      readonly sequence: number;
      readonly at: Timestamp;
      readonly accountId: AccountId;
      readonly instrumentId: InstrumentId;
      /** Signed, in the account's base currency. */
      readonly amount: Decimal;
    }
  | { readonly type: 'margin-closeout'; readonly sequence: number; readonly at: Timestamp; readonly accountId: AccountId }
  | { readonly type: 'account-changed'; readonly sequence: number; readonly at: Timestamp; readonly account: SimAccountState };

export type MatchingEventListener = (event: MatchingEvent) => void;

/**
 * The source of the market the engine matches against. Pull-based so that the engine interleaves market
 * events, delayed commands and expiries in exact time order.
 */
export interface PriceSource {
  readonly instrumentIds: readonly InstrumentId[];
  /** Time of the next event, or undefined when the source is exhausted. */
  peekTime(): Timestamp | undefined;
  /** The next event (time order); undefined when exhausted. */
  take(): MarketDataEvent | undefined;
  /** Everything needed to resume exactly here after a restart (JSON-safe with core serialization). */
  save(): unknown;
}

/** One price level of the book as Decimals, for views and reports. */
export interface BookLevelView {
  readonly price: Price;
  readonly quantity: Quantity;
}

export interface OrderBookView {
  readonly instrumentId: InstrumentId;
  bestBid(): Price | undefined;
  bestAsk(): Price | undefined;
  /** Top `depth` levels per side, best first. */
  levels(depth: number): { readonly bids: readonly BookLevelView[]; readonly asks: readonly BookLevelView[] };
  isCrossed(): boolean;
  /** Time of the last update applied. */
  readonly updatedAt: Timestamp;
}

export type MarketDataListener = (event: MarketDataEvent) => void;
