import type {
  AccountId,
  ClosedTrade,
  Clock,
  ConversionRateSource,
  Decimal,
  Instrument,
  InstrumentId,
  MessageBus,
  OpenTrade,
  Position,
  PositionClosed,
  QuoteTick,
} from '../../core';
import { Currency, Decimal as DecimalValue } from '../../core';
import type { PerformanceView, PositionView } from '../trading-engine';
import { positionKey, type AccountBook } from './account-book';
import type { AccountFiguresView, AccountSetup, AccountSnapshot, PositionExposureView } from './types';
import { accountSnapshot, performanceView, positionView } from './views';

export interface PortfolioServiceDependencies {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly instrument: (instrumentId: InstrumentId) => Instrument | undefined;
  /** Defaults to rates from the latest quotes; pass StaticConversionRates for fixed ones. */
  readonly rates?: ConversionRateSource & { onQuote?(instrument: Instrument, quote: QuoteTick): void };
}

const NO_TRADES: readonly OpenTrade[] = [];

/** The portfolio's state and every read of it; PortfolioService adds the writes. */
export abstract class PortfolioQueries {
  protected readonly books = new Map<AccountId, AccountBook>();
  /** Open positions per instrument across accounts, for marking on a quote. */
  protected readonly byInstrument = new Map<InstrumentId, Set<Position>>();
  protected readonly quotes = new Map<InstrumentId, QuoteTick>();

  protected constructor(
    protected readonly deps: PortfolioServiceDependencies,
    readonly rates: ConversionRateSource,
  ) {}

  protected book(accountId: AccountId): AccountBook {
    const book = this.books.get(accountId);
    if (book === undefined) throw new Error(`portfolio: account ${accountId} is not registered`);
    return book;
  }

  protected firstPosition(book: AccountBook, instrumentId: InstrumentId): Position | undefined {
    return (
      book.positions.get(positionKey(instrumentId, 'net')) ??
      book.positions.get(positionKey(instrumentId, 'long')) ??
      book.positions.get(positionKey(instrumentId, 'short'))
    );
  }

  instrument(instrumentId: InstrumentId): Instrument | undefined {
    return this.deps.instrument(instrumentId);
  }

  hasAccount(accountId: AccountId): boolean {
    return this.books.has(accountId);
  }

  netQuantity(accountId: AccountId, instrumentId: InstrumentId): Decimal {
    const book = this.books.get(accountId);
    if (book === undefined) return DecimalValue.ZERO;
    const net = book.positions.get(instrumentId);
    if (net !== undefined) return net.signedQuantity;
    if (book.setup.positionMode === 'netting') return DecimalValue.ZERO;
    const long = book.positions.get(positionKey(instrumentId, 'long'))?.signedQuantity ?? DecimalValue.ZERO;
    const short = book.positions.get(positionKey(instrumentId, 'short'))?.signedQuantity ?? DecimalValue.ZERO;
    return long.add(short);
  }

  legQuantity(accountId: AccountId, instrumentId: InstrumentId, leg: 'long' | 'short'): Decimal {
    const book = this.books.get(accountId);
    if (book === undefined) return DecimalValue.ZERO;
    if (book.setup.positionMode === 'netting') {
      const net = book.positions.get(instrumentId)?.signedQuantity ?? DecimalValue.ZERO;
      return (leg === 'long' ? net.isPositive() : net.isNegative()) ? net : DecimalValue.ZERO;
    }
    return book.positions.get(positionKey(instrumentId, leg))?.signedQuantity ?? DecimalValue.ZERO;
  }

  openTrades(accountId: AccountId, instrumentId: InstrumentId): readonly OpenTrade[] {
    const book = this.books.get(accountId);
    if (book === undefined) return NO_TRADES;
    const out: OpenTrade[] = [];
    for (const leg of ['net', 'long', 'short'] as const)
      out.push(...(book.positions.get(positionKey(instrumentId, leg))?.openTrades() ?? []));
    return out.length < 2 ? out : out.sort((a, b) => a.openedAt - b.openedAt);
  }

  *positionQuantities(accountId: AccountId): Iterable<readonly [InstrumentId, Decimal]> {
    const book = this.books.get(accountId);
    if (book === undefined) return;
    for (const position of book.positions.values()) {
      if (!position.isFlat()) yield [position.settings.instrumentId, position.signedQuantity] as const;
    }
  }

  *positionExposures(accountId: AccountId): Iterable<PositionExposureView> {
    const book = this.books.get(accountId);
    if (book === undefined) return;
    for (const position of book.positions.values()) {
      if (position.isFlat()) continue;
      const rate = this.rates.rate(position.settings.quoteCurrency, book.baseCurrency);
      const notional =
        rate === undefined || position.mark === undefined
          ? undefined
          : position.signedQuantity.abs().mul(position.mark).mul(rate);
      yield {
        instrumentId: position.settings.instrumentId,
        signedQuantity: position.signedQuantity,
        notional,
      };
    }
  }

  grossExposure(accountId: AccountId): Decimal {
    let total = DecimalValue.ZERO;
    for (const exposure of this.positionExposures(accountId))
      if (exposure.notional !== undefined) total = total.add(exposure.notional);
    return total;
  }

  accountSetup(accountId: AccountId): AccountSetup | undefined {
    return this.books.get(accountId)?.setup;
  }

  accountIds(): Iterable<AccountId> {
    return this.books.keys();
  }

  figures(accountId: AccountId): AccountFiguresView | undefined {
    const book = this.books.get(accountId);
    if (book === undefined) return undefined;
    const figures = book.ledger.figures(book.exposures(this.deps.instrument, this.rates), this.rates);
    return {
      baseCurrency: book.baseCurrency,
      equity: figures.equity,
      marginAvailable: figures.marginAvailable,
      grossExposure: figures.grossExposure,
    };
  }

  freeBalance(accountId: AccountId, currency: string): Decimal {
    const book = this.books.get(accountId);
    return book === undefined || !Currency.isValid(currency) ? DecimalValue.ZERO : book.ledger.free(currency);
  }

  openPositionCount(accountId: AccountId): number {
    let count = 0;
    for (const position of this.books.get(accountId)?.positions.values() ?? [])
      if (!position.isFlat()) count++;
    return count;
  }

  position(accountId: AccountId, instrumentId: InstrumentId): PositionView | undefined {
    const book = this.books.get(accountId);
    const found = book === undefined ? undefined : this.firstPosition(book, instrumentId);
    return found === undefined ? undefined : positionView(found, this.deps.clock.now());
  }

  positions(accountId?: AccountId): readonly PositionView[] {
    const now = this.deps.clock.now();
    const out: PositionView[] = [];
    for (const book of this.selected(accountId))
      for (const position of book.positions.values()) out.push(positionView(position, now));
    return out;
  }

  closedPositions(accountId?: AccountId): readonly PositionClosed[] {
    return this.selected(accountId).flatMap((book) => book.closed);
  }

  closedTrades(accountId?: AccountId): readonly ClosedTrade[] {
    return this.selected(accountId).flatMap((book) => book.closedTrades);
  }

  account(accountId: AccountId): AccountSnapshot | undefined {
    const book = this.books.get(accountId);
    return book === undefined
      ? undefined
      : accountSnapshot(book, book.setup.venue, this.deps.instrument, this.rates, this.deps.clock.now());
  }

  accounts(): readonly AccountSnapshot[] {
    const now = this.deps.clock.now();
    return [...this.books.values()].map((book) =>
      accountSnapshot(book, book.setup.venue, this.deps.instrument, this.rates, now),
    );
  }

  performance(accountId: AccountId, tag?: string): PerformanceView {
    return performanceView(this.book(accountId), tag, this.rates);
  }

  lastQuote(instrumentId: InstrumentId): QuoteTick | undefined {
    return this.quotes.get(instrumentId);
  }

  private selected(accountId: AccountId | undefined): AccountBook[] {
    if (accountId === undefined) return [...this.books.values()];
    const book = this.books.get(accountId);
    return book === undefined ? [] : [book];
  }
}
