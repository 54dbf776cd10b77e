import { Decimal } from '../../../core/money/decimal';
import { SeriesSet, plotValue } from './series';
import {
  isRecord,
  readAccount,
  readAlert,
  readFill,
  readOrder,
  readPosition,
  readQuote,
  text,
  time,
  type AccountRow,
  type AlertRow,
  type FillRow,
  type InstrumentRow,
  type Json,
  type OrderRow,
  type PositionRow,
  type QuoteRow,
} from './wire';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface Notice {
  readonly kind: 'error' | 'info';
  readonly text: string;
}

export interface TrackedQuote extends QuoteRow {
  /** Which way the mid moved on the last tick, to colour the row. */
  readonly move: 'up' | 'down' | 'flat';
}

const MAX_FILLS = 50;
const MAX_ALERTS = 30;
const FILLED_OR_CLOSED = new Set(['filled', 'canceled', 'expired', 'rejected']);

/** Everything the page shows, and the fold of the live events into it. */
export class DashboardState {
  instruments = new Map<string, InstrumentRow>();
  accounts = new Map<string, AccountRow>();
  quotes = new Map<string, TrackedQuote>();
  positions = new Map<string, PositionRow>();
  orders = new Map<string, OrderRow>();
  fills: FillRow[] = [];
  alerts: AlertRow[] = [];
  tradingState = 'ACTIVE';
  /** False after `POST /stop`: open orders stay managed but no new intents are taken. */
  acceptingIntents = true;
  connection: ConnectionState = 'connecting';
  venues = new Map<string, string>();
  notice: Notice | undefined;
  /** The client order id of the last order sent from the ticket, to show its fate beside the ticket. */
  lastTicketOrder: string | undefined;

  readonly latency = new SeriesSet();
  readonly fillRatio = new SeriesSet();
  readonly equity = new SeriesSet();
  private readonly submittedAt = new Map<string, number>();
  private readonly acceptedAt = new Map<string, number>();
  private readonly countedTerminal = new Set<string>();
  private filledCount = 0;
  private terminalCount = 0;

  private listeners: (() => void)[] = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  openOrders(): OrderRow[] {
    return [...this.orders.values()].filter((o) => isOpenStatus(o.status));
  }

  setAccounts(rows: readonly AccountRow[], now: number): void {
    this.accounts = new Map(rows.map((row) => [row.accountId, row]));
    for (const row of rows) this.sampleEquity(row, now);
  }

  setPositions(rows: readonly PositionRow[]): void {
    this.positions = new Map(rows.filter((p) => !isFlat(p)).map((p) => [positionKey(p), p]));
  }

  /**
   * Open orders from the API replace the open set. Returns the ids we thought open that the API no longer
   * lists: they ended without us seeing how (a missed event), and are dropped.
   */
  setOpenOrders(rows: readonly OrderRow[]): string[] {
    const open = new Set(rows.map((r) => r.clientOrderId));
    const vanished: string[] = [];
    for (const [id, order] of this.orders) {
      if (isOpenStatus(order.status) && !open.has(id)) {
        this.orders.delete(id);
        vanished.push(id);
      }
    }
    for (const row of rows) this.orders.set(row.clientOrderId, row);
    return vanished;
  }

  setFills(rows: readonly FillRow[]): void {
    const merged = new Map<string, FillRow>();
    for (const fill of [...this.fills, ...rows]) {
      const known = merged.get(fill.tradeId);
      // An event fill names our client order id; a fill report may not: keep the richer one.
      merged.set(fill.tradeId, known?.clientOrderId !== undefined ? known : fill);
    }
    this.fills = [...merged.values()].sort((a, b) => b.at - a.at).slice(0, MAX_FILLS);
  }

  setQuotes(rows: readonly QuoteRow[]): void {
    for (const row of rows) this.quotes.set(row.instrumentId, { ...row, move: 'flat' });
  }

  trackOrder(row: OrderRow): void {
    this.orders.set(row.clientOrderId, row);
  }

  /** Folds one live event. Unknown event types are ignored: the page shows what it knows. */
  apply(event: Json): void {
    const type = text(event.type);
    const at = time(event.recordedAt ?? event.occurredAt);
    switch (type) {
      case 'QuoteTick':
        this.applyQuote(readQuote(event));
        return;
      case 'OrderInitialized':
        if (isRecord(event.request))
          this.orders.set(text(event.clientOrderId), { ...readOrder(event.request), status: 'initialized' });
        return;
      case 'OrderSubmitted':
        this.submittedAt.set(text(event.clientOrderId), at);
        this.setStatus(event, 'submitted');
        return;
      case 'OrderAccepted': {
        const sent = this.submittedAt.get(text(event.clientOrderId));
        if (sent !== undefined) this.latency.add('submit → ack', at, at - sent);
        this.submittedAt.delete(text(event.clientOrderId));
        this.acceptedAt.set(text(event.clientOrderId), at);
        this.setStatus(event, 'accepted');
        return;
      }
      case 'OrderDenied':
      case 'OrderRejected':
        this.setStatus(
          event,
          type === 'OrderDenied' ? 'denied' : 'rejected',
          `${text(event.code)}: ${text(event.reason)}`,
        );
        this.countTerminal(event, type === 'OrderRejected' ? 'closed' : undefined, at);
        return;
      case 'OrderCanceled':
      case 'OrderExpired':
        this.setStatus(
          event,
          type === 'OrderCanceled' ? 'canceled' : 'expired',
          text(event.reason) || undefined,
        );
        this.countTerminal(event, 'closed', at);
        return;
      case 'OrderTriggered':
        this.setStatus(event, 'triggered');
        return;
      case 'OrderPendingCancel':
        this.setStatus(event, 'pending-cancel');
        return;
      case 'OrderFilled':
        this.applyFill(event, at);
        return;
      case 'PositionChanged':
        this.applyPosition(readPosition(event));
        return;
      case 'PositionClosed':
        this.positions.delete(positionKey(readPosition(event)));
        return;
      case 'AccountStateChanged':
        this.applyAccountState(event, at);
        return;
      case 'TradingStateChanged':
        if (event.accountId === undefined) this.tradingState = text(event.current, this.tradingState);
        else this.applyAccountTradingState(text(event.accountId), text(event.current));
        return;
      case 'AlertRaised':
        this.alerts = [readAlert(event), ...this.alerts].slice(0, MAX_ALERTS);
        return;
      case 'VenueConnectionChanged':
        this.venues.set(text(event.venue), text(event.state));
        return;
      default:
        return;
    }
  }

  private applyQuote(quote: QuoteRow): void {
    const previous = this.quotes.get(quote.instrumentId);
    let move: TrackedQuote['move'] = 'flat';
    if (previous !== undefined) {
      const before = Decimal.tryParse(previous.bid);
      const now = Decimal.tryParse(quote.bid);
      if (before !== undefined && now !== undefined)
        move = now.gt(before) ? 'up' : now.lt(before) ? 'down' : previous.move;
    }
    this.quotes.set(quote.instrumentId, { ...quote, move });
  }

  private setStatus(event: Json, status: string, reason?: string): void {
    const id = text(event.clientOrderId);
    const order = this.orders.get(id);
    if (order === undefined) return;
    this.orders.set(id, reason === undefined ? { ...order, status } : { ...order, status, reason });
  }

  private applyFill(event: Json, at: number): void {
    const fill = readFill(event);
    this.setFills([fill]);
    const id = text(event.clientOrderId);
    const accepted = this.acceptedAt.get(id);
    if (accepted !== undefined) this.latency.add('ack → first fill', at, at - accepted);
    this.acceptedAt.delete(id);
    const order = this.orders.get(id);
    if (order === undefined) return;
    const filled = (Decimal.tryParse(order.filledQuantity) ?? Decimal.ZERO).add(
      Decimal.tryParse(fill.quantity) ?? Decimal.ZERO,
    );
    const complete = filled.gte(Decimal.tryParse(order.quantity) ?? filled);
    this.orders.set(id, {
      ...order,
      filledQuantity: filled.toString(),
      status: complete ? 'filled' : 'partially-filled',
    });
    if (complete) this.countTerminal(event, 'filled', at);
  }

  /** Fill ratio: filled orders over orders that reached the venue and ended (denials never got there). */
  private countTerminal(event: Json, outcome: 'filled' | 'closed' | undefined, at: number): void {
    const id = text(event.clientOrderId);
    if (outcome === undefined || this.countedTerminal.has(id)) return;
    this.countedTerminal.add(id);
    this.terminalCount++;
    if (outcome === 'filled') this.filledCount++;
    this.fillRatio.add('fill ratio %', at, (100 * this.filledCount) / this.terminalCount);
  }

  private applyPosition(position: PositionRow): void {
    if (isFlat(position)) this.positions.delete(positionKey(position));
    else this.positions.set(positionKey(position), position);
  }

  private applyAccountState(event: Json, at: number): void {
    const accountId = text(event.accountId);
    const known = this.accounts.get(accountId);
    const fresh = readAccount(event);
    const merged: AccountRow =
      known === undefined
        ? fresh
        : {
            ...known,
            ...fresh,
            enabled: known.enabled,
            tradingState: known.tradingState,
            venue: known.venue || fresh.venue,
          };
    this.accounts.set(accountId, merged);
    this.sampleEquity(merged, at);
  }

  private applyAccountTradingState(accountId: string, state: string): void {
    const known = this.accounts.get(accountId);
    if (known !== undefined) this.accounts.set(accountId, { ...known, tradingState: state });
  }

  private sampleEquity(account: AccountRow, at: number): void {
    if (account.equity !== undefined && at > 0) {
      this.equity.add(
        `${account.accountId} (${account.equity.currency})`,
        at,
        plotValue(account.equity.amount),
      );
    }
  }
}

export function isOpenStatus(status: string): boolean {
  return !FILLED_OR_CLOSED.has(status) && status !== 'denied' && status !== 'initialized';
}

export function positionKey(position: { accountId: string; instrumentId: string }): string {
  return `${position.accountId}|${position.instrumentId}`;
}

function isFlat(position: PositionRow): boolean {
  return position.side === 'flat' || Decimal.tryParse(position.signedQuantity)?.isZero() === true;
}
