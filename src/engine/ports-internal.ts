import type {
  AccountId,
  Decimal,
  ErrorCode,
  Instrument,
  InstrumentId,
  Order,
  OrderAmendment,
  OrderFilled,
  OrderRequest,
  PositionClosed,
  QuoteTick,
  TradingState,
} from '../core';
import type { AccountView, PerformanceView, PositionView, RiskLimitsView } from './trading-engine';

/**
 * What the execution engine needs from the risk engine and from the portfolio. The risk and portfolio
 * services (src/engine/risk, src/engine/portfolio) are adapted to these small interfaces in
 * src/engine/composition.ts, so that the execution engine depends on the verbs it uses and nothing more.
 */

export type RiskVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly code: ErrorCode;
      readonly reason: string;
      /** The numbers that broke the rule, as exact strings. */
      readonly details: Readonly<Record<string, string>>;
    };

export interface SubmitCheckContext {
  readonly instrument: Instrument;
  /** Orders the kill switch sends to flatten: allowed under HALTED, and only if they reduce. */
  readonly killSwitchFlatten?: boolean;
}

export interface RiskGate {
  checkSubmit(request: OrderRequest, context: SubmitCheckContext): RiskVerdict;
  checkModify(order: Order, amendment: OrderAmendment, instrument: Instrument): RiskVerdict;
  /** The effective state for an account: the stricter of its own and the global state. */
  effectiveState(accountId: AccountId): TradingState;
  tradingState(scope: AccountId | 'global'): TradingState;
  /** Returns the previous state. Publishing and journaling the change is the caller's job. */
  setTradingState(scope: AccountId | 'global', state: TradingState, reason: string): TradingState;
  /** An order became open or closed: keeps open-order counts right. */
  onOrderOpened?(order: Order): void;
  onOrderClosed?(order: Order): void;
  limits(): RiskLimitsView;
  updateLimits(scope: AccountId | 'global', limits: Readonly<Record<string, string | number | null>>): RiskLimitsView;
}

export interface PortfolioLedger {
  applyFill(fill: OrderFilled, instrument: Instrument): void;
  onQuote(tick: QuoteTick): void;
  /** Signed net quantity (positive long) of an account in an instrument. */
  netQuantity(accountId: AccountId, instrumentId: InstrumentId): Decimal;
  positions(accountId?: AccountId): readonly PositionView[];
  closedPositions(accountId?: AccountId): readonly PositionClosed[];
  accounts(): readonly AccountView[];
  performance(accountId: AccountId, tag?: string): PerformanceView;
  /** Opaque state for engine snapshots; restore() takes what snapshot() gave. */
  snapshot?(): unknown;
  restore?(state: unknown): void;
}
