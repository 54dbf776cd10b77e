import { AccountId } from '../../core/identifiers';
import type { AcceptorSession } from '../fix/acceptor';
import { valueOf, type InboundMessage, type Pair } from '../fix/wire';
import type { FxcmExchange } from './exchange';
import type { FxcmSimOrder } from './state';
import { checkNewOrder, ORD_REJ, type ValidOrder } from './validation';
import { executionReport } from './wire-format';

/** ContingencyType (1385) as FXCM uses it on NewOrderList (E): 1 OCO, 2 OTO, 101 ELS (entry, then a stop and a limit as OCO). */
const CONTINGENCY = { '1': 'OCO', '2': 'OTO', '101': 'ELS' } as const;
type Contingency = (typeof CONTINGENCY)[keyof typeof CONTINGENCY];

const LEG_TAGS = new Set([67, 583, 1, 55, 54, 38, 40, 44, 99, 59, 126, 60]);
const ENDED = new Set(['2', '4', '8', 'C']);

/**
 * NewOrderList (E): the legs as separate orders on the engine, tied here. OCO: a fill or an end of one
 * cancels the others. OTO: the first order's full fill places the rest. ELS: the entry's full fill places
 * the stop and the limit, which then act as an OCO.
 */
export class FxcmOrderLists {
  /** OrderID → the OrderIDs canceled with it. */
  private readonly ocoPeers = new Map<string, string[]>();
  /** Parent OrderID → what its full fill releases. */
  private readonly waiting = new Map<string, { legs: ValidOrder[]; asOco: boolean }>();

  constructor(private readonly exchange: FxcmExchange, private readonly accounts: ReadonlySet<string>) {
    exchange.onOrderChanged((order) => this.onChanged(order));
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
    const [first, ...rest] = valid as [ValidOrder, ...ValidOrder[]];
    if (type === 'OCO') {
      this.linkOco(valid.map((o) => this.exchange.place(o)));
      return;
    }
    const parent = this.exchange.place(first);
    if (!ENDED.has(parent.status)) this.waiting.set(parent.orderId, { legs: rest, asOco: type === 'ELS' });
    else if (parent.status === '2') this.release(parent.orderId, { legs: rest, asOco: type === 'ELS' });
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

  private release(orderId: string, pending: { legs: ValidOrder[]; asOco: boolean }): void {
    this.waiting.delete(orderId);
    const placed = pending.legs.map((leg) => this.exchange.place(leg));
    if (pending.asOco) this.linkOco(placed);
  }

  private onChanged(order: FxcmSimOrder): void {
    const pending = this.waiting.get(order.orderId);
    if (pending !== undefined) {
      if (order.status === '2') this.release(order.orderId, pending);
      else if (ENDED.has(order.status)) this.waiting.delete(order.orderId);
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
