import type { Decimal, InstrumentId, MarketDataEvent, Price } from '../../core';
import { Price as P } from '../../core';
import type { OrderEntry } from '../oms/order-cache';
import { type TopOfBook, stopTriggered, touchTriggered, trailingUpdate } from './trigger-rules';

export type ReleaseHandler = (entry: OrderEntry, triggerPrice: Price) => void;

/**
 * Holds the orders the venue cannot take natively (stop-market, stop-limit, MIT, LIT, trailing stop) and
 * releases each at the first tick that crosses its trigger. Evaluation is synchronous inside the market-data
 * callback, so an order triggers on the exact tick; it is disarmed before its release handler runs, so it
 * is released exactly once. After a crash the engine re-arms every order still held (from the journal).
 */
export class OrderEmulator {
  private readonly armed = new Map<InstrumentId, Set<OrderEntry>>();
  private readonly trailingExtremes = new Map<OrderEntry, Decimal>();
  private readonly tops = new Map<InstrumentId, TopOfBook>();

  constructor(
    private readonly release: ReleaseHandler,
    private readonly needMarketData: (instrumentId: InstrumentId) => void,
  ) {}

  arm(entry: OrderEntry): void {
    const instrumentId = entry.order.request.instrumentId;
    let set = this.armed.get(instrumentId);
    if (set === undefined) {
      set = new Set();
      this.armed.set(instrumentId, set);
    }
    set.add(entry);
    this.needMarketData(instrumentId);
    // A trigger already crossed by the last known prices fires now rather than on some later tick.
    const top = this.tops.get(instrumentId);
    if (top !== undefined) this.evaluate(entry, top, set);
  }

  disarm(entry: OrderEntry): boolean {
    this.trailingExtremes.delete(entry);
    return this.armed.get(entry.order.request.instrumentId)?.delete(entry) ?? false;
  }

  isArmed(entry: OrderEntry): boolean {
    return this.armed.get(entry.order.request.instrumentId)?.has(entry) ?? false;
  }

  armedCount(): number {
    let count = 0;
    for (const set of this.armed.values()) count += set.size;
    return count;
  }

  /** Removes every armed order (kill switch) and returns them. */
  clear(): OrderEntry[] {
    const all: OrderEntry[] = [];
    for (const set of this.armed.values()) all.push(...set);
    this.armed.clear();
    this.trailingExtremes.clear();
    return all;
  }

  /** The trailing trigger an order would have now, for views. */
  trailingExtreme(entry: OrderEntry): Decimal | undefined {
    return this.trailingExtremes.get(entry);
  }

  onMarketData(event: MarketDataEvent): void {
    let top: TopOfBook | undefined;
    switch (event.type) {
      case 'QuoteTick':
        top = { bid: event.bid, ask: event.ask };
        break;
      case 'TradeTick':
        top = { bid: event.price, ask: event.price };
        break;
      case 'OrderBookUpdate': {
        // Checked before the levels are read: a delta's levels are made into Decimals only when read.
        if (!event.valid || event.kind !== 'snapshot') return;
        const bid = event.bids[0];
        const ask = event.asks[0];
        if (bid === undefined || ask === undefined) return;
        top = { bid: bid.price, ask: ask.price };
        break;
      }
    }
    this.tops.set(event.instrumentId, top);
    const set = this.armed.get(event.instrumentId);
    if (set === undefined || set.size === 0) return;
    for (const entry of set) this.evaluate(entry, top, set);
  }

  private evaluate(entry: OrderEntry, top: TopOfBook, set: Set<OrderEntry>): void {
    const order = entry.order;
    const side = order.request.side;
    let trigger: Decimal | undefined = order.triggerPrice;
    let fired = false;
    switch (order.request.type) {
      case 'stop-market':
      case 'stop-limit':
        fired = trigger !== undefined && stopTriggered(side, trigger, top);
        break;
      case 'market-if-touched':
      case 'limit-if-touched':
        fired = trigger !== undefined && touchTriggered(side, trigger, top);
        break;
      case 'trailing-stop': {
        const offset = order.request.trailingOffset;
        if (offset === undefined) return;
        const previous = this.trailingExtremes.get(entry);
        // The trailing trigger is judged against the extreme before this tick, then the extreme moves.
        if (previous !== undefined) {
          const before = trailingUpdate(side, offset, previous, { bid: previous, ask: previous });
          if (stopTriggered(side, before.trigger, top)) {
            trigger = before.trigger;
            fired = true;
            break;
          }
        }
        this.trailingExtremes.set(entry, trailingUpdate(side, offset, previous, top).extreme);
        return;
      }
      case 'market':
      case 'limit':
        fired = true;
        break;
    }
    if (!fired || trigger === undefined) return;
    set.delete(entry);
    this.trailingExtremes.delete(entry);
    this.release(entry, P.of(trigger));
  }
}
