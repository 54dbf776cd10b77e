import type {
  FillReport,
  Instrument,
  OrderRequest,
  OrderStatusReport,
  VenueClientOrderId,
  VenueName,
} from '../../core';
import { ClientOrderId, Decimal, Quantity } from '../../core';
import type { EngineContext } from '../context';
import type { ReportApplier } from '../execution/report-applier';
import type { OrderEntry } from '../oms/order-cache';

const CLIENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * Orders found at a venue that the engine never saw (placed by hand, or sent just before a crash that lost
 * the journal tail) become engine orders, so that their fills, positions and cancels are managed like any
 * other. They bypass risk: they already exist.
 */
export class OrderAdoption {
  constructor(
    private readonly context: EngineContext,
    private readonly applier: ReportApplier,
  ) {}

  adopt(report: OrderStatusReport, venue: VenueName): OrderEntry {
    const { book, cache } = this.context;
    const clientOrderId = this.clientIdFor(report.venueClientOrderId, report.venueOrderId);
    const request: OrderRequest = {
      clientOrderId,
      accountId: report.accountId,
      instrumentId: report.instrumentId,
      side: report.side,
      type: report.type,
      quantity: report.quantity,
      ...(report.price === undefined ? {} : { price: report.price }),
      ...(report.triggerPrice === undefined ? {} : { triggerPrice: report.triggerPrice }),
      timeInForce: report.timeInForce,
      ...(report.expireAt === undefined ? {} : { expireAt: report.expireAt }),
      postOnly: false,
      reduceOnly: false,
      tag: 'adopted',
    };
    const instrument: Instrument | undefined = this.context.instruments.get(report.instrumentId);
    const { entry } = book.create(request, instrument, venue, undefined);
    const venueClientOrderId = (report.venueClientOrderId ??
      `adopted-${report.venueOrderId}`) as VenueClientOrderId;
    cache.linkVenueClientOrderId(entry, venueClientOrderId);
    book.apply(
      entry,
      book.events.make(entry.order, 'OrderSubmitted', { venueClientOrderId }, report.reportedAt),
    );
    this.applier.accept(entry, report.venueOrderId, report.reportedAt);
    this.applier.applyOrderReport(entry, report);
    this.context.alert(
      'reconciliation',
      'warning',
      `adopted venue order ${report.venueOrderId} the engine did not know`,
      {
        accountId: report.accountId,
        venue,
        details: { venueOrderId: report.venueOrderId, clientOrderId },
      },
    );
    return entry;
  }

  /** Fills of a venue order the engine never saw and that is no longer open: adopted as a filled order. */
  adoptFromFills(
    fills: readonly FillReport[],
    venue: VenueName,
    status: OrderStatusReport | undefined,
  ): OrderEntry | undefined {
    const first = fills[0];
    if (first === undefined) return undefined;
    const total = fills.reduce((sum: Decimal, f) => sum.add(f.quantity), Decimal.ZERO);
    const report: OrderStatusReport = status ?? {
      accountId: first.accountId,
      instrumentId: first.instrumentId,
      venueOrderId: first.venueOrderId,
      ...(first.venueClientOrderId === undefined ? {} : { venueClientOrderId: first.venueClientOrderId }),
      side: first.side,
      type: 'market',
      timeInForce: 'IOC',
      status: 'filled',
      quantity: Quantity.of(total),
      filledQuantity: Quantity.of(total),
      reportedAt: first.occurredAt,
    };
    const entry = this.adopt(
      report.quantity.gte(total) ? report : { ...report, quantity: Quantity.of(total) },
      venue,
    );
    for (const fill of fills) this.applier.applyFill(entry, fill);
    return entry;
  }

  private clientIdFor(venueClientOrderId: string | undefined, venueOrderId: string): ClientOrderId {
    if (
      venueClientOrderId !== undefined &&
      CLIENT_ID.test(venueClientOrderId) &&
      this.context.cache.get(venueClientOrderId) === undefined
    ) {
      return ClientOrderId.parse(venueClientOrderId);
    }
    const base = `ext-${venueOrderId.replace(/[^A-Za-z0-9._:-]/g, '_')}`.slice(0, 64);
    return ClientOrderId.parse(base);
  }
}
