import type { Timestamp } from '../clock';
import type { AccountId, InstrumentId } from '../identifiers';
import type { Decimal } from '../money/decimal';
import type { Money } from '../money/money';

export type PositionSide = 'long' | 'short' | 'flat';

/** A position's state after a fill or a mark-to-market. Quantities are signed: positive is long. */
export interface PositionChanged {
  readonly type: 'PositionChanged';
  readonly positionId: string;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly side: PositionSide;
  readonly signedQuantity: Decimal;
  readonly averagePrice: Decimal;
  readonly realizedPnl: Money;
  readonly unrealizedPnl: Money;
  readonly commissions: Money;
  readonly financing: Money;
  readonly occurredAt: Timestamp;
  readonly recordedAt: Timestamp;
  /** P&L in the instrument's quote currency (the Money fields above are in the account currency when a rate is known). */
  readonly quoteRealizedPnl?: Money;
  readonly quoteUnrealizedPnl?: Money;
  /** Hedging mode: which leg this position is. */
  readonly leg?: 'long' | 'short';
  readonly openedAt?: Timestamp;
  /** Tag (strategy or agent) of the order that opened the position. */
  readonly tag?: string;
}

export interface PositionClosed {
  readonly type: 'PositionClosed';
  readonly positionId: string;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly realizedPnl: Money;
  readonly openedAt: Timestamp;
  readonly occurredAt: Timestamp;
  readonly recordedAt: Timestamp;
  /** Side the position had, its largest absolute size, and its costs, for the closed-position history. */
  readonly side?: 'long' | 'short';
  readonly peakQuantity?: Decimal;
  readonly commissions?: Money;
  readonly financing?: Money;
  readonly quoteRealizedPnl?: Money;
  readonly tag?: string;
}

export interface AccountBalance {
  readonly currency: string;
  readonly total: Decimal;
  readonly free: Decimal;
  readonly locked: Decimal;
}

export interface AccountStateChanged {
  readonly type: 'AccountStateChanged';
  readonly accountId: AccountId;
  readonly baseCurrency: string;
  readonly balances: readonly AccountBalance[];
  readonly equity: Money;
  readonly marginUsed: Money;
  readonly marginAvailable: Money;
  readonly occurredAt: Timestamp;
  readonly recordedAt: Timestamp;
}

/** Money credited or debited outside a fill: financing, interest, fees, deposits. */
export interface AccountCashFlow {
  readonly type: 'AccountCashFlow';
  readonly accountId: AccountId;
  readonly instrumentId?: InstrumentId;
  readonly kind: 'financing' | 'commission' | 'fee' | 'deposit' | 'withdrawal' | 'adjustment';
  readonly amount: Money;
  /** The venue's id of the transaction, so that a replayed stream does not book it twice. */
  readonly venueTransactionId: string;
  readonly occurredAt: Timestamp;
  readonly recordedAt: Timestamp;
}

export type PortfolioEvent = PositionChanged | PositionClosed | AccountStateChanged | AccountCashFlow;
