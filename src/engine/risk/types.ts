import type { AccountId, Clock, ErrorCode, Instrument, InstrumentId, MessageBus, Order } from '../../core';
import type { Portfolio } from '../portfolio/types';

/** The answer of every pre-trade check. A denial carries everything the OrderDenied event needs. */
export type RiskDecision = RiskApproval | RiskDenial;

export interface RiskApproval {
  readonly allowed: true;
}

export interface RiskDenial {
  readonly allowed: false;
  /** A RISK_* code from core/errors/risk-errors.ts. */
  readonly code: ErrorCode;
  /** Human text: what was expected and what was found. */
  readonly reason: string;
  /** The order field at fault (`quantity`, `price`, `triggerPrice`, `expireAt`, `trailingOffset`...), when one is. */
  readonly field?: string;
  /** Exact figures as strings: always `rule`, usually `limit` and `found`, plus the inputs used. */
  readonly details: Readonly<Record<string, string>>;
}

export const ALLOWED: RiskApproval = Object.freeze({ allowed: true });

/** What risk reads from the portfolio (implemented by PortfolioService; anything shaped so in unit tests). */
export type RiskPortfolioView = Pick<
  Portfolio,
  | 'netQuantity'
  | 'legQuantity'
  | 'openTrades'
  | 'openPositionCount'
  | 'accountSetup'
  | 'accountIds'
  | 'figures'
  | 'freeBalance'
  | 'lastQuote'
  | 'rates'
  | 'positionExposures'
  | 'grossExposure'
>;

/** Who is asking: the kill switch may send reduce-only flattening orders under HALTED. */
export interface SubmitContext {
  readonly actor?: string;
  /** Set only by the kill switch for its flattening orders. */
  readonly killSwitchFlatten?: boolean;
  /** Children of an OTO / attached orders released by the engine: not throttled twice. */
  readonly skipThrottle?: boolean;
}

export interface RiskEngineDependencies {
  readonly clock: Clock;
  readonly portfolio: RiskPortfolioView;
  readonly instrument: (instrumentId: InstrumentId) => Instrument | undefined;
  /**
   * The engine's open (non-terminal) orders of an account, for max-open-orders and pending exposure. Optional:
   * without it the risk engine keeps its own index from onOrderOpened / onOrderClosed. Once attach(bus) is
   * called, neither is scanned: running totals fed by onOrderOpened / onOrderClosed and the bus's OrderFilled /
   * OrderUpdated answer in O(1) (pending-totals.ts), so every open order must then pass through those hooks.
   */
  readonly openOrders?: (accountId: AccountId) => Iterable<Order>;
  /** TradingStateChanged and risk-limit AlertRaised are published here when given. */
  readonly bus?: MessageBus;
  /** Ids for alerts; defaults to a counter. */
  readonly nextId?: () => string;
}
