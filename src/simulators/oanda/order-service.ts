import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { TimeInForce } from '../../core/orders/types';
import { specOf, type OandaInstrumentSpec } from './instruments';
import type { SimOandaAccount, SimOandaOrder, SimOandaTrade } from './state';
import type { FillTarget } from './trades';
import { validateOrderRequest, type ValidOrder } from './validation';
import type { DependentOrderHook, OandaSimVenue } from './venue';
import { parseTime, priceText, type Json } from './wire-format';

export interface Reply {
  readonly status: number;
  readonly body: Json;
}

const ENGINE_TIF: Readonly<Record<string, TimeInForce>> = { GTC: 'GTC', GTD: 'GTD', GFD: 'DAY', FOK: 'FOK', IOC: 'IOC' };
const ENGINE_TYPE = { MARKET: 'market', LIMIT: 'limit', STOP: 'stop-market', MARKET_IF_TOUCHED: 'market-if-touched' } as const;

/** The transactions a request created, by id, and the usual trailer of every answer. */
export function trailer(account: SimOandaAccount, firstId: bigint): Json {
  const related: string[] = [];
  for (let id = firstId; id <= account.lastTransactionId; id++) related.push(id.toString());
  return { relatedTransactionIDs: related, lastTransactionID: account.lastTransactionId.toString() };
}

function findTransaction(account: SimOandaAccount, firstId: bigint, match: (t: Json) => boolean): Json | undefined {
  return account.transactions.find((t) => BigInt(String(t['id'])) >= firstId && match(t));
}

export function findOrder(account: SimOandaAccount, specifier: string): SimOandaOrder | undefined {
  return specifier.startsWith('@') ? account.ordersByClientId.get(specifier.slice(1)) : account.orders.get(specifier);
}

export function findTrade(account: SimOandaAccount, specifier: string): SimOandaTrade | undefined {
  return specifier.startsWith('@') ? account.tradesByClientId.get(specifier.slice(1)) : account.trades.get(specifier);
}

/** Orders, trades and positions commands of the v20 API, on the simulated venue. */
export class OrderService implements DependentOrderHook {
  constructor(private readonly venue: OandaSimVenue) {
    venue.dependentHook = this;
  }

  createOrder(account: SimOandaAccount, order: Json, replacing?: SimOandaOrder): Reply {
    const firstId = account.lastTransactionId + 1n;
    const type = order['type'];
    if (type !== 'MARKET' && type !== 'LIMIT' && type !== 'STOP' && type !== 'MARKET_IF_TOUCHED') {
      return { status: 400, body: { errorCode: 'INVALID_ORDER_TYPE', errorMessage: `Invalid value specified for 'order.type': ${String(type)}`, lastTransactionID: account.lastTransactionId.toString() } };
    }
    const inUse = (id: string): boolean => {
      const existing = account.ordersByClientId.get(id);
      return existing !== undefined && existing !== replacing && existing.state === 'PENDING';
    };
    const result = validateOrderRequest(order, this.venue.now(), inUse);
    if (!result.ok) {
      const reject = this.venue.record(account, { ...result.echo, type: `${type}_ORDER_REJECT`, reason: replacing === undefined ? 'CLIENT_ORDER' : 'REPLACEMENT', rejectReason: result.rejectReason });
      return { status: 400, body: { orderRejectTransaction: reject, ...trailer(account, firstId), errorCode: result.rejectReason, errorMessage: result.message } };
    }
    let cancel: Json | undefined;
    const created = this.venue.withBatch(firstId.toString(), () => {
      if (replacing !== undefined) cancel = this.venue.cancelOrder(account, replacing, 'CLIENT_REQUEST_REPLACED', true);
      const create = this.venue.record(account, {
        ...result.order.wire, type: `${type}_ORDER`, reason: replacing === undefined ? 'CLIENT_ORDER' : 'REPLACEMENT',
        ...(replacing === undefined ? {} : { replacesOrderID: replacing.id }),
      });
      const simOrder = this.register(account, String(create['id']), result.order, replacing);
      this.send(account, simOrder, result.order);
      return create;
    });
    const id = String(created['id']);
    const fill = findTransaction(account, firstId, (t) => t['type'] === 'ORDER_FILL' && t['orderID'] === id);
    const canceled = findTransaction(account, firstId, (t) => t['type'] === 'ORDER_CANCEL' && t['orderID'] === id);
    return {
      status: 201,
      body: {
        ...(cancel === undefined ? {} : { orderCancelTransaction: cancel }),
        orderCreateTransaction: created,
        ...(fill === undefined ? {} : { orderFillTransaction: fill }),
        ...(canceled === undefined ? {} : { [replacing === undefined ? 'orderCancelTransaction' : 'replacingOrderCancelTransaction']: canceled }),
        ...trailer(account, firstId),
      },
    };
  }

  replaceOrder(account: SimOandaAccount, specifier: string, order: Json): Reply {
    const existing = findOrder(account, specifier);
    if (existing === undefined || existing.state !== 'PENDING' || existing.units === undefined) return this.cancelReject(account, specifier);
    return this.createOrder(account, order, existing);
  }

  cancelOrder(account: SimOandaAccount, specifier: string): Reply {
    const firstId = account.lastTransactionId + 1n;
    const order = findOrder(account, specifier);
    if (order === undefined || order.state !== 'PENDING') return this.cancelReject(account, specifier);
    const transaction = this.venue.withBatch(firstId.toString(), () => this.venue.cancelOrder(account, order, 'CLIENT_REQUEST', true));
    this.unlinkDependent(account, order);
    return { status: 200, body: { orderCancelTransaction: transaction, ...trailer(account, firstId) } };
  }

  private cancelReject(account: SimOandaAccount, specifier: string): Reply {
    const firstId = account.lastTransactionId + 1n;
    const reject = this.venue.record(account, {
      type: 'ORDER_CANCEL_REJECT',
      ...(specifier.startsWith('@') ? { clientOrderID: specifier.slice(1) } : { orderID: specifier }),
      rejectReason: 'ORDER_DOESNT_EXIST',
    });
    return { status: 404, body: { orderCancelRejectTransaction: reject, ...trailer(account, firstId), errorCode: 'ORDER_DOESNT_EXIST', errorMessage: 'The Order specified does not exist' } };
  }

  private register(account: SimOandaAccount, id: string, valid: ValidOrder, replacing: SimOandaOrder | undefined): SimOandaOrder {
    const order: SimOandaOrder = {
      id, type: valid.type, instrument: valid.spec.name, createTime: this.venue.now(), state: 'PENDING', units: valid.units,
      wire: { ...valid.wire }, tradeClosedIds: [],
      ...(valid.clientId === undefined ? {} : { clientId: valid.clientId }),
      ...(replacing === undefined ? {} : { replacesOrderId: replacing.id }),
    };
    if (replacing !== undefined) replacing.replacedByOrderId = id;
    account.orders.set(id, order);
    if (valid.clientId !== undefined) account.ordersByClientId.set(valid.clientId, order);
    return order;
  }

  private send(account: SimOandaAccount, order: SimOandaOrder, valid: ValidOrder): void {
    const fill = valid.positionFill === 'DEFAULT' ? (account.hedgingEnabled ? 'OPEN_ONLY' : 'REDUCE_FIRST') : valid.positionFill;
    const target: FillTarget = fill === 'OPEN_ONLY' ? { kind: 'open' } : fill === 'REDUCE_ONLY' ? { kind: 'reduce-only' } : { kind: 'reduce-first' };
    const type = ENGINE_TYPE[valid.type];
    const price = valid.price === undefined ? undefined : Price.of(valid.price);
    this.venue.sendToEngine(account, order, {
      side: valid.units.isPositive() ? 'buy' : 'sell',
      type,
      quantity: Quantity.of(valid.units.abs()),
      timeInForce: ENGINE_TIF[valid.timeInForce] ?? 'GTC',
      ...(type === 'limit' && price !== undefined ? { price } : {}),
      ...((type === 'stop-market' || type === 'market-if-touched') && price !== undefined ? { triggerPrice: price } : {}),
      ...(type === 'market' && valid.priceBound !== undefined ? { price: Price.of(valid.priceBound) } : {}),
      ...(valid.gtdTime === undefined ? {} : { expireAt: valid.gtdTime }),
      reduceOnly: fill === 'REDUCE_ONLY',
      ...(typeof valid.wire['clientExtensions'] === 'object' && typeof (valid.wire['clientExtensions'] as Json)['tag'] === 'string' ? { tag: (valid.wire['clientExtensions'] as Json)['tag'] as string } : {}),
    }, target);
  }

  // ---- dependent orders (take profit, stop loss, trailing stop loss on a trade) -----------------------

  onTradeOpened(account: SimOandaAccount, order: SimOandaOrder, trade: SimOandaTrade): void {
    const tp = order.wire['takeProfitOnFill'] as Json | undefined;
    const sl = order.wire['stopLossOnFill'] as Json | undefined;
    const ts = order.wire['trailingStopLossOnFill'] as Json | undefined;
    if (tp !== undefined) this.createDependent(account, trade, 'TAKE_PROFIT', tp, 'ON_FILL');
    if (sl !== undefined) this.createDependent(account, trade, 'STOP_LOSS', sl, 'ON_FILL');
    if (ts !== undefined) this.createDependent(account, trade, 'TRAILING_STOP_LOSS', ts, 'ON_FILL');
  }

  onTradeClosed(account: SimOandaAccount, trade: SimOandaTrade): void {
    for (const id of [trade.takeProfitOrderId, trade.stopLossOrderId, trade.trailingStopLossOrderId]) {
      const order = id === undefined ? undefined : account.orders.get(id);
      if (order !== undefined && order.state === 'PENDING') this.venue.cancelOrder(account, order, 'LINKED_TRADE_CLOSED', true);
    }
  }

  onTradeReduced(account: SimOandaAccount, trade: SimOandaTrade): void {
    for (const id of [trade.takeProfitOrderId, trade.stopLossOrderId, trade.trailingStopLossOrderId]) {
      const order = id === undefined ? undefined : account.orders.get(id);
      if (order === undefined || order.state !== 'PENDING') continue;
      this.venue.engine.modify({ accountId: account.id, clientOrderId: `${account.id}:${order.id}` }, { quantity: Quantity.of(trade.currentUnits.abs()) });
    }
  }

  /** Creates a TAKE_PROFIT, STOP_LOSS or TRAILING_STOP_LOSS order on a trade and its twin in the engine. */
  createDependent(account: SimOandaAccount, trade: SimOandaTrade, type: 'TAKE_PROFIT' | 'STOP_LOSS' | 'TRAILING_STOP_LOSS', details: Json, reason: string): Json {
    const spec = specOf(trade.instrument) as OandaInstrumentSpec;
    const long = trade.currentUnits.isPositive();
    let price: Decimal | undefined = typeof details['price'] === 'string' ? Decimal.parse(details['price']) : undefined;
    if (type === 'STOP_LOSS' && price === undefined && typeof details['distance'] === 'string') {
      const distance = Decimal.parse(details['distance']);
      price = long ? trade.price.sub(distance) : trade.price.add(distance);
    }
    const tif = typeof details['timeInForce'] === 'string' ? details['timeInForce'] : 'GTC';
    const wire: Json = {
      type, tradeID: trade.id, ...(trade.clientExtensions?.['id'] === undefined ? {} : { clientTradeID: trade.clientExtensions['id'] }),
      ...(price === undefined ? {} : { price: priceText(price, spec.displayPrecision) }),
      ...(type === 'TRAILING_STOP_LOSS' ? { distance: String(details['distance']) } : {}),
      timeInForce: tif,
      ...(typeof details['gtdTime'] === 'string' ? { gtdTime: details['gtdTime'] } : {}),
      triggerCondition: 'DEFAULT',
      ...(typeof details['clientExtensions'] === 'object' ? { clientExtensions: details['clientExtensions'] } : {}),
    };
    const created = this.venue.record(account, { ...wire, type: `${type}_ORDER`, reason });
    const order: SimOandaOrder = { id: String(created['id']), type, instrument: trade.instrument, createTime: this.venue.now(), state: 'PENDING', wire, tradeId: trade.id, tradeClosedIds: [] };
    account.orders.set(order.id, order);
    if (type === 'TAKE_PROFIT') trade.takeProfitOrderId = order.id;
    else if (type === 'STOP_LOSS') trade.stopLossOrderId = order.id;
    else trade.trailingStopLossOrderId = order.id;
    const gtd = typeof details['gtdTime'] === 'string' ? parseTime(details['gtdTime']) : undefined;
    const common = { side: long ? ('sell' as const) : ('buy' as const), quantity: Quantity.of(trade.currentUnits.abs()), timeInForce: ENGINE_TIF[tif] ?? 'GTC', reduceOnly: true, ...(gtd === undefined ? {} : { expireAt: gtd }) };
    const target: FillTarget = { kind: 'trades', tradeIds: [trade.id] };
    if (type === 'TAKE_PROFIT') this.venue.sendToEngine(account, order, { ...common, type: 'limit', price: Price.of(price ?? Decimal.ZERO) }, target);
    else if (type === 'STOP_LOSS') this.venue.sendToEngine(account, order, { ...common, type: 'stop-market', triggerPrice: Price.of(price ?? Decimal.ZERO) }, target);
    else this.venue.sendToEngine(account, order, { ...common, type: 'trailing-stop', trailingOffset: { kind: 'price', value: Decimal.parse(String(details['distance'])) } }, target);
    return created;
  }

  private unlinkDependent(account: SimOandaAccount, order: SimOandaOrder): void {
    const trade = order.tradeId === undefined ? undefined : account.trades.get(order.tradeId);
    if (trade === undefined) return;
    if (trade.takeProfitOrderId === order.id) delete trade.takeProfitOrderId;
    if (trade.stopLossOrderId === order.id) delete trade.stopLossOrderId;
    if (trade.trailingStopLossOrderId === order.id) delete trade.trailingStopLossOrderId;
  }
}
