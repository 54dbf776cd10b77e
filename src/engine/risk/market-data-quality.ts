import type { InstrumentId, MarketDataEvent, QuoteTick, Timestamp } from '../../core';
import { deny } from './denial';
import type { RiskDenial } from './types';

/**
 * Whether the market data behind a new position can be trusted: the last order-book update of the
 * instrument was valid (not a venue book resyncing after a gap), and, when `maxQuoteAgeMs` is set, a quote
 * arrived no longer ago than that. Fed from the bus (attach) or directly (onMarketData).
 */
export class MarketDataQuality {
  /** Instruments whose venue book last reported itself invalid (resyncing), with when it did. */
  private readonly invalidBooks = new Map<InstrumentId, Timestamp>();
  /** Instruments whose book has been valid at least once. */
  private readonly syncedBooks = new Set<InstrumentId>();

  /**
   * A book that was valid and then reports itself invalid is resyncing: its levels are not to be trusted.
   * A book still connecting (never valid) has given no levels to act on, so it blocks nothing; a missing
   * quote is the quote-age rule's business.
   */
  onMarketData(event: MarketDataEvent): void {
    if (event.type !== 'OrderBookUpdate') return;
    if (event.valid) {
      this.syncedBooks.add(event.instrumentId);
      this.invalidBooks.delete(event.instrumentId);
    } else if (this.syncedBooks.has(event.instrumentId) && !this.invalidBooks.has(event.instrumentId)) {
      this.invalidBooks.set(event.instrumentId, event.recordedAt);
    }
  }

  /** A denial naming the instrument when its data is not fit to open exposure on, else undefined. */
  check(
    instrumentId: InstrumentId,
    quote: QuoteTick | undefined,
    now: Timestamp,
    maxQuoteAgeMs: number | null | undefined,
  ): RiskDenial | undefined {
    const invalidSince = this.invalidBooks.get(instrumentId);
    if (invalidSince !== undefined) {
      return deny(
        'RISK_BOOK_INVALID',
        `the ${instrumentId} order book is resyncing (invalid since ${new Date(invalidSince).toISOString()}): only orders that reduce a position are accepted`,
        { rule: 'book-valid', instrumentId, invalidSince: String(invalidSince) },
        'instrumentId',
      );
    }
    if (maxQuoteAgeMs === null || maxQuoteAgeMs === undefined) return undefined;
    if (quote === undefined) {
      return deny(
        'RISK_MARKET_DATA_STALE',
        `no quote for ${instrumentId} yet (maxQuoteAgeMs ${maxQuoteAgeMs}): only orders that reduce a position are accepted`,
        { rule: 'quote-age', instrumentId, limit: String(maxQuoteAgeMs), found: 'none' },
        'instrumentId',
      );
    }
    const age = now - quote.recordedAt;
    if (age <= maxQuoteAgeMs) return undefined;
    return deny(
      'RISK_MARKET_DATA_STALE',
      `the last ${instrumentId} quote is ${age} ms old, older than maxQuoteAgeMs ${maxQuoteAgeMs}: only orders that reduce a position are accepted`,
      { rule: 'quote-age', instrumentId, limit: String(maxQuoteAgeMs), found: String(age), unit: 'ms' },
      'instrumentId',
    );
  }
}
