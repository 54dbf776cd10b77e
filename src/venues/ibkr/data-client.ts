import type { Clock } from '../../core/clock';
import type { MarketDataEvent } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import type { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { Logger } from '../../shared/logger';
import type { IbInstrument } from './instruments';
import { decodeTickByTick, decodeTickPrice } from './parse/account';
import * as encode from './socket/encoder';
import type { TwsClient } from './tws-client';
import { IN } from './versions';

interface Line {
  readonly instrumentId: InstrumentId;
  readonly handler: (event: MarketDataEvent) => void;
  bid?: Decimal;
  ask?: Decimal;
  bidSize?: Decimal;
  askSize?: Decimal;
}

const BID = 1;
const ASK = 2;
const LAST = 4;
const BID_SIZE = 0;
const ASK_SIZE = 3;

/**
 * Market data: reqMktData (top of book and last trade, tick types 1/2/4 with their sizes) per instrument,
 * and reqTickByTickData (BidAsk, Last) where offered. Prices and sizes parse straight into Decimal.
 */
export class IbDataClient {
  private readonly lines = new Map<number, Line>();

  constructor(
    private readonly client: TwsClient,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly contract: (instrumentId: InstrumentId) => Promise<IbInstrument>,
  ) {
    client.on(IN.TICK_PRICE, (fields) => this.onTickPrice(fields));
    client.on(IN.TICK_SIZE, (fields) => this.onTickSize(fields));
    client.on(IN.TICK_BY_TICK, (fields) => this.onTickByTick(fields));
  }

  subscribe(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): () => void {
    return this.open(instrumentIds, handler, (reqId, instrument) => encode.reqMktData(reqId, instrument.contract), encode.cancelMktData);
  }

  /** Tick-by-tick quotes or trades (TWS allows a few such lines per account). */
  subscribeTickByTick(instrumentIds: readonly InstrumentId[], tickType: 'BidAsk' | 'Last', handler: (event: MarketDataEvent) => void): () => void {
    return this.open(instrumentIds, handler, (reqId, instrument) => encode.reqTickByTickData(reqId, instrument.contract, tickType), encode.cancelTickByTickData);
  }

  close(): void {
    this.lines.clear();
  }

  private open(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void, request: (reqId: number, i: IbInstrument) => string[], cancel: (reqId: number) => string[]): () => void {
    const reqIds: number[] = [];
    let stopped = false;
    for (const instrumentId of instrumentIds) {
      const reqId = this.client.nextRequestId();
      reqIds.push(reqId);
      this.lines.set(reqId, { instrumentId, handler });
      void this.contract(instrumentId).then(
        (instrument) => {
          if (!stopped) this.client.send(request(reqId, instrument));
        },
        (error: unknown) => this.logger.warn({ instrumentId, err: String(error) }, 'ibkr: market data not subscribed'),
      );
    }
    return () => {
      stopped = true;
      for (const reqId of reqIds) {
        this.lines.delete(reqId);
        if (this.client.connected) this.client.send(cancel(reqId));
      }
    };
  }

  private onTickPrice(fields: string[]): void {
    const tick = decodeTickPrice(fields);
    const line = this.lines.get(tick.reqId);
    if (line === undefined || tick.price === undefined) return;
    if (tick.tickType === BID) {
      line.bid = tick.price;
      if (tick.size !== undefined) line.bidSize = tick.size;
    } else if (tick.tickType === ASK) {
      line.ask = tick.price;
      if (tick.size !== undefined) line.askSize = tick.size;
    } else if (tick.tickType === LAST && tick.size !== undefined) {
      const now = this.clock.now();
      line.handler({ type: 'TradeTick', instrumentId: line.instrumentId, price: Price.of(tick.price), quantity: Quantity.of(tick.size), occurredAt: now, recordedAt: now });
      return;
    } else return;
    this.quote(line);
  }

  private onTickSize(fields: string[]): void {
    const r = decodeTickPrice([...fields.slice(0, 4), '', fields[4] ?? '']);
    const line = this.lines.get(r.reqId);
    if (line === undefined || r.size === undefined) return;
    if (r.tickType === BID_SIZE) line.bidSize = r.size;
    else if (r.tickType === ASK_SIZE) line.askSize = r.size;
  }

  private onTickByTick(fields: string[]): void {
    const tick = decodeTickByTick(fields);
    const line = this.lines.get(tick.reqId);
    if (line === undefined) return;
    if (tick.tickType === 3 && tick.bid !== undefined && tick.ask !== undefined) {
      line.bid = tick.bid;
      line.ask = tick.ask;
      if (tick.bidSize !== undefined) line.bidSize = tick.bidSize;
      if (tick.askSize !== undefined) line.askSize = tick.askSize;
      this.quote(line, tick.time * 1000);
    } else if ((tick.tickType === 1 || tick.tickType === 2) && tick.price !== undefined && tick.size !== undefined) {
      line.handler({ type: 'TradeTick', instrumentId: line.instrumentId, price: Price.of(tick.price), quantity: Quantity.of(tick.size), occurredAt: tick.time * 1000, recordedAt: this.clock.now() });
    }
  }

  private quote(line: Line, occurredAt = this.clock.now()): void {
    if (line.bid === undefined || line.ask === undefined) return;
    line.handler({
      type: 'QuoteTick', instrumentId: line.instrumentId, bid: Price.of(line.bid), ask: Price.of(line.ask),
      ...(line.bidSize === undefined ? {} : { bidSize: Quantity.of(line.bidSize) }),
      ...(line.askSize === undefined ? {} : { askSize: Quantity.of(line.askSize) }),
      occurredAt, recordedAt: this.clock.now(),
    });
  }
}
