import {
  Decimal,
  type ClientOrderId,
  type MessageBus,
  type OrderFilled,
  type PositionClosed,
  type QuoteTick,
  type Signal,
} from '../../core';
import type { SignalBook } from './signal-book';

interface OpenTrade {
  readonly signal: Signal;
  readonly openKeys: Set<string>;
  firstFillAt: number | undefined;
  entryCost: Decimal;
  entryQuantity: Decimal;
  pnl: Decimal | undefined;
  currency: string | undefined;
  adverse: Decimal;
  favourable: Decimal;
  /** The price the signal expected to enter at: its limit, or the opposite quote when it was taken. */
  reference: Decimal | undefined;
}

/** What pattern detection needs of a closed trade beside its signal and P&L. */
export interface ClosedTradeFacts {
  readonly accountId: string;
  readonly enteredAt: number;
  readonly closedAt: number;
  /** Adverse entry slippage in price units against the reference; zero when there was none. */
  readonly slippage: Decimal;
}

const key = (accountId: string, instrumentId: string) => `${accountId}|${instrumentId}`;

/**
 * Follows a signal's orders on the bus: their fills, then the positions they opened until closed, giving the
 * outcome (P&L, holding time, maximum adverse and favourable excursion from the average entry). The realized
 * P&L of a position is booked to the signal that opened it; later signals on the same position close with it.
 */
export class OutcomeTracker {
  private readonly orderToSignal = new Map<string, Signal>();
  private readonly trades = new Map<string, OpenTrade>();
  private readonly byPosition = new Map<string, Set<string>>();
  private readonly lastQuote = new Map<string, QuoteTick>();
  private readonly references = new Map<string, Decimal>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    bus: MessageBus,
    private readonly book: SignalBook,
    private readonly onClosed: (signal: Signal, pnl: Decimal, facts: ClosedTradeFacts) => void,
  ) {
    this.unsubscribe = [
      bus.subscribe('OrderFilled', (event) => this.onFill(event)),
      bus.subscribe('PositionClosed', (event) => this.onPositionClosed(event)),
      bus.subscribe('QuoteTick', (event) => this.onQuote(event)),
    ];
  }

  link(signal: Signal, clientOrderId: ClientOrderId): void {
    if (this.orderToSignal.has(clientOrderId)) return;
    this.orderToSignal.set(clientOrderId, signal);
    if (!this.references.has(signal.signalId)) {
      const quote = this.lastQuote.get(signal.instrumentId);
      const reference =
        signal.entry.type === 'limit'
          ? signal.entry.price
          : quote === undefined
            ? undefined
            : signal.intent === 'long'
              ? quote.ask
              : quote.bid;
      if (reference !== undefined) this.references.set(signal.signalId, reference);
    }
    this.book.addOrder(signal.signalId, clientOrderId);
  }

  close(): void {
    for (const stop of this.unsubscribe) stop();
  }

  private onFill(event: OrderFilled): void {
    const signal = this.orderToSignal.get(event.clientOrderId);
    if (signal === undefined) return;
    this.book.addFill(signal.signalId, {
      clientOrderId: event.clientOrderId,
      tradeId: event.tradeId,
      side: event.side,
      quantity: event.lastQuantity.toString(),
      price: event.lastPrice.toString(),
      at: event.occurredAt,
    });
    if (signal.intent === 'flat') {
      this.book.setOutcome(signal.signalId, { state: 'closed' });
      return;
    }
    let trade = this.trades.get(signal.signalId);
    if (trade === undefined) {
      trade = {
        signal,
        openKeys: new Set(),
        firstFillAt: undefined,
        entryCost: Decimal.ZERO,
        entryQuantity: Decimal.ZERO,
        pnl: undefined,
        currency: undefined,
        adverse: Decimal.ZERO,
        favourable: Decimal.ZERO,
        reference: this.references.get(signal.signalId),
      };
      this.references.delete(signal.signalId);
      this.trades.set(signal.signalId, trade);
    }
    const entering = (signal.intent === 'long') === (event.side === 'buy');
    if (!entering) return; // an attached stop or target fill: the position close books it
    trade.firstFillAt ??= event.occurredAt;
    trade.entryCost = trade.entryCost.add(event.lastPrice.mul(event.lastQuantity));
    trade.entryQuantity = trade.entryQuantity.add(event.lastQuantity);
    const positionKey = key(event.accountId, event.instrumentId);
    trade.openKeys.add(positionKey);
    const holders = this.byPosition.get(positionKey) ?? new Set<string>();
    holders.add(signal.signalId);
    this.byPosition.set(positionKey, holders);
    this.book.setOutcome(signal.signalId, { state: 'open', ...this.excursions(trade) });
  }

  private onQuote(quote: QuoteTick): void {
    this.lastQuote.set(quote.instrumentId, quote);
    if (this.trades.size === 0) return;
    for (const trade of this.trades.values()) {
      if (trade.signal.instrumentId !== quote.instrumentId || trade.entryQuantity.isZero()) continue;
      const entry = trade.entryCost.div(trade.entryQuantity, 12, 'half-even');
      // Valued where the position could be closed: the bid for a long, the ask for a short.
      const move = trade.signal.intent === 'long' ? quote.bid.sub(entry) : entry.sub(quote.ask);
      if (move.gt(trade.favourable)) trade.favourable = move;
      if (move.neg().gt(trade.adverse)) trade.adverse = move.neg();
    }
  }

  private onPositionClosed(event: PositionClosed): void {
    const positionKey = key(event.accountId, event.instrumentId);
    const holders = this.byPosition.get(positionKey);
    if (holders === undefined) return;
    this.byPosition.delete(positionKey);
    let first = true;
    for (const signalId of holders) {
      const trade = this.trades.get(signalId);
      if (trade === undefined) continue;
      if (first) {
        trade.pnl = (trade.pnl ?? Decimal.ZERO).add(event.realizedPnl.amount);
        trade.currency = event.realizedPnl.currency;
      }
      first = false;
      trade.openKeys.delete(positionKey);
      if (trade.openKeys.size > 0) continue;
      this.trades.delete(signalId);
      this.book.setOutcome(signalId, {
        state: 'closed',
        ...(trade.pnl === undefined ? {} : { realizedPnl: trade.pnl.toString() }),
        ...(trade.currency === undefined ? {} : { currency: trade.currency }),
        ...(trade.firstFillAt === undefined ? {} : { holdingMs: event.occurredAt - trade.firstFillAt }),
        ...this.excursions(trade),
      });
      if (trade.pnl !== undefined)
        this.onClosed(trade.signal, trade.pnl, {
          accountId: event.accountId,
          enteredAt: trade.firstFillAt ?? event.occurredAt,
          closedAt: event.occurredAt,
          slippage: slippageOf(trade),
        });
    }
  }

  private excursions(trade: OpenTrade): { maxAdverseExcursion: string; maxFavourableExcursion: string } {
    return {
      maxAdverseExcursion: trade.adverse.normalize().toString(),
      maxFavourableExcursion: trade.favourable.normalize().toString(),
    };
  }
}

function slippageOf(trade: OpenTrade): Decimal {
  if (trade.reference === undefined || trade.entryQuantity.isZero()) return Decimal.ZERO;
  const entry = trade.entryCost.div(trade.entryQuantity, 12, 'half-even');
  return (trade.signal.intent === 'long' ? entry.sub(trade.reference) : trade.reference.sub(entry)).normalize();
}
