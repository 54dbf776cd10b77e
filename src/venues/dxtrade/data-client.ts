import type { Clock, Timestamp } from '../../core/clock';
import { TmtError } from '../../core/errors';
import type { MarketDataEvent } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import type { Candle } from '../../core/market/candles';
import { Price } from '../../core/money/price';
import type { Unsubscribe } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import { exactJson } from './encode';
import { engineCodeOf } from './errors';
import type { DxtradeRestClient } from './http/rest-client';
import { CandleSchema, parseEach, QuoteSchema, type PushMessage } from './parse/wire';
import { instrumentIdOfSymbol, symbolOf } from './symbols';
import type { PushClient } from './ws/push-client';

/** DXtrade's candle types (Market Data Event Type `candleType`) by bar length. */
const CANDLE_TYPES: ReadonlyMap<number, string> = new Map([
  [60_000, 'm'], [300_000, '5m'], [900_000, '15m'], [1_800_000, '30m'], [3_600_000, 'h'], [7_200_000, '2h'], [14_400_000, '4h'], [86_400_000, 'd'],
]);

/**
 * Market data: quotes from the push API's MarketDataSubscriptionRequest (Quote events, COMPACT format), the
 * current quote and historical candles from POST /marketdata. An unreadable event is reported and skipped.
 */
export class DxtradeDataClient {
  private readonly handlers = new Map<string, { readonly symbols: Set<string>; readonly handler: (event: MarketDataEvent) => void }>();

  constructor(
    private readonly rest: DxtradeRestClient,
    private readonly push: PushClient,
    private readonly deps: { readonly clock: Clock; readonly logger: Logger; readonly account: string; readonly onUnrecognized: (description: string, raw: string) => void },
  ) {
    push.onMessage((message, requestId) => this.onMessage(message, requestId));
  }

  subscribe(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    const symbols = instrumentIds.map(symbolOf);
    const requestId = this.push.subscribe({
      type: 'MarketDataSubscriptionRequest',
      payload: { account: this.deps.account, symbols, eventTypes: [{ type: 'Quote', format: 'COMPACT' }] },
    });
    this.handlers.set(requestId, { symbols: new Set(symbols), handler });
    void this.push.open().catch((error: unknown) => this.deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'DXtrade market data push did not open; retrying'));
    return () => {
      this.handlers.delete(requestId);
      this.push.unsubscribe(requestId);
    };
  }

  private onMessage(message: PushMessage, requestId: string | undefined): void {
    if (message.type !== 'MarketData' || requestId === undefined) return;
    const target = this.handlers.get(requestId);
    if (target === undefined) return;
    const { values, problems } = parseEach(QuoteSchema, (message.payload as { events?: unknown } | undefined)?.events);
    for (const problem of problems) this.deps.onUnrecognized(`DXtrade quote unreadable: ${problem}`, exactJson(message.payload));
    const recordedAt = this.deps.clock.now();
    for (const quote of values) {
      if (!target.symbols.has(quote.symbol)) continue;
      target.handler({ type: 'QuoteTick', instrumentId: instrumentIdOfSymbol(quote.symbol), bid: Price.of(quote.bid), ask: Price.of(quote.ask), occurredAt: quote.time, recordedAt });
    }
  }

  /** The current bid and ask (POST /marketdata, Quote). */
  async quote(instrumentId: InstrumentId): Promise<{ bid: Price; ask: Price; time: Timestamp }> {
    const answer = await this.rest.marketData(exactJson({ account: this.deps.account, symbols: [symbolOf(instrumentId)], eventTypes: [{ type: 'Quote', format: 'COMPACT' }] }));
    if (answer.status !== 200) throw new TmtError(engineCodeOf({ status: answer.status }), `DXtrade market data answered ${answer.status}`);
    const quote = parseEach(QuoteSchema, (answer.body as { events?: unknown } | undefined)?.events).values[0];
    if (quote === undefined) throw new TmtError('VENUE_PROTOCOL', `DXtrade gave no quote for ${instrumentId}`);
    return { bid: Price.of(quote.bid), ask: Price.of(quote.ask), time: quote.time };
  }

  /** Historical bid candles, oldest first (POST /marketdata, Candle with fromTime/toTime). */
  async bars(instrumentId: InstrumentId, timeframeMs: number, from: Timestamp, to: Timestamp): Promise<Candle[]> {
    const candleType = CANDLE_TYPES.get(timeframeMs);
    if (candleType === undefined) throw new TmtError('VENUE_UNSUPPORTED', `DXtrade has no ${timeframeMs} ms candles (it has ${[...CANDLE_TYPES.keys()].join(', ')})`, { field: 'timeframeMs' });
    const body = { account: this.deps.account, symbols: [symbolOf(instrumentId)], eventTypes: [{ type: 'Candle', candleType, fromTime: new Date(from).toISOString(), toTime: new Date(to).toISOString(), format: 'COMPACT' }] };
    const answer = await this.rest.marketData(exactJson(body));
    if (answer.status !== 200) throw new TmtError(engineCodeOf({ status: answer.status }), `DXtrade market data answered ${answer.status}`);
    const { values, problems } = parseEach(CandleSchema, (answer.body as { events?: unknown } | undefined)?.events);
    for (const problem of problems) this.deps.onUnrecognized(`DXtrade candle unreadable: ${problem}`, '');
    return values.map((c) => ({
      instrumentId, timeframeMs, openTime: c.time, closeTime: c.time + timeframeMs,
      open: Price.of(c.open), high: Price.of(c.high), low: Price.of(c.low), close: Price.of(c.close), ticks: 0,
    }));
  }
}
