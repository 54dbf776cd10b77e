import { AccountId } from '../../core/identifiers';
import type { AcceptorSession } from '../fix/acceptor';
import { valueOf, type InboundMessage, type Pair } from '../fix/wire';
import type { FxcmExchange } from './exchange';
import type { FxcmSimOrder } from './state';
import { checkNewOrder, FXCM_TEXT, ORD_REJ, type ValidOrder } from './validation';
import { executionReport } from './wire-format';

/** ContingencyType (1385) as FXCM uses it on NewOrderList (E): 1 OCO, 2 OTO, 101 ELS (entry, then a stop and a limit as OCO). */
const CONTINGENCY = { '1': 'OCO', '2': 'OTO', '101': 'ELS' } as const;
type Contingency = (typeof CONTINGENCY)[keyof typeof CONTINGENCY];

const LEG_TAGS = new Set([67, 583, 1, 55, 54, 38, 40, 44, 99, 59, 126, 60]);
const ENDED = new Set(['2', '4', '8', 'C']);

interface Waiting {
  readonly legs: readonly { readonly valid: ValidOrder; readonly order: FxcmSimOrder }[];
  readonly asOco: boolean;
}

/**
 * NewOrderList (E): the legs as separate orders on the engine, tied here. OCO: a fill or an end of one
 * cancels the others. OTO: the first order's full fill places the rest. ELS: the entry's full fill places
 * the stop and the limit, which then act as an OCO.
 */
export class FxcmOrderLists {
  /** OrderID → the OrderIDs canceled with it. */
  private readonly ocoPeers = new Map<string, string[]>();
  /** Parent OrderID → the legs held for it (answered PendingNew, under their own OrderIDs) that its full fill releases. */
  private readonly waiting = new Map<string, Waiting>();
  /** Held leg OrderID → its parent's OrderID. */
  private readonly parentOf = new Map<string, string>();

  constructor(private readonly exchange: FxcmExchange, private readonly accounts: ReadonlySet<string>) {
    exchange.onOrderChanged((order) => this.onChanged(order));
    exchange.heldCancelHandler = (order) => this.cancelHeld(order);
  }

  newOrderList(session: AcceptorSession, message: InboundMessage): void {
    const type = CONTINGENCY[(valueOf(message, 1385) ?? '') as keyof typeof CONTINGENCY] as Contingency | undefined;
    const legs = this.legs(message);
    const checked = legs.map((leg) => checkNewOrder(leg, this.accounts));
    const problem = type === undefined ? 'ContingencyType(1385) must be 1 (OCO), 2 (OTO) or 101 (ELS)'
      : legs.length < 2 || (type === 'ELS' && legs.length !== 3) ? `NewOrderList needs ${type === 'ELS' ? 'three' : 'at least two'} orders, found ${legs.length}`
      : checked.find((c) => !c.ok) === undefined ? undefined : (checked.find((c) => !c.ok) as { text: string }).text;
    const valid = checked.flatMap((c) => (c.ok ? [c.order] : []));
    const duplicate = valid.find((o) => this.exchange.knowsClOrdId(o.account, o.clOrdId));
    if (problem !== undefined || duplicate !== undefined) {
      for (const leg of legs) this.reject(session, leg, problem ?? `Duplicate ClOrdID(11) ${duplicate?.clOrdId ?? ''}`, duplicate === undefined ? ORD_REJ.other : ORD_REJ.duplicate);
      return;
    }
    // Each leg is an order like any other: a resting limit on the wrong side of the market (ORA-20112) refuses
    // the list. The leg at fault carries the tag (Price 44), the others the reason only.
    const badLimit = valid.find((o) => !this.exchange.limitPassesValidation(o));
    if (badLimit !== undefined) {
      for (const leg of legs) this.reject(session, leg, valueOf(leg, 11) === badLimit.clOrdId ? `Price(44): ${FXCM_TEXT.limitPrice}` : FXCM_TEXT.limitPrice, ORD_REJ.brokerOption);
      return;
    }
    const [first, ...rest] = valid as [ValidOrder, ...ValidOrder[]];
    if (type === 'OCO') {
      this.linkOco(valid.map((o) => this.exchange.place(o)));
      return;
    }
    // The children are the venue's orders from the start (PendingNew), so a lookup or a cancel finds them.
    const held = rest.map((valid) => ({ valid, order: this.exchange.hold(valid) }));
    const waiting: Waiting = { legs: held, asOco: type === 'ELS' };
    const parent = this.exchange.place(first);
    for (const leg of held) this.parentOf.set(leg.order.orderId, parent.orderId);
    if (!ENDED.has(parent.status)) this.waiting.set(parent.orderId, waiting);
    else if (parent.status === '2') this.release(parent.orderId, waiting);
    else this.endHeld(parent.orderId, waiting);
  }

  /** The parent ended unfilled: its held legs never go on the book, each is reported canceled. */
  private endHeld(parentId: string, waiting: Waiting): void {
    this.waiting.delete(parentId);
    for (const leg of waiting.legs) {
      this.parentOf.delete(leg.order.orderId);
      this.exchange.cancelHeld(leg.order);
    }
  }

  /**
   * OrderCancelRequest (F) on a held leg: it ends without going on the book; an ELS leg takes its held OCO
   * peer with it (the pair is one exit). The parent keeps working.
   */
  cancelHeld(order: FxcmSimOrder): void {
    const parentId = this.parentOf.get(order.orderId);
    const waiting = parentId === undefined ? undefined : this.waiting.get(parentId);
    const ending = waiting === undefined || !waiting.asOco ? [order] : waiting.legs.map((leg) => leg.order);
    for (const leg of ending) {
      this.parentOf.delete(leg.orderId);
      this.exchange.cancelHeld(leg);
    }
    if (waiting !== undefined && parentId !== undefined) {
      const left = waiting.legs.filter((leg) => !ending.includes(leg.order));
      if (left.length === 0) this.waiting.delete(parentId);
      else this.waiting.set(parentId, { ...waiting, legs: left });
    }
  }

  private legs(message: InboundMessage): InboundMessage[] {
    const start = message.pairs.findIndex(([tag]) => tag === 73);
    const legs: Pair[][] = [];
    for (const pair of message.pairs.slice(start + 1)) {
      if (pair[0] === 11) legs.push([[35, 'D'], pair]);
      else if (LEG_TAGS.has(pair[0]) && legs.length > 0) legs[legs.length - 1]?.push(pair);
      else if (legs.length > 0) break;
    }
    return legs.map((pairs) => ({ type: 'D', pairs, text: '' }));
  }

  private linkOco(orders: FxcmSimOrder[]): void {
    for (const order of orders) this.ocoPeers.set(order.orderId, orders.filter((o) => o !== order).map((o) => o.orderId));
    // A leg may have filled on arrival (a marketable limit): its peers go at once.
    for (const order of orders) if (order.status === '1' || ENDED.has(order.status)) this.onChanged(order);
  }

  private release(orderId: string, pending: Waiting): void {
    this.waiting.delete(orderId);
    for (const leg of pending.legs) this.parentOf.delete(leg.order.orderId);
    const placed = pending.legs.map((leg) => this.exchange.place(leg.valid, leg.order));
    if (pending.asOco) this.linkOco(placed);
  }

  private onChanged(order: FxcmSimOrder): void {
    const pending = this.waiting.get(order.orderId);
    if (pending !== undefined) {
      if (order.status === '2') this.release(order.orderId, pending);
      else if (ENDED.has(order.status)) this.endHeld(order.orderId, pending);
    }
    const peers = this.ocoPeers.get(order.orderId);
    if (peers === undefined || (order.status !== '1' && !ENDED.has(order.status))) return;
    this.ocoPeers.delete(order.orderId);
    for (const peerId of peers) {
      this.ocoPeers.delete(peerId);
      const peer = this.exchange.orders.get(peerId);
      if (peer !== undefined && !ENDED.has(peer.status)) this.exchange.engine.cancel({ accountId: AccountId.parse(peer.account), clientOrderId: peer.orderId });
    }
  }

  private reject(session: AcceptorSession, leg: InboundMessage, text: string, reason: string): void {
    const order: FxcmSimOrder = {
      orderId: 'NONE', clOrdId: valueOf(leg, 11) ?? '', account: valueOf(leg, 1) ?? '', symbol: valueOf(leg, 55) ?? '', side: valueOf(leg, 54) === '2' ? '2' : '1',
      ordType: '2', timeInForce: '1', quantity: this.exchange.zero(), status: '8', cumQty: this.exchange.zero(), avgPx: this.exchange.zero(), createdAt: 0,
    };
    session.send('8', executionReport(order, { execId: this.exchange.execId(), execType: '8', text, ordRejReason: reason, transactTime: this.exchange.options.clock.now() }));
  }
}
