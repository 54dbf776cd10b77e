import type { Decimal, Instrument, MarketDataEvent, Price, Quantity, Timestamp } from '../../core';
import { OrderBook, type BookSide } from './book';
import type { Ledger } from './ledger';
import { isRestingLimit, isWaitingForTrigger, leavesLots, type LiveOrder } from './orders';
import type { InstrumentScale } from './scale';
import { isTriggerHit, trailingLimitTicks, updateTrailing } from './triggers';
import type { MatchingRejectCode, SimFill, SimulatedInstrument } from './types';
import { OpenLocks } from './open-locks';

/** What a matcher needs from its engine: time, ids, the ledger and the event outlet. */
export interface MatcherHost {
  now(): Timestamp;
  nextTradeId(): string;
  nextPriority(): number;
  readonly ledger: Ledger;
  emitOrder(type: 'order-triggered' | 'order-canceled' | 'order-modified' | 'order-expired', order: LiveOrder): void;
  emitFill(order: LiveOrder, fill: SimFill): void;
  /** Whether the account can still pay for an order whose trigger just hit (cash accounts). */
  affordable(order: LiveOrder, referenceTicks: number): boolean;
  /** Size a quote tick without size shows per side. */
  quoteSize(instrument: Instrument): Decimal;
  /** What an open order locks (funds.ts lockOf): passed in, as funds.ts reads the matcher. */
  lockOf(order: LiveOrder): { currency: string; amount: Decimal } | undefined;
}

/**
 * Matches our orders of one instrument against the market's book. Our orders are not in the book: they queue
 * beside it, behind the displayed size at their level, and fill only from liquidity the market shows or trades.
 */
export class InstrumentMatcher {
  readonly book: OrderBook;
  /** Open orders in arrival order (the matcher sorts by price and priority where it matters). */
  open: LiveOrder[] = [];
  /** What the open orders lock per account: told of every change to `open` and to an open order's lock inputs. */
  readonly locks: OpenLocks = new OpenLocks((order) => this.host.lockOf(order));

  constructor(
    readonly simulated: SimulatedInstrument,
    readonly scale: InstrumentScale,
    private readonly host: MatcherHost,
  ) {
    this.book = new OrderBook(simulated.instrument.id, scale);
  }

  // ---- market data -------------------------------------------------------------------------------------

  applyMarketData(event: MarketDataEvent): void {
    const toLevels = (levels: readonly { price: Price; quantity: Quantity }[]) =>
      levels.map((l) => [this.scale.ticksRounded(l.price, 'half-even'), this.scale.lotsRoundedDown(l.quantity)] as const);
    switch (event.type) {
      case 'OrderBookUpdate':
        if (!event.valid) return;
        if (event.kind === 'snapshot') {
          this.book.bids.replace(toLevels(event.bids));
          this.book.asks.replace(toLevels(event.asks));
        } else {
          for (const [price, size] of toLevels(event.bids)) this.book.bids.set(price, size);
          for (const [price, size] of toLevels(event.asks)) this.book.asks.set(price, size);
        }
        break;
      case 'QuoteTick': {
        // A quote is the top of the book only: it replaces the book with one level a side.
        const deep = this.scale.lotsRoundedDown(this.host.quoteSize(this.simulated.instrument));
        const bidLots = event.bidSize === undefined ? deep : this.scale.lotsRoundedDown(event.bidSize);
        const askLots = event.askSize === undefined ? deep : this.scale.lotsRoundedDown(event.askSize);
        this.book.bids.replace([[this.scale.ticksRounded(event.bid, 'half-even'), bidLots]]);
        this.book.asks.replace([[this.scale.ticksRounded(event.ask, 'half-even'), askLots]]);
        break;
      }
      case 'TradeTick':
        this.book.lastTrade = this.scale.ticksRounded(event.price, 'half-even');
        this.book.updatedAt = event.occurredAt;
        this.onTrade(this.book.lastTrade, this.scale.lotsRoundedDown(event.quantity), event.aggressor);
        this.checkTriggers();
        return;
    }
    this.book.updatedAt = event.occurredAt;
    if (this.open.length === 0) return;
    this.shrinkQueues();
    this.matchCrossed();
    this.checkTriggers();
  }

  /** A level that shrank took our queue position with it: the queue ahead is never more than what is shown. */
  private shrinkQueues(): void {
    for (const order of this.open) {
      if (!isRestingLimit(order) || order.queueAhead === 0) continue;
      const shown = this.ownSide(order).sizeAt(order.priceTicks as number);
      if (shown < order.queueAhead) order.queueAhead = shown;
    }
  }

  /** The market moved through resting orders: they fill as makers, at their own price, from the crossing size. */
  private matchCrossed(): void {
    for (const order of this.restingByPriority()) {
      const opposite = this.oppositeSide(order);
      const limit = order.priceTicks as number;
      while (leavesLots(order) > 0) {
        const best = opposite.best();
        if (best === undefined || !opposite.reaches(best, limit)) break;
        const lots = Math.min(order.sliceLots, opposite.sizeAt(best));
        if (lots <= 0) break;
        opposite.take(best, lots);
        this.fill(order, limit, lots, 'maker');
      }
    }
  }

  /**
   * A public trade at `price`: resting orders strictly better than it traded through and fill first; at the
   * trade's price the queue ahead of us trades away before we do. An aggressor on our own side never fills us.
   */
  private onTrade(price: number, lots: number, aggressor: 'buy' | 'sell' | undefined): void {
    let remaining = lots;
    for (const order of this.restingByPriority()) {
      if (remaining <= 0) break;
      const buy = order.request.side === 'buy';
      if (aggressor !== undefined && (aggressor === 'buy') === buy) continue;
      const limit = order.priceTicks as number;
      if (buy ? price > limit : price < limit) continue;
      if (price === limit) {
        const consumed = Math.min(order.queueAhead, remaining);
        order.queueAhead -= consumed;
        remaining -= consumed;
      } else order.queueAhead = 0;
      const lotsFilled = Math.min(order.sliceLots, remaining);
      if (lotsFilled <= 0) continue;
      remaining -= lotsFilled;
      this.fill(order, limit, lotsFilled, 'maker');
    }
  }

  private checkTriggers(): void {
    const bid = this.book.bids.best();
    const ask = this.book.asks.best();
    for (const order of this.open) if (isWaitingForTrigger(order) && updateTrailing(order, bid, ask, this.scale)) this.locks.changed(order);
    const hit = this.open.filter((o) => isWaitingForTrigger(o) && isTriggerHit(o, bid, ask));
    for (const order of hit.sort((a, b) => a.priority - b.priority)) {
      if (isWaitingForTrigger(order)) this.trigger(order);
    }
    // Triggered orders took liquidity and may have moved the touch through further triggers (a stop cascade).
    if (hit.length > 0 && (this.book.bids.best() !== bid || this.book.asks.best() !== ask)) this.checkTriggers();
  }

  // ---- our orders --------------------------------------------------------------------------------------

  /** Why the order may not reach the book as it is (post-only would take, trigger already hit), checked before acceptance. */
  refusal(order: LiveOrder, immediateTrigger: 'trigger' | 'reject'): MatchingRejectCode | undefined {
    const type = order.request.type;
    if (type === 'limit') return order.request.postOnly === true && this.wouldTake(order) ? 'POST_ONLY_WOULD_TAKE' : undefined;
    if (type === 'market' || immediateTrigger === 'trigger' || type === 'trailing-stop' || type === 'trailing-limit') return undefined;
    return isTriggerHit(order, this.book.bids.best(), this.book.asks.best()) ? 'TRIGGER_ALREADY_HIT' : undefined;
  }

  /** An accepted order reaches the book: it takes what it may, then rests, waits for its trigger, or ends. */
  arrive(order: LiveOrder): void {
    const type = order.request.type;
    if (type === 'market') {
      this.executeMarket(order);
      return;
    }
    if (type === 'limit') {
      this.executeLimit(order);
      return;
    }
    this.open.push(order);
    this.locks.opened(order);
    const bid = this.book.bids.best();
    const ask = this.book.asks.best();
    updateTrailing(order, bid, ask, this.scale);
    if (isTriggerHit(order, bid, ask)) this.trigger(order);
  }

  private trigger(order: LiveOrder): void {
    order.triggered = true;
    order.status = 'triggered';
    order.updatedAt = this.host.now();
    this.host.emitOrder('order-triggered', order);
    const reference = (order.request.side === 'buy' ? this.book.asks.best() : this.book.bids.best()) ?? order.triggerTicks ?? 0;
    if (!this.host.affordable(order, order.priceTicks ?? reference)) {
      this.close(order, 'canceled', 'INSUFFICIENT_BALANCE');
      return;
    }
    this.open = this.open.filter((o) => o !== order);
    this.locks.closed(order);
    if (order.request.type === 'trailing-limit') order.priceTicks = trailingLimitTicks(order, this.scale);
    if (order.request.type === 'stop-limit' || order.request.type === 'limit-if-touched' || order.request.type === 'trailing-limit') this.executeLimit(order);
    else this.executeMarket(order);
  }

  private executeMarket(order: LiveOrder): undefined {
    const bound = order.request.type === 'market' ? order.priceTicks : undefined;
    if (order.request.timeInForce === 'FOK' && this.available(order, bound) < leavesLots(order)) {
      this.close(order, 'canceled', 'FOK_NOT_FILLABLE');
      return undefined;
    }
    const before = order.filledLots;
    this.walk(order, bound);
    if (leavesLots(order) > 0) {
      const opposite = this.oppositeSide(order);
      const reason = opposite.depth === 0 ? 'NO_LIQUIDITY' : order.filledLots === before && bound !== undefined ? 'PRICE_BOUND' : 'IOC_REMAINDER';
      this.close(order, 'canceled', reason);
    }
    return undefined;
  }

  private executeLimit(order: LiveOrder): undefined {
    const tif = order.request.timeInForce;
    if (tif === 'FOK' && this.available(order, order.priceTicks) < leavesLots(order)) {
      this.close(order, 'canceled', 'FOK_NOT_FILLABLE');
      return undefined;
    }
    this.walk(order, order.priceTicks);
    if (leavesLots(order) === 0) return undefined;
    if (tif === 'IOC' || tif === 'FOK') {
      this.close(order, 'canceled', 'IOC_REMAINDER');
      return undefined;
    }
    this.rest(order);
    return undefined;
  }

  /** Joins the back of the queue at the order's level. */
  rest(order: LiveOrder): void {
    order.queueAhead = this.ownSide(order).sizeAt(order.priceTicks as number);
    order.sliceLots = this.sliceFor(order);
    if (!this.open.includes(order)) this.open.push(order);
    this.locks.opened(order);
  }

  /** Takes liquidity level by level up to `limit` (no limit: the whole book); one fill per level, as venues report. */
  private walk(order: LiveOrder, limit: number | undefined): void {
    const opposite = this.oppositeSide(order);
    while (leavesLots(order) > 0) {
      const best = opposite.best();
      if (best === undefined || (limit !== undefined && !opposite.reaches(best, limit))) break;
      const lots = opposite.take(best, leavesLots(order));
      this.fill(order, best, lots, 'taker');
    }
  }

  /** Lots the opposite side shows up to `limit`, for FOK. */
  private available(order: LiveOrder, limit: number | undefined): number {
    const opposite = this.oppositeSide(order);
    let total = 0;
    for (let i = 0; i < opposite.depth; i++) {
      const price = opposite.prices[i] as number;
      if (limit !== undefined && !opposite.reaches(price, limit)) break;
      total += opposite.sizes[i] as number;
    }
    return total;
  }

  wouldTake(order: LiveOrder): boolean {
    const best = this.oppositeSide(order).best();
    return best !== undefined && order.priceTicks !== undefined && this.oppositeSide(order).reaches(best, order.priceTicks);
  }

  /** Applies a modify already validated by the engine; a new price or a larger size loses the queue place. */
  amend(order: LiveOrder, quantityLots: number | undefined, priceTicks: number | undefined, triggerTicks: number | undefined): void {
    const losesPlace = (priceTicks !== undefined && priceTicks !== order.priceTicks) || (quantityLots !== undefined && quantityLots > order.quantityLots);
    if (quantityLots !== undefined) order.quantityLots = quantityLots;
    if (priceTicks !== undefined) order.priceTicks = priceTicks;
    if (triggerTicks !== undefined) order.triggerTicks = triggerTicks;
    this.locks.changed(order);
    order.updatedAt = this.host.now();
    if (losesPlace) order.priority = this.host.nextPriority();
    if (isRestingLimit(order)) {
      if (losesPlace) order.queueAhead = this.ownSide(order).sizeAt(order.priceTicks as number);
      order.sliceLots = Math.min(order.sliceLots, leavesLots(order)) || this.sliceFor(order);
    }
    this.host.emitOrder('order-modified', order);
    if (leavesLots(order) === 0) {
      this.close(order, 'filled', undefined);
      return;
    }
    if (isRestingLimit(order) && this.wouldTake(order)) {
      this.open = this.open.filter((o) => o !== order);
      this.locks.closed(order);
      this.walk(order, order.priceTicks);
      if (leavesLots(order) > 0) this.rest(order);
    }
    this.checkTriggers();
  }

  /** Ends an open order (canceled, expired, or filled by a quantity cut) and emits it. */
  close(order: LiveOrder, status: 'canceled' | 'expired' | 'filled', reason: string | undefined): void {
    order.status = status;
    order.reason = reason;
    order.updatedAt = this.host.now();
    this.open = this.open.filter((o) => o !== order);
    this.locks.closed(order);
    if (status === 'canceled') this.host.emitOrder('order-canceled', order);
    if (status === 'expired') this.host.emitOrder('order-expired', order);
  }

  private fill(order: LiveOrder, priceTicks: number, lots: number, liquidity: 'maker' | 'taker'): void {
    if (lots <= 0) return;
    const { instrument, fees } = this.simulated;
    const quantity = this.scale.quantity(lots);
    const price = this.scale.price(priceTicks);
    const notional = price.mul(quantity);
    const commission = notional.mul(liquidity === 'maker' ? fees.maker : fees.taker);
    order.filledLots += lots;
    this.locks.changed(order);
    order.filledNotional = order.filledNotional.add(notional);
    order.status = leavesLots(order) === 0 ? 'filled' : 'partially-filled';
    order.updatedAt = this.host.now();
    if (isRestingLimit(order) || order.request.type === 'limit') {
      order.sliceLots -= Math.min(order.sliceLots, lots);
      // An iceberg's next slice goes to the back of the queue.
      if (order.sliceLots === 0 && leavesLots(order) > 0) {
        order.sliceLots = this.sliceFor(order);
        order.queueAhead = this.ownSide(order).sizeAt(priceTicks);
      }
    }
    if (order.status === 'filled') {
      this.open = this.open.filter((o) => o !== order);
      this.locks.closed(order);
    }
    const { accountId, side, reduceOnly, clientOrderId } = order.request;
    const realized = this.host.ledger.applyFill(accountId, instrument, side, quantity, price, commission, reduceOnly === true);
    const fill: SimFill = {
      tradeId: this.host.nextTradeId(),
      orderId: order.orderId,
      clientOrderId,
      accountId,
      instrumentId: instrument.id,
      side,
      quantity,
      price,
      liquidity,
      commission,
      commissionCurrency: instrument.quoteCurrency,
      occurredAt: this.host.now(),
      ...(realized === undefined ? {} : { realizedPnl: realized }),
    };
    this.host.emitFill(order, fill);
  }

  private sliceFor(order: LiveOrder): number {
    const display = order.request.displayQuantity;
    const leaves = leavesLots(order);
    if (display === undefined) return leaves;
    return Math.min(leaves, Math.max(1, this.scale.lotsRoundedDown(display)));
  }

  private restingByPriority(): LiveOrder[] {
    return this.open
      .filter(isRestingLimit)
      .sort((a, b) => {
        if (a.request.side !== b.request.side) return a.request.side === 'buy' ? -1 : 1;
        const pa = a.priceTicks as number;
        const pb = b.priceTicks as number;
        if (pa !== pb) return a.request.side === 'buy' ? pb - pa : pa - pb;
        return a.priority - b.priority;
      });
  }

  private ownSide(order: LiveOrder): BookSide {
    return this.book.side(order.request.side === 'buy');
  }

  private oppositeSide(order: LiveOrder): BookSide {
    return this.book.side(order.request.side !== 'buy');
  }
}
