import type { Clock } from '../../core/clock';
import { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { Quantity } from '../../core/money/quantity';
import type { MatchingEngine, MatchingEvent, SimAmendment, SimFill } from '../matching';
import { engineInstrumentId, resolveContract, specByConId, type IbContractSpec } from './instruments';
import type { PlaceOrderRequest } from './place-order';
import { isLive, orderKey, type SimIbExecution, type SimIbOrder, type SimIbState } from './state';
import { engineTerms, isReject, reject, type IbReject } from './validation';

export type ExchangeOutput =
  | { readonly kind: 'order'; readonly order: SimIbOrder }
  | { readonly kind: 'execution'; readonly execution: SimIbExecution }
  | { readonly kind: 'error'; readonly clientId: number; readonly id: number; readonly code: number; readonly message: string }
  | { readonly kind: 'position'; readonly account: string; readonly conId: number };

/** Why the engine refused an order, as the reason text TWS puts after "Order rejected - reason:". */
const ENGINE_REJECT_TEXT: Readonly<Record<string, string>> = {
  INSUFFICIENT_MARGIN: 'YOUR ORDER IS NOT ACCEPTED. IN ORDER TO OBTAIN THE DESIRED POSITION YOUR EQUITY WITH LOAN VALUE MUST EXCEED THE INITIAL MARGIN',
  INSUFFICIENT_BALANCE: 'YOUR ORDER IS NOT ACCEPTED. INSUFFICIENT CASH',
  QUANTITY_BELOW_MINIMUM: 'The order size is below the minimum size for this contract',
  QUANTITY_OFF_LOT: 'The order size is not a multiple of the size increment',
  TRIGGER_ALREADY_HIT: 'The stop price is already hit',
};

/**
 * TWS's order handling over the shared matching engine: API order ids per client id, permIds, held orders
 * (transmit=false, bracket children waiting for the parent's fill), OCA groups, modify by re-sending
 * placeOrder, executions with IB's execId form and commission reports with IB's fixed commissions.
 */
export class IbExchange {
  private readonly listeners = new Set<(output: ExchangeOutput) => void>();
  private readonly orders = new Map<string, SimIbOrder>();
  private readonly deferred: (() => void)[] = [];
  /** Set by a fault: the next placeOrder is answered 103 whatever its id. */
  duplicateNextOrderId = false;

  constructor(
    readonly engine: MatchingEngine,
    readonly state: SimIbState,
    readonly clock: Clock,
    readonly accounts: readonly string[],
    private readonly changed: () => void,
  ) {
    for (const order of state.orders) this.orders.set(order.key, order);
    engine.onEvent((event) => this.onEngineEvent(event));
  }

  onOutput(listener: (output: ExchangeOutput) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  nextValidId(clientId: number): number {
    return (this.state.highestOrderId[String(clientId)] ?? 0) + 1;
  }

  allOrders(): readonly SimIbOrder[] {
    return [...this.orders.values()];
  }

  openOrders(clientId?: number): readonly SimIbOrder[] {
    return this.allOrders().filter((o) => isLive(o) && (clientId === undefined || o.clientId === clientId));
  }

  placeOrder(clientId: number, request: PlaceOrderRequest): void {
    const fail = (r: IbReject): void => this.emit({ kind: 'error', clientId, id: request.orderId, code: r.code, message: r.message });
    if (this.duplicateNextOrderId) {
      this.duplicateNextOrderId = false;
      return fail(reject(103, 'Duplicate order id'));
    }
    const key = orderKey(clientId, request.orderId);
    const existing = this.orders.get(key);
    if (existing !== undefined) return isLive(existing) ? this.modify(existing, request) : fail(reject(103, 'Duplicate order id'));
    if (request.orderId <= (this.state.highestOrderId[String(clientId)] ?? 0)) return fail(reject(103, 'Duplicate order id'));
    this.state.highestOrderId[String(clientId)] = request.orderId;
    const spec = resolveContract(request.contract);
    if (spec === undefined) return fail(reject(200, 'No security definition has been found for the request'));
    const account = request.account === '' ? (this.accounts[0] ?? '') : request.account;
    if (!this.accounts.includes(account)) return fail(reject(201, `Order rejected - reason:The account code ${account} is not valid`));
    const terms = engineTerms(request, spec);
    if (isReject(terms)) return fail(terms);
    const parent = request.parentId > 0 ? this.orders.get(orderKey(clientId, request.parentId)) : undefined;
    if (request.parentId > 0 && (parent === undefined || !(isLive(parent) || parent.status === 'Filled'))) {
      return fail(reject(201, 'Order rejected - reason:The parent order is not working'));
    }
    const order: SimIbOrder = {
      key, clientId, orderId: request.orderId, permId: this.state.nextPermId++, conId: spec.conId, account,
      action: request.action === 'BUY' ? 'BUY' : 'SELL', totalQuantity: request.totalQuantity ?? Decimal.ZERO, orderType: request.orderType,
      lmtPrice: request.lmtPrice, auxPrice: request.auxPrice, trailStopPrice: request.trailStopPrice, trailingPercent: request.trailingPercent,
      lmtPriceOffset: request.lmtPriceOffset, tif: request.tif === '' ? 'DAY' : request.tif, goodTillDate: request.goodTillDate, outsideRth: request.outsideRth, ocaGroup: request.ocaGroup,
      ocaType: request.ocaType, orderRef: request.orderRef, parentId: request.parentId, displaySize: request.displaySize,
      status: 'PreSubmitted', filled: Decimal.ZERO, avgFillPrice: undefined, lastFillPrice: undefined, engineClientOrderId: undefined,
      held: true, revision: 0, createdAt: this.clock.now(),
    };
    this.orders.set(key, order);
    this.state.orders.push(order);
    if (!request.transmit) {
      this.emit({ kind: 'order', order });
    } else {
      // Transmitting the last order of a bracket transmits the parent held before it.
      if (parent !== undefined && parent.held && parent.engineClientOrderId === undefined && parent.status === 'PreSubmitted' && !this.waitsForParent(parent)) this.release(parent);
      if (parent !== undefined && parent.status !== 'Filled') this.emit({ kind: 'order', order });
      else this.release(order);
    }
    this.drain();
  }

  cancelOrder(clientId: number, orderId: number): void {
    const order = this.orders.get(orderKey(clientId, orderId));
    if (order === undefined) return this.emit({ kind: 'error', clientId, id: orderId, code: 10147, message: `OrderId ${orderId} that needs to be cancelled is not found.` });
    if (!isLive(order)) {
      return this.emit({ kind: 'error', clientId, id: orderId, code: 161, message: `Cancel attempted when order is not in a cancellable state.  Order permId =${order.permId}` });
    }
    this.cancelLive(order);
    this.drain();
  }

  /** reqGlobalCancel: every working order of every client. */
  globalCancel(): void {
    for (const order of this.openOrders()) this.cancelLive(order);
    this.drain();
  }

  executions(): readonly SimIbExecution[] {
    return this.state.executions;
  }

  spec(order: SimIbOrder): IbContractSpec {
    const spec = specByConId(order.conId);
    if (spec === undefined) throw new Error(`order ${order.key} has unknown conId ${order.conId}`);
    return spec;
  }

  private waitsForParent(order: SimIbOrder): boolean {
    if (order.parentId <= 0) return false;
    const parent = this.orders.get(orderKey(order.clientId, order.parentId));
    return parent !== undefined && parent.status !== 'Filled';
  }

  private cancelLive(order: SimIbOrder): void {
    if (order.engineClientOrderId === undefined) {
      this.finish(order, 'Cancelled');
      return;
    }
    this.engine.cancel({ accountId: AccountId.parse(order.account), clientOrderId: order.engineClientOrderId });
  }

  private modify(order: SimIbOrder, request: PlaceOrderRequest): void {
    const fail = (r: IbReject): void => this.emit({ kind: 'error', clientId: order.clientId, id: order.orderId, code: r.code, message: r.message });
    if (request.action !== order.action || request.orderType !== order.orderType || resolveContract(request.contract)?.conId !== order.conId) {
      return fail(reject(105, 'Order being modified does not match original order.'));
    }
    const terms = engineTerms(request, this.spec(order));
    if (isReject(terms)) return fail(terms);
    const quantity = request.totalQuantity ?? order.totalQuantity;
    if (quantity.lte(order.filled)) return fail(reject(201, 'Order rejected - reason:The new quantity is not above the filled quantity'));
    const amendment: SimAmendment = {
      ...(quantity.eq(order.totalQuantity) ? {} : { quantity: Quantity.of(quantity) }),
      ...(terms.price === undefined || (order.lmtPrice?.eq(terms.price) ?? false) ? {} : { price: Price.of(terms.price) }),
      ...(terms.triggerPrice === undefined || (order.auxPrice?.eq(terms.triggerPrice) ?? false) ? {} : { triggerPrice: Price.of(terms.triggerPrice) }),
    };
    const apply = (): void => {
      order.totalQuantity = quantity;
      order.lmtPrice = request.lmtPrice;
      order.auxPrice = request.auxPrice;
      order.lmtPriceOffset = request.lmtPriceOffset;
      order.orderRef = request.orderRef === '' ? order.orderRef : request.orderRef;
      order.goodTillDate = request.goodTillDate;
    };
    if (order.engineClientOrderId === undefined || Object.keys(amendment).length === 0) {
      apply();
      this.emit({ kind: 'order', order });
      return;
    }
    const outcome = this.engine.modify({ accountId: AccountId.parse(order.account), clientOrderId: order.engineClientOrderId }, amendment).outcome;
    if (outcome?.status === 'rejected') return fail(reject(201, `Order rejected - reason:${ENGINE_REJECT_TEXT[outcome.code] ?? outcome.reason}`));
    apply();
    this.emit({ kind: 'order', order });
    this.drain();
  }

  /** Sends a held order to the matching engine. */
  private release(order: SimIbOrder): void {
    // A bracket child can be due twice (its own transmit, its parent's fill): it goes to the book once.
    if (!order.held || order.engineClientOrderId !== undefined || !isLive(order)) return;
    const terms = engineTerms({ ...requestOf(order) }, this.spec(order));
    if (isReject(terms)) return this.finish(order, 'Inactive');
    order.held = false;
    order.engineClientOrderId = `${order.key}#${order.revision}`;
    const outcome = this.engine.submit({
      accountId: AccountId.parse(order.account), instrumentId: engineInstrumentId(this.spec(order)), clientOrderId: order.engineClientOrderId,
      side: terms.side, type: terms.type, quantity: Quantity.of(order.totalQuantity.sub(order.filled)), timeInForce: terms.timeInForce,
      ...(terms.price === undefined ? {} : { price: Price.of(terms.price) }),
      ...(terms.triggerPrice === undefined ? {} : { triggerPrice: Price.of(terms.triggerPrice) }),
      ...(terms.trailingOffset === undefined ? {} : { trailingOffset: terms.trailingOffset }),
      ...(terms.limitOffset === undefined ? {} : { limitOffset: terms.limitOffset }),
      ...(terms.expireAt === undefined ? {} : { expireAt: terms.expireAt }),
      ...(order.displaySize === undefined || order.displaySize <= 0 ? {} : { displayQuantity: Quantity.of(Decimal.fromInteger(order.displaySize)) }),
    }).outcome;
    if (outcome?.status === 'rejected') {
      order.engineClientOrderId = undefined;
      this.emit({ kind: 'error', clientId: order.clientId, id: order.orderId, code: 201, message: `Order rejected - reason:${ENGINE_REJECT_TEXT[outcome.code] ?? outcome.reason}` });
      this.finish(order, 'Inactive');
    }
  }

  private finish(order: SimIbOrder, status: 'Cancelled' | 'Inactive' | 'Filled'): void {
    order.status = status;
    order.completedAt = this.clock.now();
    order.engineClientOrderId = undefined;
    order.held = false;
    this.emit({ kind: 'order', order });
    if (status === 'Cancelled') this.emit({ kind: 'error', clientId: order.clientId, id: order.orderId, code: 202, message: 'Order Canceled - reason:' });
    // Children of a parent that will never fill go with it.
    if (status !== 'Filled') for (const child of this.children(order)) this.deferred.push(() => isLive(child) && this.cancelLive(child));
  }

  private children(order: SimIbOrder): SimIbOrder[] {
    return this.allOrders().filter((o) => o.clientId === order.clientId && o.parentId === order.orderId && isLive(o));
  }

  private byEngineId(clientOrderId: string): SimIbOrder | undefined {
    const order = this.orders.get(clientOrderId.slice(0, clientOrderId.lastIndexOf('#')));
    return order !== undefined && order.engineClientOrderId === clientOrderId ? order : undefined;
  }

  private onEngineEvent(event: MatchingEvent): void {
    this.handleEngineEvent(event);
    // Market moves reach the engine outside this class: follow-up work (OCA, children) runs right after.
    if (this.deferred.length > 0) queueMicrotask(() => this.drain());
  }

  private handleEngineEvent(event: MatchingEvent): void {
    if (event.type === 'financing' || event.type === 'margin-closeout' || event.type === 'account-changed' || event.type === 'order-rejected') return;
    const order = this.byEngineId(event.order.request.clientOrderId);
    if (order === undefined) return;
    switch (event.type) {
      case 'order-accepted':
        order.status = event.order.request.type === 'market' || event.order.request.type === 'limit' ? 'Submitted' : 'PreSubmitted';
        this.emit({ kind: 'order', order });
        break;
      case 'order-triggered':
        order.status = 'Submitted';
        this.emit({ kind: 'order', order });
        break;
      case 'order-modified':
        // Reported by modify() once the order's own fields are updated.
        break;
      case 'order-filled':
        this.onFill(order, event.fill, event.order.status === 'filled');
        break;
      case 'order-canceled':
      case 'order-expired':
        this.finish(order, 'Cancelled');
        break;
    }
  }

  private onFill(order: SimIbOrder, fill: SimFill, complete: boolean): void {
    const before = order.filled;
    order.filled = before.add(fill.quantity);
    const previousValue = (order.avgFillPrice ?? Decimal.ZERO).mul(before);
    order.avgFillPrice = previousValue.add(fill.price.mul(fill.quantity)).div(order.filled, 8, 'half-even').normalize();
    order.lastFillPrice = fill.price;
    const spec = this.spec(order);
    const commission = commissionOf(spec, fill);
    this.state.commissions[order.account] = (this.state.commissions[order.account] ?? Decimal.ZERO).add(commission);
    const sequence = this.state.nextExecSequence++;
    const execution: SimIbExecution = {
      execId: `${hex8(order.permId)}.${hex8(sequence)}.01.01`, orderKey: order.key, orderId: order.orderId, clientId: order.clientId, permId: order.permId,
      conId: order.conId, account: order.account, side: order.action === 'BUY' ? 'BOT' : 'SLD', shares: fill.quantity, price: fill.price,
      cumQty: order.filled, avgPrice: order.avgFillPrice, orderRef: order.orderRef, time: fill.occurredAt, lastLiquidity: fill.liquidity === 'maker' ? 1 : 2,
      commission, commissionCurrency: 'USD', realizedPnl: fill.realizedPnl,
    };
    this.state.executions.push(execution);
    this.emit({ kind: 'execution', execution });
    if (complete) this.finish(order, 'Filled');
    else this.emit({ kind: 'order', order });
    this.emit({ kind: 'position', account: order.account, conId: order.conId });
    if (order.ocaGroup !== '') {
      for (const other of this.openOrders()) if (other !== order && other.ocaGroup === order.ocaGroup && other.account === order.account) this.deferred.push(() => isLive(other) && this.cancelLive(other));
    }
    if (complete) for (const child of this.children(order)) if (child.held) this.deferred.push(() => this.release(child));
  }

  /** Runs the work queued from inside engine events (engine commands are not nested in its own step). */
  private drain(): void {
    while (this.deferred.length > 0) this.deferred.shift()?.();
    this.changed();
  }

  private emit(output: ExchangeOutput): void {
    for (const listener of this.listeners) listener(output);
    if (output.kind !== 'error') this.changed();
  }
}

/** IB fixed pricing: USD 0.005 a share (minimum USD 1) for US stocks; 0.2 bp of notional (minimum USD 2) for FX. */
function commissionOf(spec: IbContractSpec, fill: SimFill): Decimal {
  const rate = Decimal.parse(spec.commission.rate);
  const raw = spec.commission.perShare ? fill.quantity.mul(rate) : fill.quantity.mul(fill.price).mul(rate);
  const minimum = Decimal.parse(spec.commission.minimum);
  return (raw.lt(minimum) ? minimum : raw).rescale(2, 'up');
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0');

function requestOf(order: SimIbOrder): PlaceOrderRequest {
  return {
    orderId: order.orderId, contract: { conId: order.conId, symbol: '', secType: '', lastTradeDateOrContractMonth: '', exchange: '', primaryExch: '', currency: '', localSymbol: '', tradingClass: '' },
    action: order.action, totalQuantity: order.totalQuantity, orderType: order.orderType, lmtPrice: order.lmtPrice, auxPrice: order.auxPrice, tif: order.tif,
    ocaGroup: order.ocaGroup, account: order.account, orderRef: order.orderRef, transmit: true, parentId: order.parentId, displaySize: order.displaySize,
    outsideRth: order.outsideRth, goodTillDate: order.goodTillDate, ocaType: order.ocaType, trailStopPrice: order.trailStopPrice, trailingPercent: order.trailingPercent,
    whatIf: false, lmtPriceOffset: order.lmtPriceOffset, cashQty: undefined,
  };
}
