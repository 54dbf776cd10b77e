import { OrderListId, TradeId, VenueOrderId, type AccountId, type InstrumentId, type VenueClientOrderId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import { Quantity } from '../../../core/money/quantity';
import type { VenueReport } from '../../../core/reports';
import { isExecutionType, ORDER_STATUS, SIDE, TIME_IN_FORCE } from '../enums';
import { known, orderType, UnknownEnumError } from './reports';

/** user-data-stream.md executionReport, field names as on the wire. */
export interface ExecutionReportEvent {
  readonly e: 'executionReport';
  readonly E: number;
  readonly s: string;
  readonly c: string;
  readonly S: string;
  readonly o: string;
  readonly f: string;
  readonly q: string;
  readonly p: string;
  readonly P: string;
  readonly g: number;
  readonly C: string;
  readonly x: string;
  readonly X: string;
  readonly r: string;
  readonly i: number;
  readonly l: string;
  readonly z: string;
  readonly L: string;
  readonly n: string;
  readonly N: string | null;
  readonly T: number;
  readonly t: number;
  readonly m: boolean;
  readonly Z: string;
  readonly d?: number;
  readonly eR?: string;
}

export interface UserEventContext {
  readonly accountId: AccountId;
  readonly instrumentId: (symbol: string) => InstrumentId;
}

function nonZero(text: string): Price | undefined {
  const value = Decimal.parse(text);
  return value.isZero() ? undefined : Price.of(value);
}

/** An executionReport as engine reports: the order's status, plus a fill when the execution type is TRADE. */
export function executionReportToReports(event: ExecutionReportEvent, context: UserEventContext): VenueReport[] {
  if (!isExecutionType(event.x)) throw new UnknownEnumError('execution type', event.x);
  const instrumentId = context.instrumentId(event.s);
  const filled = Quantity.parse(event.z);
  const quote = Decimal.parse(event.Z);
  const price = nonZero(event.p);
  const trigger = nonZero(event.P);
  // A cancel reports the cancel request's id in `c` and the order's own id in `C`.
  const clientOrderId = (event.x === 'CANCELED' && event.C !== '' ? event.C : event.c) as VenueClientOrderId;
  const reports: VenueReport[] = [
    {
      kind: 'order',
      report: {
        accountId: context.accountId,
        instrumentId,
        venueOrderId: VenueOrderId.of(String(event.i)),
        venueClientOrderId: clientOrderId,
        side: known(SIDE, 'side', event.S),
        type: orderType(event.o, event.P, event.d),
        timeInForce: known(TIME_IN_FORCE, 'timeInForce', event.f),
        status: known(ORDER_STATUS, 'order status', event.X),
        quantity: Quantity.parse(event.q),
        filledQuantity: filled,
        reportedAt: event.E,
        ...(filled.isPositive() ? { averageFillPrice: Price.of(quote.div(filled, 12, 'half-even').normalize()) } : {}),
        ...(price === undefined ? {} : { price }),
        ...(trigger === undefined ? {} : { triggerPrice: trigger }),
        ...(event.g >= 0 ? { listId: OrderListId.of(String(event.g)) } : {}),
        ...(event.r !== 'NONE' ? { venueReason: event.r } : event.X === 'EXPIRED_IN_MATCH' ? { venueReason: 'EXPIRED_IN_MATCH' } : {}),
      },
    },
  ];
  if (event.x === 'TRADE') {
    reports.push({
      kind: 'fill',
      report: {
        accountId: context.accountId,
        instrumentId,
        venueOrderId: VenueOrderId.of(String(event.i)),
        venueClientOrderId: clientOrderId,
        tradeId: TradeId.of(String(event.t)),
        side: known(SIDE, 'side', event.S),
        quantity: Quantity.parse(event.l),
        price: Price.parse(event.L),
        commission: Money.parse(event.n, event.N ?? 'USDT'),
        liquidity: event.m ? 'maker' : 'taker',
        occurredAt: event.T,
      },
    });
  }
  return reports;
}

/** outboundAccountPosition: the balances that changed. */
export function accountPositionToReport(
  event: { readonly E: number; readonly B: readonly { readonly a: string; readonly f: string; readonly l: string }[] },
  accountId: AccountId,
  baseCurrency: string,
): VenueReport {
  return {
    kind: 'account',
    report: {
      accountId,
      baseCurrency,
      balances: event.B.map((b) => {
        const free = Decimal.parse(b.f);
        const locked = Decimal.parse(b.l);
        return { currency: b.a, free, locked, total: free.add(locked) };
      }),
      reportedAt: event.E,
    },
  };
}

/** balanceUpdate: a deposit, withdrawal or transfer (`d` is the signed delta). */
export function balanceUpdateToReport(event: { readonly E: number; readonly a: string; readonly d: string; readonly T: number }, accountId: AccountId): VenueReport {
  const delta = Decimal.parse(event.d);
  return {
    kind: 'cash',
    report: {
      accountId,
      kind: delta.isNegative() ? 'withdrawal' : 'deposit',
      amount: Money.of(delta, event.a),
      venueTransactionId: `${event.a}:${event.T}`,
      occurredAt: event.T,
    },
  };
}
