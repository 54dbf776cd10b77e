import type { BookLevel, InstrumentId, OrderBookUpdate, OrderSide, QuoteTick } from '../../core';

interface Sides {
  readonly bids: Map<string, BookLevel>;
  readonly asks: Map<string, BookLevel>;
  valid: boolean;
}

/**
 * The L2 books the router ranks, kept from the bus's OrderBookUpdate events; a venue that streams no book is
 * seen through its top of book (the quote with its sizes). An invalid (resyncing) book is never used.
 */
export class BookCache {
  private readonly books = new Map<string, Sides>();

  apply(update: OrderBookUpdate): void {
    let book = this.books.get(update.instrumentId);
    if (book === undefined || update.kind === 'snapshot') {
      book = { bids: new Map(), asks: new Map(), valid: update.valid };
      this.books.set(update.instrumentId, book);
    }
    book.valid = update.valid;
    for (const [levels, into] of [[update.bids, book.bids], [update.asks, book.asks]] as const)
      for (const level of levels) {
        const key = level.price.toString();
        if (level.quantity.isZero()) into.delete(key);
        else into.set(key, level);
      }
  }

  /** The side a parent of `side` takes (asks for a buy), best first; undefined while the book is unusable. */
  levels(instrumentId: InstrumentId, side: OrderSide, quote: QuoteTick | undefined): readonly BookLevel[] | undefined {
    const book = this.books.get(instrumentId);
    if (book !== undefined && book.valid) {
      const levels = [...(side === 'buy' ? book.asks : book.bids).values()];
      levels.sort((a, b) => (side === 'buy' ? a.price.compare(b.price) : b.price.compare(a.price)));
      if (levels.length > 0) return levels;
    }
    if (quote === undefined) return undefined;
    const price = side === 'buy' ? quote.ask : quote.bid;
    const size = side === 'buy' ? quote.askSize : quote.bidSize;
    return size === undefined || !size.isPositive() ? undefined : [{ price, quantity: size }];
  }
}
