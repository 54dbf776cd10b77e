import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { AcceptorSession } from '../fix/acceptor';
import { valueOf, type InboundMessage } from '../fix/wire';
import type { FxcmExchange } from './exchange';
import type { FxcmSimOrder } from './state';
import { checkNewOrder, FXCM_TEXT, ORD_REJ } from './validation';
import { executionReport } from './wire-format';

const CLOSED = new Set(['2', '4', '8', 'C']);

/** The order messages: NewOrderSingle (D), OrderCancelRequest (F), OrderCancelReplaceRequest (G), OrderStatusRequest (H), OrderMassStatusRequest (AF). */
export class FxcmOrderDesk {
  constructor(private readonly exchange: FxcmExchange, private readonly accounts: ReadonlySet<string>) {}

  newOrder(session: AcceptorSession, message: InboundMessage): void {
    const checked = checkNewOrder(message, this.accounts);
    const clOrdId = valueOf(message, 11) ?? '';
    const account = valueOf(message, 1) ?? '';
    if (checked.ok && this.exchange.knowsClOrdId(account, clOrdId)) return this.reject(session, message, ORD_REJ.duplicate, `Duplicate ClOrdID(11) ${clOrdId}`);
    if (!checked.ok) return this.reject(session, message, checked.reason, checked.text);
    if (!this.exchange.limitPassesValidation(checked.order)) return this.reject(session, message, ORD_REJ.brokerOption, FXCM_TEXT.limitPrice);
    this.exchange.place(checked.order);
  }

  /** A refused order never reaches the engine: an ExecutionReport with OrdStatus Rejected and FXCM's Text. */
  private reject(session: AcceptorSession, message: InboundMessage, reason: string, text: string): void {
    const quantityText = valueOf(message, 38) ?? '0';
    const order: FxcmSimOrder = {
      orderId: 'NONE', clOrdId: valueOf(message, 11) ?? '', account: valueOf(message, 1) ?? '', symbol: valueOf(message, 55) ?? '',
      side: valueOf(message, 54) === '2' ? '2' : '1', ordType: (['1', '2', '3', '4'].includes(valueOf(message, 40) ?? '') ? valueOf(message, 40) : '1') as FxcmSimOrder['ordType'],
      timeInForce: (['0', '1', '3', '4', '6'].includes(valueOf(message, 59) ?? '') ? valueOf(message, 59) : '1') as FxcmSimOrder['timeInForce'],
      quantity: Decimal.tryParse(quantityText) ?? Decimal.ZERO, status: '8', cumQty: Decimal.ZERO, avgPx: Decimal.ZERO, createdAt: 0,
    };
    session.send('8', executionReport(order, { execId: this.exchange.execId(), execType: '8', text, ordRejReason: reason, transactTime: this.exchange.options.clock.now() }));
  }

  private find(message: InboundMessage, account: string): FxcmSimOrder | undefined {
    const orderId = valueOf(message, 37);
    const byId = orderId === undefined ? undefined : this.exchange.orders.get(orderId);
    if (byId !== undefined && byId.account === account) return byId;
    const orig = valueOf(message, 41) ?? valueOf(message, 11);
    return orig === undefined ? undefined : this.exchange.orderByClOrdId(account, orig);
  }

  /** OrderCancelReject (9): CxlRejReason 1 unknown order, 0 too late; CxlRejResponseTo 1 cancel, 2 replace. */
  private cancelReject(session: AcceptorSession, message: InboundMessage, order: FxcmSimOrder | undefined, reason: string, text: string, responseTo: '1' | '2'): void {
    session.send('9', [
      [1, valueOf(message, 1) ?? ''], [11, valueOf(message, 11) ?? ''], [37, order?.orderId ?? 'NONE'], [39, order?.status ?? '8'],
      [41, valueOf(message, 41) ?? ''], [58, text], [102, reason], [434, responseTo],
    ]);
  }

  cancel(session: AcceptorSession, message: InboundMessage): void {
    const account = valueOf(message, 1);
    if (account === undefined) return this.cancelReject(session, message, undefined, '99', FXCM_TEXT.noAccount, '1');
    const order = this.find(message, account);
    if (order === undefined) return this.cancelReject(session, message, undefined, '1', 'Unknown order', '1');
    if (CLOSED.has(order.status)) return this.cancelReject(session, message, order, '0', 'Too late to cancel', '1');
    const clOrdId = valueOf(message, 11) ?? order.clOrdId;
    if (clOrdId !== order.clOrdId) this.exchange.remember(account, clOrdId, order.orderId);
    this.exchange.changedBy = { orderId: order.orderId, clOrdId, origClOrdId: valueOf(message, 41) ?? order.clOrdId };
    try {
      // A contingent leg the venue holds for its parent is not on the engine: the list ends it.
      if (this.exchange.isHeld(order.orderId)) this.exchange.requestCancelHeld(order);
      else this.exchange.engine.cancel(this.engineRef(order));
    } finally {
      this.exchange.changedBy = undefined;
    }
  }

  replace(session: AcceptorSession, message: InboundMessage): void {
    const account = valueOf(message, 1);
    if (account === undefined) return this.cancelReject(session, message, undefined, '99', FXCM_TEXT.noAccount, '2');
    const order = this.find(message, account);
    if (order === undefined) return this.cancelReject(session, message, undefined, '1', 'Unknown order', '2');
    if (CLOSED.has(order.status)) return this.cancelReject(session, message, order, '0', 'Too late to replace', '2');
    const clOrdId = valueOf(message, 11);
    if (clOrdId === undefined || (clOrdId !== order.clOrdId && this.exchange.knowsClOrdId(account, clOrdId))) return this.cancelReject(session, message, order, '6', `Duplicate ClOrdID(11) ${clOrdId ?? ''}`, '2');
    const quantity = Decimal.tryParse(valueOf(message, 38) ?? '');
    const price = Decimal.tryParse(valueOf(message, 44) ?? '');
    const stopPx = Decimal.tryParse(valueOf(message, 99) ?? '');
    const outcome = this.exchange.engine.modify(this.engineRef(order), {
      ...(quantity === undefined || quantity.eq(order.quantity) ? {} : { quantity: Quantity.of(quantity) }),
      ...(price === undefined || order.ordType !== '2' ? {} : { price: Price.of(price) }),
      ...(stopPx === undefined || order.ordType !== '3' ? {} : { triggerPrice: Price.of(stopPx) }),
    }).outcome;
    if (outcome === undefined || outcome.status === 'rejected') return this.cancelReject(session, message, order, '99', outcome?.reason ?? 'Replace not applied', '2');
    this.exchange.remember(account, clOrdId, order.orderId);
    order.origClOrdId = order.clOrdId;
    order.clOrdId = clOrdId;
    order.quantity = outcome.order.quantity;
    if (outcome.order.price !== undefined) order.price = outcome.order.price;
    if (outcome.order.triggerPrice !== undefined) order.stopPx = outcome.order.triggerPrice;
    this.exchange.report(order, { execType: '5' });
  }

  status(session: AcceptorSession, message: InboundMessage): void {
    const account = valueOf(message, 1) ?? '';
    const order = this.find(message, account);
    const reqId = valueOf(message, 790);
    if (order === undefined) {
      // FXCM answers an unknown order with a status report for order NONE (OrdStatus Rejected).
      const unknown: FxcmSimOrder = { orderId: 'NONE', clOrdId: valueOf(message, 11) ?? '', account, symbol: valueOf(message, 55) ?? '', side: valueOf(message, 54) === '2' ? '2' : '1', ordType: '1', timeInForce: '1', quantity: Decimal.ZERO, status: '8', cumQty: Decimal.ZERO, avgPx: Decimal.ZERO, createdAt: 0 };
      session.send('8', executionReport(unknown, { execId: this.exchange.execId(), execType: 'I', text: 'Unknown order', transactTime: this.exchange.options.clock.now(), ...(reqId === undefined ? {} : { ordStatusReqId: reqId }) }));
      return;
    }
    session.send('8', executionReport(order, { execId: this.exchange.execId(), execType: 'I', transactTime: this.exchange.options.clock.now(), ...(reqId === undefined ? {} : { ordStatusReqId: reqId }) }));
  }

  /** OrderMassStatusRequest (AF): every open order of the account (MassStatusReqType 7 all, or 1 for one symbol... FXCM answers all). */
  massStatus(session: AcceptorSession, message: InboundMessage): void {
    const account = valueOf(message, 1);
    const id = valueOf(message, 584) ?? '';
    const open = [...this.exchange.orders.values()].filter((o) => (account === undefined || o.account === account) && !CLOSED.has(o.status) && (o.status !== 'A' || this.exchange.isHeld(o.orderId)));
    if (open.length === 0) {
      const none: FxcmSimOrder = { orderId: 'NONE', clOrdId: 'NONE', account: account ?? '', symbol: '', side: '1', ordType: '1', timeInForce: '1', quantity: Decimal.ZERO, status: '8', cumQty: Decimal.ZERO, avgPx: Decimal.ZERO, createdAt: 0 };
      session.send('8', executionReport(none, { execId: this.exchange.execId(), execType: 'I', text: 'No orders', transactTime: this.exchange.options.clock.now(), massStatus: { id, total: 0, last: true } }));
      return;
    }
    open.forEach((order, i) => session.send('8', executionReport(order, { execId: this.exchange.execId(), execType: 'I', transactTime: this.exchange.options.clock.now(), massStatus: { id, total: open.length, last: i === open.length - 1 } })));
  }

  /** The engine knows the order by (account, FXCM OrderID as its client id). */
  private engineRef(order: FxcmSimOrder): { accountId: AccountId; clientOrderId: string } {
    return { accountId: AccountId.parse(order.account), clientOrderId: order.orderId };
  }
}
