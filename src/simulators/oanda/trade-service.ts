import { Decimal } from '../../core/money/decimal';
import { Quantity } from '../../core/money/quantity';
import { specOf } from './instruments';
import { findTrade, trailer, type OrderService, type Reply } from './order-service';
import type { SimOandaAccount, SimOandaOrder, SimOandaTrade } from './state';
import type { FillTarget } from './trades';
import type { OandaSimVenue } from './venue';
import type { Json } from './wire-format';

const DECIMAL = /^\d+(\.\d+)?$/;

/** Trades and positions commands: close a trade (fully or partly), set its dependent orders, close a position. */
export class TradeService {
  constructor(
    private readonly venue: OandaSimVenue,
    private readonly orders: OrderService,
  ) {}

  closeTrade(account: SimOandaAccount, specifier: string, body: Json): Reply {
    const firstId = account.lastTransactionId + 1n;
    const trade = findTrade(account, specifier);
    if (trade === undefined || trade.state !== 'OPEN') {
      return { status: 404, body: { errorCode: 'NO_SUCH_TRADE', errorMessage: 'The Trade specified does not exist', lastTransactionID: account.lastTransactionId.toString() } };
    }
    const requested = body['units'] ?? 'ALL';
    const open = trade.currentUnits.abs();
    const spec = specOf(trade.instrument);
    if (requested !== 'ALL' && (typeof requested !== 'string' || !DECIMAL.test(requested) || Decimal.parse(requested).isZero() || Decimal.parse(requested).gt(open) || (requested.split('.')[1] ?? '').length > (spec?.tradeUnitsPrecision ?? 0))) {
      const reject = this.venue.record(account, { type: 'MARKET_ORDER_REJECT', instrument: trade.instrument, timeInForce: 'FOK', positionFill: 'REDUCE_ONLY', reason: 'TRADE_CLOSE', tradeClose: { tradeID: trade.id, units: JSON.stringify(requested) }, rejectReason: 'CLOSE_TRADE_UNITS_EXCEED_TRADE_SIZE' });
      return { status: 400, body: { orderRejectTransaction: reject, errorCode: 'CLOSE_TRADE_UNITS_EXCEED_TRADE_SIZE', errorMessage: 'The units specified exceed the size of the Trade' } };
    }
    const units = requested === 'ALL' ? open : Decimal.parse(requested);
    const signed = trade.currentUnits.isPositive() ? units.neg() : units;
    const fifoBlocked = !account.hedgingEnabled && this.olderTradeExists(account, trade);
    const order = this.marketOrder(account, trade.instrument, signed, { reason: 'TRADE_CLOSE', tradeClose: { tradeID: trade.id, units: requested === 'ALL' ? 'ALL' : units.toString() } }, firstId);
    if (fifoBlocked) {
      // US accounts (FIFO): a trade may be closed only if no older trade of the instrument is open.
      this.venue.withBatch(firstId.toString(), () => this.venue.cancelOrder(account, order.order, 'FIFO_VIOLATION', false));
    } else {
      this.venue.withBatch(firstId.toString(), () => this.send(account, order.order, signed, { kind: 'trades', tradeIds: [trade.id] }));
    }
    return { status: 200, body: this.outcome(account, order.created, firstId, '') };
  }

  closePosition(account: SimOandaAccount, instrument: string, body: Json): Reply {
    const firstId = account.lastTransactionId + 1n;
    if (specOf(instrument) === undefined) {
      return { status: 400, body: { errorCode: 'INSTRUMENT_UNKNOWN', errorMessage: `Invalid value specified for 'instrument': ${instrument}`, lastTransactionID: account.lastTransactionId.toString() } };
    }
    const sides: { side: 'long' | 'short'; request: unknown }[] = [
      { side: 'long' as const, request: body['longUnits'] },
      { side: 'short' as const, request: body['shortUnits'] },
    ].filter((s) => s.request !== undefined && s.request !== 'NONE');
    if (sides.length === 0) return { status: 400, body: { errorCode: 'INVALID_PARAMETER', errorMessage: 'longUnits or shortUnits must be specified', lastTransactionID: account.lastTransactionId.toString() } };
    const answer: Json = {};
    for (const { side, request } of sides) {
      const open = [...account.trades.values()].filter((t) => t.state === 'OPEN' && t.instrument === instrument && t.currentUnits.sign() === (side === 'long' ? 1 : -1));
      const total = open.reduce((s, t) => s.add(t.currentUnits.abs()), Decimal.ZERO);
      if (total.isZero()) {
        return { status: 400, body: { ...answer, errorCode: 'CLOSEOUT_POSITION_DOESNT_EXIST', errorMessage: 'The Position requested to be closed out does not exist', ...trailer(account, firstId) } };
      }
      if (request !== 'ALL' && (typeof request !== 'string' || !DECIMAL.test(request) || Decimal.parse(request).gt(total) || Decimal.parse(request).isZero())) {
        return { status: 400, body: { ...answer, errorCode: 'CLOSEOUT_POSITION_UNITS_EXCEED_POSITION_SIZE', errorMessage: 'The units specified exceed the size of the Position', ...trailer(account, firstId) } };
      }
      const units = request === 'ALL' ? total : Decimal.parse(request);
      const signed = side === 'long' ? units.neg() : units;
      const closeout = { instrument, units: request === 'ALL' ? 'ALL' : units.toString() };
      const order = this.marketOrder(account, instrument, signed, { reason: 'POSITION_CLOSEOUT', [side === 'long' ? 'longPositionCloseout' : 'shortPositionCloseout']: closeout }, firstId);
      this.venue.withBatch(firstId.toString(), () => this.send(account, order.order, signed, { kind: 'reduce-only' }));
      Object.assign(answer, this.outcome(account, order.created, firstId, side));
    }
    return { status: 200, body: { ...answer, ...trailer(account, firstId) } };
  }

  /** PUT /trades/{id}/orders: create, replace (cancel + create) or cancel (null) a trade's dependent orders. */
  setTradeOrders(account: SimOandaAccount, specifier: string, body: Json): Reply {
    const firstId = account.lastTransactionId + 1n;
    const trade = findTrade(account, specifier);
    if (trade === undefined || trade.state !== 'OPEN') {
      return { status: 404, body: { errorCode: 'NO_SUCH_TRADE', errorMessage: 'The Trade specified does not exist', lastTransactionID: account.lastTransactionId.toString() } };
    }
    const answer: Json = {};
    const kinds = [
      { field: 'takeProfit', type: 'TAKE_PROFIT', current: trade.takeProfitOrderId },
      { field: 'stopLoss', type: 'STOP_LOSS', current: trade.stopLossOrderId },
      { field: 'trailingStopLoss', type: 'TRAILING_STOP_LOSS', current: trade.trailingStopLossOrderId },
    ] as const;
    this.venue.withBatch(firstId.toString(), () => {
      for (const kind of kinds) {
        if (!(kind.field in body)) continue;
        const details = body[kind.field];
        const existing = kind.current === undefined ? undefined : account.orders.get(kind.current);
        if (existing !== undefined && existing.state === 'PENDING') {
          answer[`${kind.field}OrderCancelTransaction`] = this.venue.cancelOrder(account, existing, details === null ? 'CLIENT_REQUEST' : 'CLIENT_REQUEST_REPLACED', true);
        }
        if (details !== null && typeof details === 'object') {
          answer[`${kind.field}OrderTransaction`] = this.orders.createDependent(account, trade, kind.type, details as Json, existing === undefined ? 'CLIENT_ORDER' : 'REPLACEMENT');
        }
      }
    });
    return { status: 200, body: { ...answer, ...trailer(account, firstId) } };
  }

  private olderTradeExists(account: SimOandaAccount, trade: SimOandaTrade): boolean {
    return [...account.trades.values()].some((t) => t.state === 'OPEN' && t.instrument === trade.instrument && BigInt(t.id) < BigInt(trade.id));
  }

  private marketOrder(account: SimOandaAccount, instrument: string, units: Decimal, extra: Json, firstId: bigint): { order: SimOandaOrder; created: Json } {
    const wire: Json = { type: 'MARKET', instrument, units: units.toString(), timeInForce: 'FOK', positionFill: 'REDUCE_ONLY', ...extra };
    const created = this.venue.withBatch(firstId.toString(), () => this.venue.record(account, { ...wire, type: 'MARKET_ORDER' }));
    const order: SimOandaOrder = { id: String(created['id']), type: 'MARKET', instrument, createTime: this.venue.now(), state: 'PENDING', units, wire, tradeClosedIds: [] };
    account.orders.set(order.id, order);
    return { order, created };
  }

  private send(account: SimOandaAccount, order: SimOandaOrder, units: Decimal, target: FillTarget): void {
    this.venue.sendToEngine(account, order, { side: units.isPositive() ? 'buy' : 'sell', type: 'market', quantity: Quantity.of(units.abs()), timeInForce: 'FOK', reduceOnly: true }, target);
  }

  /** The order's create, fill and cancel transactions under OANDA's field names (prefixed by side for positions). */
  private outcome(account: SimOandaAccount, created: Json, firstId: bigint, side: '' | 'long' | 'short'): Json {
    const id = String(created['id']);
    const name = (field: string): string => (side === '' ? field : `${side}${field[0]?.toUpperCase() ?? ''}${field.slice(1)}`);
    const after = account.transactions.filter((t) => BigInt(String(t['id'])) >= firstId);
    const fill = after.find((t) => t['type'] === 'ORDER_FILL' && t['orderID'] === id);
    const cancel = after.find((t) => t['type'] === 'ORDER_CANCEL' && t['orderID'] === id);
    return {
      [name('orderCreateTransaction')]: created,
      ...(fill === undefined ? {} : { [name('orderFillTransaction')]: fill }),
      ...(cancel === undefined ? {} : { [name('orderCancelTransaction')]: cancel }),
      ...(side === '' ? trailer(account, firstId) : {}),
    };
  }
}
