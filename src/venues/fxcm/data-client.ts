import type { Clock } from '../../core/clock';
import type { MarketDataEvent } from '../../core/events';
import type { InstrumentId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import type { Unsubscribe } from '../../core/ports/venue';
import type { Logger } from '../../shared/logger';
import { fieldOf, groupOf, type FixMessage } from '../fix/codec';
import { Tag } from '../fix/tags';
import type { FxcmConnection } from './connection';
import * as msg from './messages';
import { instrumentIdOfSymbol, symbolOf } from './symbols';

const ENTRY_TAGS = new Set([Tag.MDEntryPx, Tag.MDEntrySize, 272, 273, 336, 625, 276, 282, 299, 537, Tag.Symbol, Tag.MDUpdateAction]);

interface Subscription {
  readonly reqId: string;
  readonly symbols: readonly string[];
  readonly handler: (event: MarketDataEvent) => void;
}

/**
 * FXCM market data: MarketDataRequest (V) with snapshot plus updates; FXCM sends top of book only (no sizes).
 * Full refreshes (W) and incremental refreshes (X) both become QuoteTicks; a book side missing from an update
 * keeps its last value. Subscriptions are sent again after every Logon.
 */
export class FxcmDataClient {
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly last = new Map<string, { bid?: Decimal; ask?: Decimal }>();
  private counter = 0;

  constructor(private readonly connection: FxcmConnection, private readonly deps: { clock: Clock; logger: Logger; incremental: boolean }) {
    connection.onStream((message) => this.onMessage(message));
    connection.onUp(() => {
      for (const s of this.subscriptions.values()) this.send(s, '1');
    });
  }

  subscribe(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    this.counter += 1;
    const subscription = { reqId: `MD${this.counter}`, symbols: instrumentIds.map(symbolOf), handler };
    this.subscriptions.set(subscription.reqId, subscription);
    if (this.connection.session.state === 'logged-on') this.send(subscription, '1');
    return () => {
      this.subscriptions.delete(subscription.reqId);
      if (this.connection.session.state === 'logged-on') this.send(subscription, '2');
    };
  }

  private send(subscription: Subscription, type: '1' | '2'): void {
    try {
      this.connection.session.send('V', msg.marketDataRequest(subscription.reqId, subscription.symbols, type, this.deps.incremental));
    } catch (error) {
      this.deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'FXCM MarketDataRequest not sent');
    }
  }

  private onMessage(message: FixMessage): void {
    if (message.msgType === 'Y') {
      this.deps.logger.warn({ reqId: fieldOf(message, Tag.MDReqID), text: fieldOf(message, Tag.Text) }, 'FXCM MarketDataRequestReject');
      return;
    }
    if (message.msgType !== 'W' && message.msgType !== 'X') return;
    const subscription = this.subscriptions.get(fieldOf(message, Tag.MDReqID) ?? '');
    if (subscription === undefined) return;
    const entries = groupOf(message, Tag.NoMDEntries, message.msgType === 'W' ? Tag.MDEntryType : Tag.MDUpdateAction, new Set([...ENTRY_TAGS, Tag.MDEntryType]));
    const touched = new Set<string>();
    for (const entry of entries) {
      const get = (tag: number) => entry.find(([t]) => t === tag)?.[1];
      const symbol = message.msgType === 'W' ? fieldOf(message, Tag.Symbol) : get(Tag.Symbol);
      const price = Decimal.tryParse(get(Tag.MDEntryPx) ?? '');
      const type = get(Tag.MDEntryType);
      if (symbol === undefined || price === undefined || (type !== '0' && type !== '1')) continue;
      const side = this.last.get(symbol) ?? {};
      if (type === '0') side.bid = price;
      else side.ask = price;
      this.last.set(symbol, side);
      touched.add(symbol);
    }
    const now = this.deps.clock.now();
    for (const symbol of touched) {
      const quote = this.last.get(symbol);
      if (quote?.bid === undefined || quote.ask === undefined) continue;
      subscription.handler({ type: 'QuoteTick', instrumentId: instrumentIdOfSymbol(symbol), bid: Price.of(quote.bid), ask: Price.of(quote.ask), occurredAt: now, recordedAt: now });
    }
  }
}
