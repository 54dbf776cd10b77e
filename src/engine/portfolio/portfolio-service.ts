import type {
  AccountId,
  AccountReport,
  CashFlowReport,
  ClosedTrade,
  Decimal,
  FillOutcome,
  Instrument,
  InstrumentId,
  Position,
  PositionFill,
  QuoteTick,
} from '../../core';
import { Currency, Decimal as DecimalValue } from '../../core';
import { AccountBook, positionKey } from './account-book';
import { PortfolioQueries, type PortfolioServiceDependencies } from './portfolio-queries';
import { QuoteConversionRates } from './quote-rates';
import type { AccountSetup, Portfolio } from './types';
import {
  captureBook,
  PORTFOLIO_STATE_VERSION,
  restoreBook,
  sameBooking,
  type PortfolioSnapshotState,
} from './portfolio-state';
import type { PositionView } from '../trading-engine';
import { accountState, positionChanged, positionClosed } from './views';

/**
 * The live portfolio: books fills, marks to market, applies cash flows and venue balances, and publishes
 * PositionChanged / PositionClosed / AccountStateChanged. Synchronous and single-threaded like the engine loop.
 */
export class PortfolioService extends PortfolioQueries implements Portfolio {
  private readonly quoteRates: { onQuote?(instrument: Instrument, quote: QuoteTick): void };

  constructor(deps: PortfolioServiceDependencies) {
    const rates = deps.rates ?? new QuoteConversionRates();
    super(deps, rates);
    this.quoteRates = rates;
  }

  /**
   * Registers how an account keeps its books. A fill that arrived first made a provisional book with defaults;
   * it is rebuilt here under the real set-up by applying its fills and cash flows again.
   */
  registerAccount(setup: AccountSetup): void {
    const existing = this.books.get(setup.accountId);
    if (existing !== undefined && !existing.provisional) return;
    this.books.set(setup.accountId, new AccountBook(setup));
    if (existing === undefined) return;
    for (const position of existing.positions.values())
      this.byInstrument.get(position.settings.instrumentId)?.delete(position);
    for (const item of existing.history) {
      if ('tradeId' in item) this.applyFill(item);
      else this.applyCashFlow(item);
    }
  }

  /** Every account's books, copied in this tick (the engine snapshot carries them; see PortfolioSnapshotState). */
  captureState(): PortfolioSnapshotState {
    return { version: PORTFOLIO_STATE_VERSION, accounts: [...this.books.values()].map(captureBook) };
  }

  /**
   * Replaces the books with a snapshot's, all or nothing: false (and nothing changed) when the state is of an
   * unknown version or an account's booking set-up (type, currency, position mode, cost basis) differs from the
   * one registered now; the caller then books the fills again instead. Nothing is published.
   */
  restoreState(state: PortfolioSnapshotState): boolean {
    if (state.version !== PORTFOLIO_STATE_VERSION) return false;
    for (const saved of state.accounts) {
      const live = this.books.get(saved.setup.accountId);
      if (live !== undefined && !live.provisional && !sameBooking(live.setup, saved.setup)) return false;
    }
    for (const saved of state.accounts) {
      const live = this.books.get(saved.setup.accountId);
      for (const position of live?.positions.values() ?? [])
        this.byInstrument.get(position.settings.instrumentId)?.delete(position);
      const book = restoreBook(saved, live?.provisional === true ? undefined : live, this.rates);
      this.books.set(book.accountId, book);
      for (const position of book.positions.values()) {
        let set = this.byInstrument.get(position.settings.instrumentId);
        if (set === undefined) {
          set = new Set();
          this.byInstrument.set(position.settings.instrumentId, set);
        }
        set.add(position);
      }
    }
    return true;
  }

  applyFill(fill: PositionFill): FillOutcome {
    const book = this.bookFor(fill.accountId, fill.instrumentId);
    if (book.tradeIds.has(fill.tradeId)) {
      return {
        status: 'duplicate',
        closed: [],
        positionClosed: false,
        flipped: false,
        realizedQuote: DecimalValue.ZERO,
      };
    }
    const instrument = this.deps.instrument(fill.instrumentId);
    if (instrument === undefined)
      throw new Error(`portfolio: fill ${fill.tradeId} is for unknown instrument ${fill.instrumentId}`);
    book.bookTradeId(fill.tradeId);
    if (book.provisional) book.history.push(fill);
    const now = this.deps.clock.now();
    const signed: Decimal = fill.side === 'buy' ? fill.quantity : fill.quantity.neg();
    const hedging = book.setup.positionMode === 'hedging';
    const fillLeg = fill.side === 'buy' ? 'long' : 'short';
    const oppositeLeg = fillLeg === 'long' ? 'short' : 'long';
    // In hedging mode a reduction acts on the opposite leg; with nothing there to reduce it opens its own side.
    const reducible =
      fill.effect === 'reduce' &&
      book.positions.get(positionKey(fill.instrumentId, oppositeLeg))?.isFlat() === false;
    const leg = !hedging ? 'net' : reducible ? oppositeLeg : fillLeg;

    let position = this.openPosition(book, instrument, leg, fill.occurredAt);
    const result = position.applyFill(fill, signed);
    position.addCommission(fill.commission);
    this.bookCash(book, instrument, fill, signed, result.closed);
    for (const trade of result.closed) {
      book.recordClosedTrade(trade);
      // Statistics are in the account currency only: a trade that cannot be valued there yet (no rate at close)
      // stays out of them rather than mixing currencies in one sum.
      const realized =
        trade.realizedAccount ??
        (trade.realizedQuote.currency === book.baseCurrency ? trade.realizedQuote : undefined);
      if (realized !== undefined) book.performance.recordTrade(realized.amount, trade.closedAt, trade.tag);
    }
    const changed = positionChanged(position, now);
    this.deps.bus.publish(changed);

    const closedNow = position.isFlat();
    if (closedNow) this.retire(book, position, now, changed);
    const flipped = !result.remainder.isZero();
    if (flipped) {
      // The part past flat opens a new position (netting) or the fill side's own leg (hedging over-reduction).
      const remainderLeg = hedging ? fillLeg : 'net';
      position = this.openPosition(book, instrument, remainderLeg, fill.occurredAt);
      position.applyFill(fill, result.remainder);
      this.deps.bus.publish(positionChanged(position, now));
    }
    this.publishAccount(book);
    return {
      status: 'applied',
      closed: result.closed,
      positionClosed: closedNow,
      flipped,
      realizedQuote: result.realizedQuote,
    };
  }

  private openPosition(
    book: AccountBook,
    instrument: Instrument,
    leg: 'net' | 'long' | 'short',
    at: number,
  ): Position {
    const key = positionKey(instrument.id, leg);
    const existing = book.positions.get(key);
    if (existing !== undefined) return existing;
    const position = book.newPosition(instrument, leg, this.rates, at);
    book.positions.set(key, position);
    let set = this.byInstrument.get(instrument.id);
    if (set === undefined) {
      set = new Set();
      this.byInstrument.set(instrument.id, set);
    }
    set.add(position);
    return position;
  }

  private retire(book: AccountBook, position: Position, now: number, view: PositionView): void {
    book.positions.delete(positionKey(position.settings.instrumentId, position.settings.leg));
    this.byInstrument.get(position.settings.instrumentId)?.delete(position);
    const closed = positionClosed(position, now, view);
    book.recordClosedPosition(closed);
    this.deps.bus.publish(closed);
  }

  /**
   * Cash: a margin account books realized P&L (the venue's figure when given) and commission; a cash account
   * moves both assets of the pair and pays the commission in whatever asset it was charged.
   */
  private bookCash(
    book: AccountBook,
    instrument: Instrument,
    fill: PositionFill,
    signed: Decimal,
    closed: readonly ClosedTrade[],
  ): void {
    // A fill the venue's last balance report already includes (journal replay after the start-up report, or a
    // late stream message) moves positions and P&L but not cash again.
    // Strictly before: a fill stamped the same millisecond as the report is booked (on a test clock that stands
    // still, fills right after the start-up report share its timestamp).
    const ledger = fill.occurredAt < book.balancesAsOf ? undefined : book.ledger;
    ledger?.credit(fill.commission.currency, fill.commission.amount.neg());
    if (ledger !== undefined && book.setup.type === 'cash') {
      ledger.credit(instrument.baseCurrency, signed);
      ledger.credit(instrument.quoteCurrency, signed.mul(fill.price).neg());
    }
    const venue = fill.venueRealizedPnl;
    if (venue !== undefined && venue.currency === book.baseCurrency) {
      book.addRealized(venue.currency, venue.amount);
      if (book.setup.type === 'margin') ledger?.credit(venue.currency, venue.amount);
      return;
    }
    for (const trade of closed) {
      const money = trade.realizedAccount ?? trade.realizedQuote;
      book.addRealized(money.currency, money.amount);
      if (book.setup.type === 'margin') ledger?.credit(money.currency, money.amount);
    }
  }

  onQuote(quote: QuoteTick): void {
    this.quotes.set(quote.instrumentId, quote);
    const instrument = this.deps.instrument(quote.instrumentId);
    if (instrument !== undefined) this.quoteRates.onQuote?.(instrument, quote);
    const positions = this.byInstrument.get(quote.instrumentId);
    if (positions === undefined || positions.size === 0) return;
    const now = this.deps.clock.now();
    const touched = new Set<AccountBook>();
    for (const position of positions) {
      // Marked at the price that would close it: a long sells at the bid, a short buys at the ask.
      const mark = position.signedQuantity.isNegative() ? quote.ask : quote.bid;
      // A venue that streams one top of book several ways repeats the price: an unchanged mark changes
      // nothing, and publishing it again would only repeat an unchanged state.
      if (position.mark !== undefined && position.mark.eq(mark)) continue;
      position.markTo(mark);
      this.deps.bus.publish(positionChanged(position, now));
      const book = this.books.get(position.settings.accountId);
      if (book !== undefined) touched.add(book);
    }
    for (const book of touched) this.publishAccount(book);
  }

  applyCashFlow(flow: CashFlowReport): 'applied' | 'duplicate' {
    const book = this.bookFor(flow.accountId, flow.instrumentId);
    if (book.cashFlowIds.has(flow.venueTransactionId)) return 'duplicate';
    book.cashFlowIds.add(flow.venueTransactionId);
    if (book.provisional) book.history.push(flow);
    if (flow.occurredAt >= book.balancesAsOf) book.ledger.credit(flow.amount.currency, flow.amount.amount);
    if (flow.instrumentId !== undefined) {
      const position = this.firstPosition(book, flow.instrumentId);
      // A cash flow's sign is cash moved (negative paid); a position's commission is a cost (positive paid).
      if (position !== undefined && flow.kind === 'financing')
        position.addFinancing(flow.amount, flow.occurredAt);
      if (position !== undefined && (flow.kind === 'commission' || flow.kind === 'fee'))
        position.addCommission(flow.amount.neg());
      if (position !== undefined) this.deps.bus.publish(positionChanged(position, this.deps.clock.now()));
    }
    this.publishAccount(book);
    return 'applied';
  }

  applyAccountReport(report: AccountReport): void {
    const book = this.book(report.accountId);
    book.balancesAsOf = Math.max(book.balancesAsOf, report.reportedAt);
    book.ledger.replaceBalances(
      report.balances.map((balance) => ({
        currency: Currency.parse(balance.currency),
        total: balance.total,
        locked: balance.locked,
      })),
    );
    this.publishAccount(book);
  }

  private publishAccount(book: AccountBook): void {
    const { state } = accountState(book, this.deps.instrument, this.rates, this.deps.clock.now());
    book.performance.recordEquity(state.equity.amount, state.occurredAt);
    this.deps.bus.publish(state);
  }

  /** A fill or cash flow for an account not yet registered gets a provisional book (see registerAccount). */
  private bookFor(accountId: AccountId, instrumentId: InstrumentId | undefined): AccountBook {
    const found = this.books.get(accountId);
    if (found !== undefined) return found;
    const instrument = instrumentId === undefined ? undefined : this.deps.instrument(instrumentId);
    const spot = instrument?.kind === 'crypto-spot';
    const book = new AccountBook({
      accountId,
      venue: instrument?.venue ?? 'PAPER',
      type: spot ? 'cash' : 'margin',
      baseCurrency: instrument?.quoteCurrency ?? 'USD',
      positionMode: 'netting',
      costBasis: spot ? 'average-cost' : 'fifo-trades',
    });
    book.provisional = true;
    this.books.set(accountId, book);
    return book;
  }
}
