import type { Clock } from '../../core/clock';
import { TmtError } from '../../core/errors';
import type { AccountId, InstrumentId } from '../../core/identifiers';
import { TradeId, VenueOrderId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Money } from '../../core/money/money';
import { Price } from '../../core/money/price';
import type { FillReport } from '../../core/reports';
import type { OandaRestClient } from './http/rest-client';
import type { OandaResponse } from './http/transport';
import { KnownOrders } from './parse/known-orders';
import { parseOandaTime } from './parse/time';
import { mapTransaction } from './parse/transactions';
import { readWire, TradeWire, TransactionWire } from './parse/wire';
import { toInstrumentId, toOandaSymbol } from './symbols';

/** An open OANDA trade as the engine sees it: OANDA keeps trades (each fill a trade) under the position. */
export interface OandaTrade {
  readonly tradeId: TradeId;
  readonly instrumentId: InstrumentId;
  /** Positive long, negative short. */
  readonly currentUnits: Decimal;
  readonly price: Price;
  readonly openedAt: number;
  readonly realizedPnl: Money;
  readonly unrealizedPnl?: Money;
  readonly takeProfit?: { readonly orderId: VenueOrderId; readonly price: Price };
  readonly stopLoss?: { readonly orderId: VenueOrderId; readonly price: Price };
  readonly trailingStopDistance?: Decimal;
  readonly clientTradeId?: string;
}

/** The outcome of a close: the fills it booked, or the venue's cancel reason (FIFO_VIOLATION...). */
export interface CloseOutcome {
  readonly fills: readonly FillReport[];
  readonly canceledReason?: string;
}

/**
 * OANDA's trade-level verbs, which the venue port does not have (other venues keep no trades): list trades,
 * close one fully or partly, set or replace its dependent orders, close a position's long or short units.
 */
export class OandaTradeClient {
  constructor(
    private readonly rest: OandaRestClient,
    private readonly clock: Clock,
    private readonly currencyOf: (accountId: AccountId) => string,
  ) {}

  async openTrades(accountId: AccountId): Promise<OandaTrade[]> {
    const body = ok(await this.rest.listOpenTrades(accountId), 'open trades') as { trades?: unknown[] };
    const currency = this.currencyOf(accountId);
    return (body.trades ?? []).map((value) => {
      const wire = readWire(TradeWire, value, 'Trade');
      const dependent = (field: string): { orderId: VenueOrderId; price: Price } | undefined => {
        const order = (value as Record<string, { id?: string; price?: string } | undefined>)[field];
        return order?.id === undefined || order.price === undefined ? undefined : { orderId: VenueOrderId.of(order.id), price: Price.parse(order.price) };
      };
      const takeProfit = dependent('takeProfitOrder');
      const stopLoss = dependent('stopLossOrder');
      const trailing = (value as { trailingStopLossOrder?: { distance?: string } }).trailingStopLossOrder?.distance;
      return {
        tradeId: TradeId.of(wire.id),
        instrumentId: toInstrumentId(wire.instrument),
        currentUnits: Decimal.parse(wire.currentUnits),
        price: Price.parse(wire.price),
        openedAt: parseOandaTime(wire.openTime),
        realizedPnl: Money.parse(wire.realizedPL, currency),
        ...(wire.unrealizedPL === undefined ? {} : { unrealizedPnl: Money.parse(wire.unrealizedPL, currency) }),
        ...(takeProfit === undefined ? {} : { takeProfit }),
        ...(stopLoss === undefined ? {} : { stopLoss }),
        ...(trailing === undefined ? {} : { trailingStopDistance: Decimal.parse(trailing) }),
        ...(typeof wire.clientExtensions?.id === 'string' ? { clientTradeId: wire.clientExtensions.id } : {}),
      };
    });
  }

  /** PUT /trades/{id}/close: all units, or `units` of them (a positive amount). */
  async closeTrade(accountId: AccountId, tradeId: TradeId, units?: Decimal): Promise<CloseOutcome> {
    const response = await this.rest.closeTrade(accountId, tradeId, units === undefined ? 'ALL' : units.toString());
    return this.outcome(accountId, ok(response, `close trade ${tradeId}`) as Record<string, unknown>, ['']);
  }

  /** PUT /positions/{instrument}/close: the long and/or short side, all units or some. */
  async closePosition(accountId: AccountId, instrumentId: InstrumentId, sides: { long?: Decimal | 'ALL'; short?: Decimal | 'ALL' }): Promise<CloseOutcome> {
    const body = {
      ...(sides.long === undefined ? {} : { longUnits: sides.long === 'ALL' ? 'ALL' : sides.long.toString() }),
      ...(sides.short === undefined ? {} : { shortUnits: sides.short === 'ALL' ? 'ALL' : sides.short.toString() }),
    };
    const response = await this.rest.closePosition(accountId, toOandaSymbol(instrumentId), body);
    return this.outcome(accountId, ok(response, `close position ${instrumentId}`) as Record<string, unknown>, ['long', 'short']);
  }

  /** PUT /trades/{id}/orders: a price sets or replaces the order, null cancels it, absent leaves it. */
  async setTradeOrders(
    accountId: AccountId,
    tradeId: TradeId,
    orders: { takeProfit?: Price | null; stopLoss?: Price | null; trailingStopDistance?: Decimal | null },
  ): Promise<void> {
    const body: Record<string, unknown> = {};
    if (orders.takeProfit !== undefined) body['takeProfit'] = orders.takeProfit === null ? null : { price: orders.takeProfit.toString(), timeInForce: 'GTC' };
    if (orders.stopLoss !== undefined) body['stopLoss'] = orders.stopLoss === null ? null : { price: orders.stopLoss.toString(), timeInForce: 'GTC' };
    if (orders.trailingStopDistance !== undefined) {
      body['trailingStopLoss'] = orders.trailingStopDistance === null ? null : { distance: orders.trailingStopDistance.toString(), timeInForce: 'GTC' };
    }
    ok(await this.rest.setTradeOrders(accountId, tradeId, body), `set orders of trade ${tradeId}`);
  }

  private outcome(accountId: AccountId, body: Record<string, unknown>, prefixes: readonly string[]): CloseOutcome {
    const fills: FillReport[] = [];
    let canceledReason: string | undefined;
    const orders = new KnownOrders();
    for (const prefix of prefixes) {
      const field = (name: string): string => (prefix === '' ? name : `${prefix}${name[0]?.toUpperCase() ?? ''}${name.slice(1)}`);
      const fill = body[field('orderFillTransaction')];
      if (fill !== undefined) {
        const mapped = mapTransaction(readWire(TransactionWire, fill, 'OrderFillTransaction'), { accountId, currency: this.currencyOf(accountId), orders, now: this.clock.now() });
        for (const report of mapped.reports) if (report.kind === 'fill') fills.push(report.report);
      }
      const cancel = body[field('orderCancelTransaction')] as { reason?: unknown } | undefined;
      if (typeof cancel?.reason === 'string') canceledReason = cancel.reason;
    }
    return canceledReason === undefined ? { fills } : { fills, canceledReason };
  }
}

function ok(response: OandaResponse, what: string): unknown {
  if (response.status === 200 || response.status === 201) return response.body;
  const body = response.body as { errorCode?: string; errorMessage?: string };
  const code = response.status === 404 ? 'VENUE_UNKNOWN_ORDER' : response.status === 401 ? 'VENUE_AUTHENTICATION' : 'VENUE_REJECTED';
  throw new TmtError(code, `OANDA ${what}: ${response.status} ${body.errorCode ?? ''} ${body.errorMessage ?? ''}`.trim(), {
    details: { status: String(response.status), ...(body.errorCode === undefined ? {} : { errorCode: body.errorCode }) },
  });
}
