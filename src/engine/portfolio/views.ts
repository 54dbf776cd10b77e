import type {
  AccountBalance,
  AccountStateChanged,
  ConversionRateSource,
  Currency,
  Decimal,
  Instrument,
  InstrumentId,
  Position,
  PositionChanged,
  PositionClosed,
  Timestamp,
  VenueName,
} from '../../core';
import { Decimal as DecimalValue, leverageOf, moneyOf, type Money } from '../../core';
import type { PerformanceView, PositionView } from '../trading-engine';
import type { AccountBook } from './account-book';
import { unrealizedInAccount } from './quote-rates';
import type { AccountSnapshot } from './types';

/**
 * Sum of per-currency amounts as one Money: in the account currency when every rate is known, else in the
 * single currency they share, else (no rate, mixed) the account-currency part only: the Money's currency
 * always says what the figure is.
 */
export function moneyIn(
  amounts: ReadonlyMap<Currency, Decimal>,
  target: Currency,
  fallback: Currency,
  rates: ConversionRateSource,
): Money {
  let total = DecimalValue.ZERO;
  let missing: Currency | undefined;
  for (const [currency, amount] of amounts) {
    const rate = currency === target ? DecimalValue.ONE : rates.rate(currency, target);
    if (rate === undefined) missing = currency;
    else total = total.add(amount.mul(rate));
  }
  if (missing === undefined) return moneyOf(total, target);
  if (amounts.size === 1) return moneyOf(amounts.get(missing) ?? DecimalValue.ZERO, missing);
  return moneyOf(total, amounts.size === 0 ? fallback : target);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The position as a PositionChanged event (also its query view: PositionView is the event without `type`).
 * Built in place rather than by spreads: it runs on every fill and every quote.
 */
export function positionChanged(position: Position, at: Timestamp): PositionChanged {
  const { settings } = position;
  const account = settings.accountCurrency;
  const quote = settings.quoteCurrency;
  const realizedAccount = position.realizedAccount();
  const unrealizedQuote = position.unrealizedQuote();
  const unrealizedAccount = unrealizedInAccount(position);
  const quantity = position.signedQuantity;
  const event: Mutable<PositionChanged> = {
    type: 'PositionChanged',
    positionId: position.id,
    accountId: settings.accountId,
    instrumentId: settings.instrumentId,
    side: quantity.isZero() ? 'flat' : quantity.isPositive() ? 'long' : 'short',
    signedQuantity: quantity,
    averagePrice: position.averagePrice(),
    realizedPnl:
      realizedAccount === undefined
        ? moneyOf(position.realizedQuote, quote)
        : moneyOf(realizedAccount, account),
    unrealizedPnl:
      unrealizedAccount === undefined ? moneyOf(unrealizedQuote, quote) : moneyOf(unrealizedAccount, account),
    commissions: moneyIn(position.commissions, account, account, settings.rates),
    financing: moneyIn(position.financing, account, account, settings.rates),
    occurredAt: position.lastChangedAt,
    recordedAt: at,
    quoteRealizedPnl: moneyOf(position.realizedQuote, quote),
    quoteUnrealizedPnl: moneyOf(unrealizedQuote, quote),
    openedAt: settings.openedAt,
  };
  if (settings.leg !== 'net') event.leg = settings.leg;
  if (position.tag !== undefined) event.tag = position.tag;
  return event;
}

export function positionView(position: Position, at: Timestamp): PositionView {
  return positionChanged(position, at);
}

export function positionClosed(
  position: Position,
  at: Timestamp,
  view: PositionView = positionView(position, at),
): PositionClosed {
  const closed: PositionClosed = {
    type: 'PositionClosed',
    positionId: view.positionId,
    accountId: view.accountId,
    instrumentId: view.instrumentId,
    realizedPnl: view.realizedPnl,
    openedAt: position.settings.openedAt,
    occurredAt: position.closedAt ?? position.lastChangedAt,
    recordedAt: at,
    side: position.direction ?? (position.settings.leg === 'short' ? 'short' : 'long'),
    peakQuantity: position.peakQuantity,
    commissions: view.commissions,
    financing: view.financing,
    quoteRealizedPnl: moneyOf(position.realizedQuote, position.settings.quoteCurrency),
  };
  return position.tag === undefined ? closed : { ...closed, tag: position.tag };
}

export function accountState(
  book: AccountBook,
  instrument: (id: InstrumentId) => Instrument | undefined,
  rates: ConversionRateSource,
  at: Timestamp,
): { state: AccountStateChanged; unrealized: Decimal; grossExposure: Decimal } {
  const figures = book.ledger.figures(book.exposures(instrument, rates), rates);
  const base = book.baseCurrency;
  const balances: AccountBalance[] = [];
  for (const [currency, total] of book.ledger.total) {
    const locked = book.ledger.locked.get(currency) ?? DecimalValue.ZERO;
    balances.push({ currency, total, free: total.sub(locked), locked });
  }
  const state: AccountStateChanged = {
    type: 'AccountStateChanged',
    accountId: book.accountId,
    baseCurrency: base,
    balances,
    equity: moneyOf(figures.equity, base),
    marginUsed: moneyOf(figures.marginUsed, base),
    marginAvailable: moneyOf(figures.marginAvailable, base),
    occurredAt: at,
    recordedAt: at,
  };
  return {
    state,
    unrealized: figures.unrealized,
    grossExposure: figures.grossExposure,
  };
}

export function accountSnapshot(
  book: AccountBook,
  venue: VenueName,
  instrument: (id: InstrumentId) => Instrument | undefined,
  rates: ConversionRateSource,
  at: Timestamp,
): AccountSnapshot {
  const { state, unrealized, grossExposure } = accountState(book, instrument, rates, at);
  const leverage = leverageOf(grossExposure, state.equity.amount);
  const { type: _type, ...rest } = state;
  return {
    accountId: book.accountId,
    venue,
    state: rest,
    leverage,
    realizedPnl: moneyIn(book.realized, book.baseCurrency, book.baseCurrency, rates),
    unrealizedPnl: moneyOf(unrealized, book.baseCurrency),
  };
}

/** Gross notional, account currency, of what is open under one tag (per lot in FIFO books). */
export function tagExposure(
  book: AccountBook,
  tag: string | undefined,
  rates: ConversionRateSource,
): Decimal {
  let total = DecimalValue.ZERO;
  for (const position of book.positions.values()) {
    if (position.isFlat() || position.mark === undefined) continue;
    const rate = rates.rate(position.settings.quoteCurrency, book.baseCurrency);
    if (rate === undefined) continue;
    if (tag === undefined) {
      total = total.add(position.signedQuantity.abs().mul(position.mark).mul(rate));
      continue;
    }
    for (const trade of position.openTrades()) {
      if (trade.tag === tag) total = total.add(trade.openQuantity.abs().mul(position.mark).mul(rate));
    }
  }
  return total;
}

export function performanceView(
  book: AccountBook,
  tag: string | undefined,
  rates: ConversionRateSource,
): PerformanceView {
  const stats = book.performance.stats(tag);
  const base = {
    accountId: book.accountId,
    trades: stats.trades,
    winRate: stats.winRate,
    maxDrawdown: moneyOf(stats.maxDrawdown, book.baseCurrency),
    exposure: moneyOf(tagExposure(book, tag, rates), book.baseCurrency),
  };
  return {
    ...base,
    ...(tag === undefined ? {} : { tag }),
    ...(stats.profitFactor === undefined ? {} : { profitFactor: stats.profitFactor }),
    ...(stats.sharpeRatio === undefined ? {} : { sharpeRatio: stats.sharpeRatio }),
  };
}
