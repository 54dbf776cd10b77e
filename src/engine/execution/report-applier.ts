import type { FillReport, OrderStatusReport } from '../../core';
import type { EngineContext } from '../context';
import type { OrderEntry } from '../oms/order-cache';

/**
 * Turns what a venue says about one known order into order events. The venue is the source of truth for its
 * orders; the transition table decides whether a report is news. Reports about a venue order this engine
 * order has since replaced (cancel/replace) move no status: only their fills count.
 */
export class ReportApplier {
  constructor(private readonly context: EngineContext) {}

  findEntry(report: { venueClientOrderId?: string; venueOrderId: string }): OrderEntry | undefined {
    const { cache } = this.context;
    return (
      (report.venueClientOrderId === undefined
        ? undefined
        : cache.byVenueClientOrderId(report.venueClientOrderId)) ?? cache.byVenueOrder(report.venueOrderId)
    );
  }

  applyFill(entry: OrderEntry, fill: FillReport): boolean {
    const { book } = this.context;
    const order = entry.order;
    if (order.tradeIds.has(fill.tradeId)) return false;
    if (order.status === 'submitted' || order.status === 'unknown')
      this.accept(entry, fill.venueOrderId, fill.occurredAt);
    this.alertIfSettledWrongly(entry, fill);
    return book.apply(
      entry,
      book.events.make(
        order,
        'OrderFilled',
        {
          venueOrderId: fill.venueOrderId,
          tradeId: fill.tradeId,
          side: fill.side,
          lastQuantity: fill.quantity,
          lastPrice: fill.price,
          commission: fill.commission,
          liquidity: fill.liquidity,
        },
        fill.occurredAt,
      ),
    );
  }

  /**
   * A fill on an order TMT settled as rejected, or canceled before the fill happened, means TMT's view was
   * wrong: the fill is applied (the venue is the truth) and the operator is told.
   */
  private alertIfSettledWrongly(entry: OrderEntry, fill: FillReport): void {
    const order = entry.order;
    const closedAt = order.events.at(-1)?.occurredAt ?? 0;
    const wrongly = order.status === 'rejected' || (order.status === 'canceled' && fill.occurredAt > closedAt);
    if (!wrongly) return;
    this.context.alert('drift', 'critical', `fill ${fill.tradeId} on ${order.clientOrderId}, which TMT held as ${order.status}`, {
      accountId: order.request.accountId,
      venue: entry.venue,
      details: { clientOrderId: order.clientOrderId, tradeId: fill.tradeId, status: order.status, quantity: fill.quantity.toString() },
    });
  }

  /** Moves the order toward the status the venue reports. Fills are never inferred here: they come as fills. */
  applyOrderReport(entry: OrderEntry, report: OrderStatusReport): void {
    const { book } = this.context;
    const order = entry.order;
    if (this.holdForReplace(entry, report)) return;
    if (this.isSuperseded(entry, report)) return;
    const at = report.reportedAt;
    switch (report.status) {
      case 'accepted':
      case 'partially-filled':
      case 'filled':
      case 'pending-update':
      case 'pending-cancel':
      case 'submitted':
        if (order.status === 'submitted' || order.status === 'unknown')
          this.accept(entry, report.venueOrderId, at);
        return;
      case 'triggered':
        if (order.status === 'submitted' || order.status === 'unknown')
          this.accept(entry, report.venueOrderId, at);
        if (order.status === 'accepted') book.apply(entry, book.events.make(order, 'OrderTriggered', {}, at));
        return;
      case 'rejected':
        if (order.status === 'submitted' || order.status === 'unknown') {
          book.apply(
            entry,
            book.events.make(
              order,
              'OrderRejected',
              {
                code: report.reasonCode ?? 'VENUE_REJECTED',
                reason: report.venueReason ?? 'rejected by the venue',
                ...(report.venueReason === undefined ? {} : { venueReason: report.venueReason }),
              },
              at,
            ),
          );
        }
        return;
      case 'canceled': {
        if (order.isTerminal()) return;
        // A cancel the engine asked for with a code of its own (reduce-only shrink, kill switch) closes with
        // TMT's code and reason: the venue's report only confirms it.
        const asked = entry.cancelRequested?.code === undefined ? undefined : entry.cancelRequested;
        const reason = asked?.reason ?? report.venueReason;
        const code = asked?.code ?? report.reasonCode;
        book.apply(
          entry,
          book.events.make(
            order,
            'OrderCanceled',
            { ...(reason === undefined ? {} : { reason }), ...(code === undefined ? {} : { code }) },
            at,
          ),
        );
        return;
      }
      case 'expired':
        if (!order.isTerminal()) book.apply(entry, book.events.make(order, 'OrderExpired', {}, at));
        return;
      case 'initialized':
      case 'denied':
      case 'unknown':
        return;
    }
  }

  /** The venue acknowledged the order (an answer, a report, or a fill that implies it). */
  accept(entry: OrderEntry, venueOrderId: OrderStatusReport['venueOrderId'], at: number): void {
    const { book } = this.context;
    book.apply(entry, book.events.make(entry.order, 'OrderAccepted', { venueOrderId }, at));
  }

  /**
   * While a modify replaces the venue order, the old one ends by design: its canceled (or expired) report waits
   * for the modify's outcome instead of closing the engine order whose replacement is on its way.
   */
  private holdForReplace(entry: OrderEntry, report: OrderStatusReport): boolean {
    const replacing = entry.replacing;
    if (replacing === undefined || (report.status !== 'canceled' && report.status !== 'expired')) return false;
    const aboutOld =
      report.venueClientOrderId !== undefined
        ? report.venueClientOrderId === replacing.venueClientOrderId
        : replacing.venueOrderId !== undefined && report.venueOrderId === replacing.venueOrderId;
    if (aboutOld) replacing.held = report;
    return aboutOld;
  }

  /** A report about a venue order this engine order has since replaced (its id is no longer the current one). */
  isAboutReplacedOrder(entry: OrderEntry, report: OrderStatusReport): boolean {
    return this.isSuperseded(entry, report);
  }

  private isSuperseded(entry: OrderEntry, report: OrderStatusReport): boolean {
    const current = entry.order.venueClientOrderId;
    if (report.venueClientOrderId !== undefined && current !== undefined)
      return report.venueClientOrderId !== current;
    const currentVenueId = entry.order.venueOrderId;
    return currentVenueId !== undefined && report.venueOrderId !== currentVenueId;
  }
}
