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

  /** Trailing stop levels read back from the journal after a restart, until the market makes a new extreme. */
  private readonly seededTriggers = new Map<OrderEntry, Decimal>();

  constructor(
    private readonly release: ReleaseHandler,
    private readonly needMarketData: (instrumentId: InstrumentId) => void,
    /**
     * A trailing stop's level moved (a new extreme): the engine journals it as the order's trigger price, so that
     * after a restart the stop trails on from where it was instead of from the price at restart (issue 15 item 4).
     */
    private readonly onTrail?: (entry: OrderEntry, trigger: Price) => void,
  ) {}

  arm(entry: OrderEntry): void {
    const instrumentId = entry.order.request.instrumentId;
    let set = this.armed.get(instrumentId);
    if (set === undefined) {
      set = new Set();
      this.armed.set(instrumentId, set);
    }
    set.add(entry);
    // A trigger price the engine wrote (it differs from the one requested, an activation price) is the level
    // the stop had reached before a restart.
    const order = entry.order;
    if (order.request.type === 'trailing-stop' && order.triggerPrice !== undefined && !this.trailingExtremes.has(entry)) {
      const requested = order.request.triggerPrice;
      if (requested === undefined || !requested.eq(order.triggerPrice)) this.seededTriggers.set(entry, order.triggerPrice);
    }
    this.needMarketData(instrumentId);
    // A trigger already crossed by the last known prices fires now rather than on some later tick.
    const top = this.tops.get(instrumentId);
    if (top !== undefined) this.evaluate(entry, top, set);
  }

  disarm(entry: OrderEntry): boolean {
    this.trailingExtremes.delete(entry);
    this.seededTriggers.delete(entry);
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
    this.seededTriggers.clear();
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
        const seeded = previous === undefined ? this.seededTriggers.get(entry) : undefined;
        // The trailing trigger is judged against the extreme before this tick, then the extreme moves.
        const before =
          previous !== undefined ? trailingUpdate(side, offset, previous, { bid: previous, ask: previous }).trigger : seeded;
        if (before !== undefined && stopTriggered(side, before, top)) {
          trigger = before;
          fired = true;
          break;
        }
        const next = trailingUpdate(side, offset, previous, top);
        // From a journaled level, the stop moves only once the market makes an extreme that tightens it.
        if (seeded !== undefined && !tighter(side, next.trigger, seeded)) return;
        this.seededTriggers.delete(entry);
        this.trailingExtremes.set(entry, next.extreme);
        const last = previous === undefined ? seeded : trailingUpdate(side, offset, previous, { bid: previous, ask: previous }).trigger;
        if (last === undefined || !last.eq(next.trigger)) this.onTrail?.(entry, next.trigger);
        return;
      }
      case 'market':
      case 'limit':
        fired = true;
        break;
      case 'trailing-limit':
        // Never emulated: release.ts refuses it where the venue has no native trailing limit.
        return;
    }
    if (!fired || trigger === undefined) return;
    set.delete(entry);
    this.trailingExtremes.delete(entry);
    this.seededTriggers.delete(entry);
    this.release(entry, P.of(trigger));
  }
}

/** A sell stop tightens upward (closer under the market), a buy stop downward. */
function tighter(side: 'buy' | 'sell', candidate: Decimal, current: Decimal): boolean {
  return side === 'sell' ? candidate.gt(current) : candidate.lt(current);
}
