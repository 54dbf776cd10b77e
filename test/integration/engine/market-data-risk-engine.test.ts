import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, Price, Quantity, type MarketDataEvent, type OrderRequest } from '../../../src/core';
import { standardRiskAndPortfolio, type SubmitOutcome } from '../../../src/engine';
import { BTC, FakeVenue } from './support/fake-venue';
import { createHarness, limitBuy, marketOrder, settle, type Harness } from './support/harness';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The fake venue, with a way to push order-book updates through the market-data subscription the engine holds. */
function venueWithBooks(harnessClock: ManualClock) {
  const venue = new FakeVenue(harnessClock);
  const handlers: ((event: MarketDataEvent) => void)[] = [];
  const subscribe = venue.subscribeMarketData.bind(venue);
  venue.subscribeMarketData = (ids, handler) => {
    handlers.push(handler);
    return subscribe(ids, handler);
  };
  const book = (valid: boolean) => {
    const now = harnessClock.now();
    const level = (price: string) => ({ price: Price.parse(price), quantity: Quantity.parse('1.000') });
    const event: MarketDataEvent = {
      type: 'OrderBookUpdate',
      instrumentId: BTC,
      kind: 'snapshot',
      bids: valid ? [level('99.00')] : [],
      asks: valid ? [level('101.00')] : [],
      valid,
      occurredAt: now,
      recordedAt: now,
    };
    for (const handler of handlers) handler(event);
  };
  return { venue, book };
}

function deniedCode(outcome: SubmitOutcome): string | undefined {
  return outcome.status === 'denied' ? outcome.denial.code : undefined;
}

async function start(): Promise<{ h: Harness; book: (valid: boolean) => void }> {
  const clock = new ManualClock();
  const { venue, book } = venueWithBooks(clock);
  harness = await createHarness({
    clock,
    venue,
    engine: {
      ...standardRiskAndPortfolio({ global: { maxQuoteAgeMs: 5_000, submitRatePerSecond: 1_000 } }),
      marketData: 'all',
    },
  });
  harness.venue.quote('99.00', '101.00');
  await settle();
  return { h: harness, book };
}

const sell = (quantity: string): OrderRequest => marketOrder('sell', quantity);

describe('risk and market-data quality, through the engine on a manual clock', () => {
  it('a quote older than maxQuoteAgeMs denies new exposure naming the instrument; exits still pass', async () => {
    const { h } = await start();
    const opened = await h.engine.submit(marketOrder('buy', '0.020'), 'test');
    expect(opened.status).toBe('accepted');
    await settle();
    expect(h.engine.positions()[0]?.signedQuantity.toString()).toBe('0.020');

    h.clock.advance(5_001);
    const stale = await h.engine.submit(limitBuy('99.00', '0.010'), 'test');
    expect(deniedCode(stale)).toBe('RISK_MARKET_DATA_STALE');
    if (stale.status !== 'denied') throw new Error('expected a denial');
    expect(stale.denial.reason).toContain(BTC);
    expect(stale.denial.details).toMatchObject({ instrumentId: BTC, limit: '5000', found: '5001' });

    // Closing part of the position is still allowed on the same stale quote.
    const exit = await h.engine.submit(sell('0.010'), 'test');
    expect(exit.status).toBe('accepted');
    // Selling more than the position would open a short: new exposure, denied.
    const flip = await h.engine.submit(sell('0.050'), 'test');
    expect(deniedCode(flip)).toBe('RISK_MARKET_DATA_STALE');

    h.venue.quote('99.00', '101.00');
    await settle();
    const fresh = await h.engine.submit(limitBuy('99.00', '0.010'), 'test');
    expect(fresh.status).toBe('accepted');
  });

  it('a book resyncing (invalid) denies new exposure until a valid book arrives; exits pass meanwhile', async () => {
    const { h, book } = await start();
    const opened = await h.engine.submit(marketOrder('buy', '0.020'), 'test');
    expect(opened.status).toBe('accepted');
    await settle();

    // A book still connecting (never valid yet) gave no levels to act on: it blocks nothing.
    book(false);
    await settle();
    expect((await h.engine.submit(limitBuy('99.00', '0.010'), 'test')).status).toBe('accepted');
    book(true);
    book(false); // valid, then invalid: resyncing after a gap
    await settle();
    const during = await h.engine.submit(limitBuy('99.00', '0.010'), 'test');
    expect(deniedCode(during)).toBe('RISK_BOOK_INVALID');
    if (during.status !== 'denied') throw new Error('expected a denial');
    expect(during.denial.reason).toContain(BTC);
    expect(during.denial.details.instrumentId).toBe(BTC);
    expect((await h.engine.submit(sell('0.010'), 'test')).status).toBe('accepted');

    book(true);
    await settle();
    expect((await h.engine.submit(limitBuy('99.00', '0.010'), 'test')).status).toBe('accepted');
  });

  it('with no quote ever seen and maxQuoteAgeMs set, an opening order is denied', async () => {
      const clock = new ManualClock();
    harness = await createHarness({
      clock,
      engine: { ...standardRiskAndPortfolio({ global: { maxQuoteAgeMs: 5_000 } }), marketData: 'all' },
    });
    const outcome = await harness.engine.submit(limitBuy('99.00', '0.010'), 'test');
    expect(deniedCode(outcome)).toBe('RISK_MARKET_DATA_STALE');
    if (outcome.status !== 'denied') throw new Error('expected a denial');
    expect(outcome.denial.details).toMatchObject({ instrumentId: BTC, found: 'none' });
  });
});
