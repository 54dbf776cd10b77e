import type { Clock, Timestamp } from '../../core/clock';
import { TmtError } from '../../core/errors';
import type { MarketDataEvent } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { Unsubscribe } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import type { Resolution } from './enums';
import type { TradeLockerRestClient } from './http/rest-client';
import { lotsToUnits, type InstrumentTable, type TradeLockerInstrument } from './symbols';

/** One bar of GET /trade/history, exact. */
export interface TradeLockerBar {
  readonly instrumentId: InstrumentId;
  readonly openedAt: Timestamp;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: Decimal;
}

export interface DataClientOptions {
  readonly rest: TradeLockerRestClient;
  readonly accNum: () => string;
  readonly instruments: () => InstrumentTable;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

const number = (value: unknown, what: string): Decimal => {
  if (typeof value !== 'string') throw new TmtError('VENUE_PROTOCOL', `TradeLocker ${what} must be a number, found ${JSON.stringify(value)}`);
  return Decimal.parse(value);
};

/**
 * Quotes and bars over the INFO route. Quotes are polled (REST v1.4 has no price stream): each subscribed
 * instrument is read every `intervalMs` and a QuoteTick is published when bid or ask moved (and once at start).
 */
export class TradeLockerDataClient {
  private readonly subscriptions = new Set<{ ids: readonly InstrumentId[]; handler: (event: MarketDataEvent) => void }>();
  private readonly last = new Map<InstrumentId, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(private readonly options: DataClientOptions) {}

  subscribe(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    const subscription = { ids: [...instrumentIds], handler };
    this.subscriptions.add(subscription);
    for (const id of instrumentIds) this.last.delete(id);
    this.stopped = false;
    if (this.timer === undefined) this.schedule(0);
    return () => {
      this.subscriptions.delete(subscription);
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** GET /trade/quotes: the current best bid and ask (sizes in lots on the wire, units here). */
  async quote(instrumentId: InstrumentId): Promise<{ bid: Price; ask: Price; bidSize?: Quantity; askSize?: Quantity } | undefined> {
    const entry = this.entry(instrumentId);
    const response = await this.options.rest.getQuotes(this.options.accNum(), entry.tradableInstrumentId, entry.infoRouteId);
    const body = response.body as { s?: unknown; d?: Record<string, unknown>; errmsg?: unknown };
    if (response.status !== 200 || body.s === 'no_data') return undefined;
    if (body.s !== 'ok' || body.d === undefined) throw new TmtError('VENUE_REJECTED', `TradeLocker quotes for ${instrumentId}: ${typeof body.errmsg === 'string' ? body.errmsg : `HTTP ${response.status}`}`);
    const bidSize = typeof body.d['bs'] === 'string' ? Quantity.of(lotsToUnits(entry, Decimal.parse(body.d['bs']))) : undefined;
    const askSize = typeof body.d['as'] === 'string' ? Quantity.of(lotsToUnits(entry, Decimal.parse(body.d['as']))) : undefined;
    return {
      bid: Price.of(number(body.d['bp'], 'quote bp')),
      ask: Price.of(number(body.d['ap'], 'quote ap')),
      ...(bidSize === undefined ? {} : { bidSize }),
      ...(askSize === undefined ? {} : { askSize }),
    };
  }

  /** GET /trade/history: bars of `resolution` between two times (ms), oldest first; [] when there is no data. */
  async bars(instrumentId: InstrumentId, resolution: Resolution, from: Timestamp, to: Timestamp): Promise<readonly TradeLockerBar[]> {
    const entry = this.entry(instrumentId);
    const response = await this.options.rest.getHistory(this.options.accNum(), {
      tradableInstrumentId: entry.tradableInstrumentId, routeId: entry.infoRouteId, resolution, from: String(from), to: String(to),
    });
    const body = response.body as { s?: unknown; d?: { barDetails?: unknown }; errmsg?: unknown };
    if (body.s === 'no_data') return [];
    if (response.status !== 200 || body.s !== 'ok' || !Array.isArray(body.d?.barDetails)) {
      throw new TmtError('VENUE_REJECTED', `TradeLocker history for ${instrumentId}: ${typeof body.errmsg === 'string' ? body.errmsg : `HTTP ${response.status}`}`, { field: 'resolution' });
    }
    return (body.d.barDetails as Record<string, unknown>[]).map((bar) => ({
      instrumentId,
      openedAt: Number(number(bar['t'], 'bar t').toString()),
      open: Price.of(number(bar['o'], 'bar o')),
      high: Price.of(number(bar['h'], 'bar h')),
      low: Price.of(number(bar['l'], 'bar l')),
      close: Price.of(number(bar['c'], 'bar c')),
      volume: number(bar['v'], 'bar v'),
    }));
  }

  private entry(instrumentId: InstrumentId): TradeLockerInstrument {
    const entry = this.options.instruments().get(instrumentId);
    if (entry === undefined) throw new TmtError('VENUE_REJECTED', `TradeLocker does not list ${instrumentId} for this account`, { field: 'instrumentId' });
    return entry;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.subscriptions.size === 0) {
      this.timer = undefined;
      return;
    }
    this.timer = setTimeout(() => void this.round().finally(() => this.schedule(this.options.intervalMs)), delayMs);
    this.timer.unref?.();
  }

  private async round(): Promise<void> {
    const wanted = new Set<InstrumentId>();
    for (const subscription of this.subscriptions) for (const id of subscription.ids) wanted.add(id);
    for (const instrumentId of wanted) {
      try {
        const quote = await this.quote(instrumentId);
        if (quote === undefined) continue;
        const key = `${quote.bid.toString()}/${quote.ask.toString()}`;
        if (this.last.get(instrumentId) === key) continue;
        this.last.set(instrumentId, key);
        const now = this.options.clock.now();
        const event: MarketDataEvent = { type: 'QuoteTick', instrumentId, ...quote, occurredAt: now, recordedAt: now };
        for (const subscription of [...this.subscriptions]) if (subscription.ids.includes(instrumentId)) subscription.handler(event);
      } catch (error) {
        this.options.logger.warn({ err: error, instrumentId }, 'tradelocker quote poll failed');
      }
    }
  }
}
