import type {
  AccountId,
  CashFlowReport,
  ClosedTrade,
  ConversionRateSource,
  Currency,
  Instrument,
  InstrumentId,
  PositionClosed,
  PositionFill,
  PositionExposure,
  Timestamp,
} from '../../core';
import {
  AccountLedger,
  Currency as CurrencyCodec,
  CRYPTO_TRADING_DAY,
  Decimal,
  FX_TRADING_DAY,
  PerformanceTracker,
  Position,
  TradingCalendar,
} from '../../core';
import { unrealizedInAccount } from './quote-rates';
import type { AccountSetup } from './types';

export type PositionKey = string;

/**
 * Realized pieces (closed OANDA trades) kept for queries. Performance does not need them (it keeps running
 * totals) and the journal holds every fill, so memory stays bounded on a long-running engine.
 */
export const MAX_CLOSED_TRADES = 10_000;

/** Netting keys by instrument; hedging by instrument and leg. */
export function positionKey(instrumentId: InstrumentId, leg: 'net' | 'long' | 'short'): PositionKey {
  return leg === 'net' ? instrumentId : `${instrumentId}#${leg}`;
}

/** Everything the portfolio keeps for one account. */
export class AccountBook {
  readonly accountId: AccountId;
  readonly baseCurrency: Currency;
  readonly ledger: AccountLedger;
  readonly performance: PerformanceTracker;
  readonly positions = new Map<PositionKey, Position>();
  readonly closed: PositionClosed[] = [];
  readonly closedTrades: ClosedTrade[] = [];
  readonly tradeIds = new Set<string>();
  /**
   * The same ids in booking order (add through bookTradeId): a snapshot copies this array of references in
   * one tick, far cheaper than copying the Set, which hashes every id again.
   */
  readonly tradeIdLog: string[] = [];
  readonly cashFlowIds = new Set<string>();
  /** Realized P&L per currency (account currency unless a rate was missing at close time). */
  readonly realized = new Map<Currency, Decimal>();
  /** Venue time before which the venue's last balance report already counts fills and cash flows. */
  balancesAsOf = Number.NEGATIVE_INFINITY;
  /** Made by a fill before the account was registered; its history is re-applied at registration. */
  provisional = false;
  readonly history: (PositionFill | CashFlowReport)[] = [];
  /** Open-to-flat cycles so far: the next position's id suffix (kept by snapshots so ids never repeat). */
  cycle = 0;

  constructor(readonly setup: AccountSetup) {
    this.accountId = setup.accountId;
    this.baseCurrency = CurrencyCodec.parse(setup.baseCurrency);
    this.ledger = new AccountLedger(setup.accountId, setup.type, this.baseCurrency);
    for (const balance of setup.balances ?? [])
      this.ledger.credit(CurrencyCodec.parse(balance.currency), balance.total);
    const rule = setup.tradingDay ?? (setup.type === 'margin' ? FX_TRADING_DAY : CRYPTO_TRADING_DAY);
    this.performance = new PerformanceTracker(new TradingCalendar(rule));
  }

  /** A fresh position id per open-to-flat cycle, so closed history keeps each one apart. */
  newPosition(
    instrument: Instrument,
    leg: 'net' | 'long' | 'short',
    rates: ConversionRateSource,
    at: Timestamp,
  ): Position {
    this.cycle++;
    const suffix = leg === 'net' ? '' : `:${leg}`;
    return new Position({
      id: `${this.accountId}:${instrument.id}${suffix}:${this.cycle}`,
      accountId: this.accountId,
      instrumentId: instrument.id,
      quoteCurrency: instrument.quoteCurrency,
      accountCurrency: this.baseCurrency,
      costBasis: this.setup.costBasis,
      leg,
      rates,
      openedAt: at,
    });
  }

  /** Keeps the latest MAX_CLOSED_TRADES realized pieces in memory (performance figures are running totals). */
  recordClosedTrade(trade: ClosedTrade): void {
    this.closedTrades.push(trade);
    if (this.closedTrades.length > MAX_CLOSED_TRADES * 2)
      this.closedTrades.splice(0, this.closedTrades.length - MAX_CLOSED_TRADES);
  }

  bookTradeId(tradeId: string): void {
    this.tradeIds.add(tradeId);
    this.tradeIdLog.push(tradeId);
  }

  /** Keeps the latest MAX_CLOSED_TRADES closed positions in memory, like closed trades. */
  recordClosedPosition(closed: PositionClosed): void {
    this.closed.push(closed);
    if (this.closed.length > MAX_CLOSED_TRADES * 2)
      this.closed.splice(0, this.closed.length - MAX_CLOSED_TRADES);
  }

  addRealized(currency: Currency, amount: Decimal): void {
    if (amount.isZero()) return;
    this.realized.set(currency, (this.realized.get(currency) ?? Decimal.ZERO).add(amount));
  }

  /** Each open position's notional, unrealized P&L and margin rate, in the account currency. */
  exposures(
    instrument: (id: InstrumentId) => Instrument | undefined,
    rates: ConversionRateSource,
  ): PositionExposure[] {
    const out: PositionExposure[] = [];
    for (const position of this.positions.values()) {
      if (position.isFlat() || position.mark === undefined) continue;
      const found = instrument(position.settings.instrumentId);
      const rate = rates.rate(position.settings.quoteCurrency, this.baseCurrency);
      if (found === undefined || rate === undefined) continue;
      const notional = position.signedQuantity.abs().mul(position.mark).mul(rate);
      out.push({
        notional,
        // The venue's home-conversion factors when it publishes them (OANDA), else the rate.
        unrealized: unrealizedInAccount(position) ?? position.unrealizedQuote().mul(rate),
        marginRate: found.kind === 'fx' ? found.marginRate : Decimal.ONE,
      });
    }
    return out;
  }
}
