import type { AccountId } from '../identifiers';
import type { Currency } from '../money/currency';
import { Decimal } from '../money/decimal';
import type { ConversionRateSource } from './types';

/** Scale of the leverage figure (gross exposure / equity). */
export const LEVERAGE_SCALE = 4;

/** Gross exposure / equity at LEVERAGE_SCALE; zero when equity is not positive. */
export function leverageOf(grossExposure: Decimal, equity: Decimal): Decimal {
  return equity.isPositive() ? grossExposure.div(equity, LEVERAGE_SCALE, 'half-even') : Decimal.ZERO;
}

export type AccountType = 'cash' | 'margin';

/** One open position's contribution to account figures, already in the account currency. */
export interface PositionExposure {
  /** |quantity| x mark, account currency. */
  readonly notional: Decimal;
  readonly unrealized: Decimal;
  /** Fraction of notional held as margin (0.02 = 50:1); zero for cash accounts. */
  readonly marginRate: Decimal;
}

export interface AccountFigures {
  readonly equity: Decimal;
  readonly marginUsed: Decimal;
  readonly marginAvailable: Decimal;
  readonly grossExposure: Decimal;
  readonly unrealized: Decimal;
  /** Balances with no rate to the base currency, left out of a cash account's equity (and named here). */
  readonly unconvertedCurrencies: readonly Currency[];
}

/**
 * Balances of one account. A margin account keeps one balance in its base currency (realized P&L, commissions,
 * financing and transfers move it); a cash account keeps one balance per asset (a spot fill moves two).
 * `locked` is what the venue reports as held by open orders.
 */
export class AccountLedger {
  readonly total = new Map<Currency, Decimal>();
  readonly locked = new Map<Currency, Decimal>();

  constructor(
    readonly accountId: AccountId,
    readonly type: AccountType,
    readonly baseCurrency: Currency,
  ) {}

  credit(currency: Currency, amount: Decimal): void {
    this.total.set(currency, (this.total.get(currency) ?? Decimal.ZERO).add(amount));
  }

  balance(currency: Currency): Decimal {
    return this.total.get(currency) ?? Decimal.ZERO;
  }

  free(currency: Currency): Decimal {
    return this.balance(currency).sub(this.locked.get(currency) ?? Decimal.ZERO);
  }

  /** The venue's figures replace ours wholesale: what it does not list is zero. */
  replaceBalances(
    balances: readonly { readonly currency: Currency; readonly total: Decimal; readonly locked: Decimal }[],
  ): void {
    this.total.clear();
    this.locked.clear();
    for (const balance of balances) {
      this.total.set(balance.currency, balance.total);
      if (!balance.locked.isZero()) this.locked.set(balance.currency, balance.locked);
    }
  }

  /**
   * Equity, margin and gross exposure. Margin account: equity = balances + unrealized; margin used = sum of notional x
   * margin rate. Cash account: equity = every balance at its rate to the base currency; no margin.
   */
  figures(exposures: Iterable<PositionExposure>, rates: ConversionRateSource): AccountFigures {
    let gross = Decimal.ZERO;
    let unrealized = Decimal.ZERO;
    let marginUsed = Decimal.ZERO;
    for (const exposure of exposures) {
      gross = gross.add(exposure.notional);
      unrealized = unrealized.add(exposure.unrealized);
      marginUsed = marginUsed.add(exposure.notional.mul(exposure.marginRate));
    }
    // Both kinds sum their balances at their rates to the base currency (a margin account normally holds one);
    // a cash account's holdings are in its balances, so its positions add no unrealized on top.
    let equity = this.type === 'margin' ? unrealized : Decimal.ZERO;
    if (this.type === 'cash') marginUsed = Decimal.ZERO;
    const unconverted: Currency[] = [];
    for (const [currency, amount] of this.total) {
      const rate = currency === this.baseCurrency ? Decimal.ONE : rates.rate(currency, this.baseCurrency);
      if (rate === undefined) unconverted.push(currency);
      else equity = equity.add(amount.mul(rate));
    }
    return {
      equity,
      marginUsed,
      marginAvailable: equity.sub(marginUsed),
      grossExposure: gross,
      unrealized,
      unconvertedCurrencies: unconverted,
    };
  }
}
