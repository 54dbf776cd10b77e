import type { Timestamp } from '../../../core/clock';
import type { QuoteHomeConversion, QuoteTick } from '../../../core/events';
import type { InstrumentId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import { toInstrumentId } from '../symbols';
import { parseOandaTime } from './time';

export type PricingLine =
  | { readonly kind: 'price'; readonly tick: QuoteTick; readonly tradeable: boolean }
  | { readonly kind: 'heartbeat'; readonly time: Timestamp }
  | { readonly kind: 'unrecognized'; readonly reason: string };

const DECIMAL_TEXT = /^\d+(\.\d+)?$/;

interface CachedFactors {
  readonly positive: string;
  readonly negative: string;
  readonly value: QuoteHomeConversion;
}

interface PriceBucketWire {
  readonly price?: unknown;
  readonly liquidity?: unknown;
}

/** The hot path of the pricing stream: one line, one JSON.parse, prices straight from their strings. */
export class PricingLineParser {
  private readonly ids = new Map<string, InstrumentId>();
  /** The last factors per instrument and home currency: they change far less often than prices, so reused. */
  private readonly factors = new Map<string, CachedFactors>();

  /**
   * `homeCurrency` is the home currency of the account whose stream the line came from: OANDA's
   * quoteHomeConversionFactors convert into it, so without it they are not attached.
   */
  parse(line: string, recordedAt: Timestamp, homeCurrency?: string): PricingLine {
    let value: {
      type?: unknown; instrument?: unknown; time?: unknown; bids?: PriceBucketWire[]; asks?: PriceBucketWire[]; status?: unknown; tradeable?: unknown;
      quoteHomeConversionFactors?: unknown;
    };
    try {
      value = JSON.parse(line);
    } catch {
      return { kind: 'unrecognized', reason: 'not JSON' };
    }
    if (value.type === 'HEARTBEAT' && typeof value.time === 'string') return { kind: 'heartbeat', time: parseOandaTime(value.time) };
    if (value.type !== 'PRICE') return { kind: 'unrecognized', reason: `type ${String(value.type)}` };
    const bid = value.bids?.[0];
    const ask = value.asks?.[0];
    if (typeof value.instrument !== 'string' || typeof value.time !== 'string' || typeof bid?.price !== 'string' || typeof ask?.price !== 'string') {
      return { kind: 'unrecognized', reason: 'PRICE without instrument, time, bid or ask' };
    }
    let instrumentId = this.ids.get(value.instrument);
    if (instrumentId === undefined) {
      instrumentId = toInstrumentId(value.instrument);
      this.ids.set(value.instrument, instrumentId);
    }
    const home = homeCurrency === undefined ? undefined : this.homeConversionOf(value.instrument, value.quoteHomeConversionFactors, homeCurrency);
    const tick: QuoteTick = {
      type: 'QuoteTick',
      instrumentId,
      bid: Price.parse(bid.price),
      ask: Price.parse(ask.price),
      // Liquidity is a JSON number on the wire (units available at the level); integers only, so exact.
      ...(Number.isSafeInteger(bid.liquidity) ? { bidSize: Quantity.parse(String(bid.liquidity)) } : {}),
      ...(Number.isSafeInteger(ask.liquidity) ? { askSize: Quantity.parse(String(ask.liquidity)) } : {}),
      ...(home === undefined ? {} : { homeConversions: [home] }),
      occurredAt: parseOandaTime(value.time),
      recordedAt,
    };
    // `tradeable` (newer) or `status` (older, deprecated) says whether the price can be traded on.
    const tradeable = typeof value.tradeable === 'boolean' ? value.tradeable : value.status !== 'non-tradeable';
    return { kind: 'price', tick, tradeable };
  }

  /** quoteHomeConversionFactors as OANDA writes them: both factors non-negative decimal strings, or nothing usable. */
  private homeConversionOf(instrument: string, wire: unknown, currency: string): QuoteHomeConversion | undefined {
    if (typeof wire !== 'object' || wire === null) return undefined;
    const { positiveUnits, negativeUnits } = wire as { positiveUnits?: unknown; negativeUnits?: unknown };
    if (typeof positiveUnits !== 'string' || typeof negativeUnits !== 'string') return undefined;
    const key = `${instrument}>${currency}`;
    const cached = this.factors.get(key);
    if (cached !== undefined && cached.positive === positiveUnits && cached.negative === negativeUnits) return cached.value;
    if (!DECIMAL_TEXT.test(positiveUnits) || !DECIMAL_TEXT.test(negativeUnits)) return undefined;
    const value = { currency, positiveUnits: Decimal.parse(positiveUnits), negativeUnits: Decimal.parse(negativeUnits) };
    this.factors.set(key, { positive: positiveUnits, negative: negativeUnits, value });
    return value;
  }
}
