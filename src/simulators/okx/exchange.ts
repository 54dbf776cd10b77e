import { Decimal, InstrumentId, Price, Quantity, type AccountId, type VenueName } from '../../core';
import type { MatchingEngine, MatchingEvent, MatchingRejectCode, SimOrder } from '../matching';
import type { SimInstrument } from './symbols';
import { checkRules, DUPLICATE_CLORDID, insufficient, OFF_LOT, BELOW_MIN, paramError, paramEmpty, parseOrder, type OrderFailure, type ParsedOrder } from './validation';
import { balanceAccount, fillRow, num, orderRow, type OrderMeta } from './wire-format';

/** The `data` entry a place, amend or cancel answers with. */
export interface OrderAck {
  readonly clOrdId: string;
  readonly ordId: string;
  readonly tag?: string;
  readonly ts: string;
  readonly sCode: string;
  readonly sMsg: string;
  readonly reqId?: string;
}

export type PrivateListener = (channel: 'orders' | 'account' | 'balance_and_position', data: Record<string, unknown>) => void;

/** Wire order ids are 18 digits like OKX's; the engine's counter sits under this base. */
const ORDER_BASE = 600_000_000_000_000_000n;
/** Orders the venue ended before the book (post-only that would take) get ids from a separate range. */
const SYNTHETIC_BASE = 700_000_000_000_000_000n;
const CANCEL_NOT_FOUND: OrderFailure = { sCode: '51400', sMsg: 'Order cancellation failed as the order has been filled, canceled or does not exist.' };
const AMEND_NOT_FOUND: OrderFailure = { sCode: '51503', sMsg: 'Order modification failed as the order has been filled, canceled or does not exist.' };
export const ORDER_NOT_FOUND: OrderFailure = { sCode: '51603', sMsg: 'Order does not exist' };

const isOpen = (order: SimOrder): boolean => order.status === 'accepted' || order.status === 'partially-filled' || order.status === 'triggered' || order.status === 'pending';

/**
 * The OKX front end's state over the shared matching engine: wire metadata per order (ordId, clOrdId, fees
 * in OKX's sign), OKX's parameter checks with its sCode/sMsg, and the private channel pushes built from the
 * engine's events.
 */
/** The paging parameters of GET /api/v5/trade/fills (undefined when absent). */
export interface FillsPage {
  readonly begin: number | undefined;
  readonly end: number | undefined;
  readonly after: string | undefined;
  readonly before: string | undefined;
  readonly limit: number;
}

export class SimExchange {
  /** Wire metadata by wire ordId. */
  readonly meta = new Map<string, OrderMeta>();
  private readonly listeners = new Set<PrivateListener>();
  private syntheticCount = 0n;
  /** Metadata of submits the engine has not answered yet, by clOrdId: its events come before the answer. */
  private readonly pending = new Map<string, OrderMeta>();
  private generatedIds = 0;

  constructor(
    readonly engine: MatchingEngine,
    readonly instruments: ReadonlyMap<string, SimInstrument>,
    readonly venue: VenueName,
    readonly accountId: AccountId,
    private readonly now: () => number,
  ) {
    engine.onEvent((event) => this.onEngineEvent(event));
  }

  instrumentId(instId: string): InstrumentId {
    return InstrumentId.of(instId, this.venue);
  }

  onPrivate(listener: PrivateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  wireOrdId(engineOrderId: string): string {
    return String(ORDER_BASE + BigInt(engineOrderId));
  }

  private engineOrder(ordId: string): SimOrder | undefined {
    if (!/^\d{1,19}$/.test(ordId)) return undefined;
    const id = BigInt(ordId) - ORDER_BASE;
    return id > 0n && BigInt(ordId) < SYNTHETIC_BASE ? this.engine.order({ orderId: id.toString() }) : undefined;
  }

  /** POST /api/v5/trade/order (and one entry of batch-orders, `op: order`). */
  async placeOrder(body: Record<string, unknown>): Promise<OrderAck> {
    const parsed = parseOrder(body, this.instruments);
    const clOrdId = typeof body.clOrdId === 'string' ? body.clOrdId : '';
    const tag = typeof body.tag === 'string' ? body.tag : '';
    const fail = (failure: OrderFailure): OrderAck => ({ clOrdId, ordId: '', tag, ts: String(this.now()), sCode: failure.sCode, sMsg: failure.sMsg });
    if ('sCode' in parsed) return fail(parsed);
    if (parsed.spec.state !== 'live') return fail({ sCode: '51001', sMsg: "Instrument ID doesn't exist." });
    const instrumentId = this.instrumentId(parsed.spec.instId);
    const quantity = parsed.byQuote ? this.quoteToQuantity(parsed, instrumentId) : parsed.sz;
    if (parsed.byQuote && quantity.isZero()) return fail(BELOW_MIN);
    const rule = checkRules(parsed, quantity);
    if (rule !== undefined) return fail(rule);
    if (parsed.clOrdId !== '' && this.findByClOrdId(parsed.spec.instId, parsed.clOrdId) !== undefined) return fail(DUPLICATE_CLORDID);
    // The engine needs a unique client id per order; an order sent without clOrdId gets an internal one.
    const engineClientId = parsed.clOrdId !== '' ? parsed.clOrdId : `okxsim${++this.generatedIds}`;
    const meta = this.newMeta(parsed);
    this.pending.set(engineClientId, meta);
    const market = parsed.ordType === 'market' || parsed.ordType === 'optimal_limit_ioc';
    const outcome = await this.engine.submit({
      accountId: this.accountId,
      instrumentId,
      clientOrderId: engineClientId,
      side: parsed.side,
      type: market ? 'market' : 'limit',
      quantity: Quantity.of(quantity),
      timeInForce: market || parsed.ordType === 'ioc' ? 'IOC' : parsed.ordType === 'fok' ? 'FOK' : 'GTC',
      postOnly: parsed.ordType === 'post_only',
      ...(parsed.px === undefined ? {} : { price: Price.of(parsed.px) }),
      ...(parsed.tag === '' ? {} : { tag: parsed.tag }),
    }).done;
    this.pending.delete(engineClientId);
    if (outcome.status === 'rejected') {
      if (outcome.code === 'POST_ONLY_WOULD_TAKE') return this.postOnlyCanceled(meta);
      return fail(this.failureFor(outcome.code, parsed));
    }
    const ordId = this.wireOrdId(outcome.order.orderId);
    return { clOrdId: parsed.clOrdId, ordId, tag: parsed.tag, ts: String(this.now()), sCode: '0', sMsg: 'Order placed' };
  }

  /** OKX accepts a post-only that would take and cancels it at once (cancelSource 31); it never reaches the book. */
  private postOnlyCanceled(meta: OrderMeta): OrderAck {
    const ordId = String(SYNTHETIC_BASE + ++this.syntheticCount);
    const ended: OrderMeta = { ...meta, ordId, cancelSource: '31', synthetic: { state: 'canceled' } };
    this.meta.set(ordId, ended);
    this.publish('orders', orderRow(undefined, ended));
    return { clOrdId: meta.clOrdId, ordId, tag: meta.tag, ts: String(this.now()), sCode: '0', sMsg: 'Order placed' };
  }

  private newMeta(parsed: ParsedOrder): OrderMeta {
    const quote = parsed.spec.quoteCcy;
    return {
      ordId: '',
      instId: parsed.spec.instId,
      ordType: parsed.ordType,
      tdMode: parsed.tdMode,
      side: parsed.side,
      clOrdId: parsed.clOrdId,
      tag: parsed.tag,
      tgtCcy: parsed.tgtCcy,
      sz: parsed.szText,
      px: parsed.pxText,
      cTime: this.now(),
      uTime: this.now(),
      fee: Decimal.ZERO,
      // The matching engine charges commission in the quote currency on both sides.
      feeCcy: quote,
      cancelSource: '',
      attachAlgoOrds: parsed.attachAlgoOrds,
    };
  }

  private failureFor(code: MatchingRejectCode, parsed: ParsedOrder): OrderFailure {
    switch (code) {
      case 'INSUFFICIENT_BALANCE':
      case 'INSUFFICIENT_MARGIN':
        return insufficient(parsed.side === 'buy' ? parsed.spec.quoteCcy : parsed.spec.baseCcy);
      case 'DUPLICATE_CLIENT_ORDER_ID':
        return DUPLICATE_CLORDID;
      case 'QUANTITY_OFF_LOT':
        return OFF_LOT;
      case 'QUANTITY_BELOW_MINIMUM':
      case 'NOTIONAL_BELOW_MINIMUM':
        return BELOW_MIN;
      case 'PRICE_OFF_TICK':
      case 'MISSING_PRICE':
        return paramError('px');
      case 'QUANTITY_ABOVE_MAXIMUM':
      case 'NOTIONAL_ABOVE_MAXIMUM':
        return paramError('sz');
      case 'INSTRUMENT_NOT_TRADING':
      case 'UNKNOWN_INSTRUMENT':
        return { sCode: '51001', sMsg: "Instrument ID doesn't exist." };
      default:
        return { sCode: '51000', sMsg: `Parameter sz error` };
    }
  }

  /** Market buy by quote (tgtCcy quote_ccy): the base size the amount buys walking the asks, down to the lot. */
  private quoteToQuantity(parsed: ParsedOrder, instrumentId: InstrumentId): Decimal {
    const book = this.engine.book(instrumentId);
    if (book === undefined) return Decimal.ZERO;
    let remaining = parsed.sz;
    let quantity = Decimal.ZERO;
    for (const level of book.levels(400).asks) {
      const notional = level.price.mul(level.quantity);
      if (notional.gte(remaining)) {
        quantity = quantity.add(remaining.div(level.price, 12, 'down'));
        break;
      }
      quantity = quantity.add(level.quantity);
      remaining = remaining.sub(notional);
    }
    return quantity.roundToIncrement(Decimal.parse(parsed.spec.lotSz), 'down');
  }

  /** A triggered algo leg becomes an ordinary order: its metadata, and a `live` push on the orders channel. */
  adoptTriggered(leg: SimOrder, algo: { algoId: string; algoClOrdId: string; instId: string; side: 'buy' | 'sell'; sz: string }): string {
    const ordId = this.wireOrdId(leg.orderId);
    if (this.meta.has(ordId)) return ordId;
    const market = leg.request.type === 'stop-market' || leg.request.type === 'market-if-touched' || leg.request.type === 'trailing-stop';
    const spec = this.instruments.get(algo.instId);
    const meta: OrderMeta = {
      ordId, instId: algo.instId, ordType: market ? 'market' : 'limit', tdMode: 'cash', side: algo.side, clOrdId: '', tag: '',
      tgtCcy: market ? 'base_ccy' : '', sz: algo.sz, px: market || leg.price === undefined ? '' : num(leg.price), cTime: this.now(), uTime: this.now(),
      fee: Decimal.ZERO, feeCcy: spec?.quoteCcy ?? '', cancelSource: '', attachAlgoOrds: [], algo: { algoId: algo.algoId, algoClOrdId: algo.algoClOrdId },
    };
    this.meta.set(ordId, meta);
    this.publishOrder(leg, meta, false);
    return ordId;
  }

  /** An order by ordId or clOrdId on an instrument: the open one first, else the latest. */
  find(instId: string, ordId: string | undefined, clOrdId: string | undefined): OrderMeta | undefined {
    if (ordId !== undefined && ordId !== '') {
      const meta = this.meta.get(ordId);
      return meta !== undefined && meta.instId === instId && (clOrdId === undefined || clOrdId === '' || meta.clOrdId === clOrdId) ? meta : undefined;
    }
    if (clOrdId !== undefined && clOrdId !== '') return this.findByClOrdId(instId, clOrdId);
    return undefined;
  }

  private findByClOrdId(instId: string, clOrdId: string): OrderMeta | undefined {
    let latest: OrderMeta | undefined;
    for (const meta of this.meta.values()) {
      if (meta.instId !== instId || meta.clOrdId !== clOrdId) continue;
      const order = this.engineOrder(meta.ordId);
      if (order !== undefined && isOpen(order)) return meta;
      latest = meta;
    }
    return latest;
  }

  row(meta: OrderMeta): Record<string, unknown> {
    return orderRow(this.engineOrder(meta.ordId), meta);
  }

  /** POST /api/v5/trade/cancel-order. */
  async cancelOrder(body: Record<string, unknown>): Promise<OrderAck> {
    const instId = str(body.instId);
    const ordId = str(body.ordId);
    const clOrdId = str(body.clOrdId);
    const ack = (failure: OrderFailure, id = ordId ?? ''): OrderAck => ({ clOrdId: clOrdId ?? '', ordId: id, ts: String(this.now()), sCode: failure.sCode, sMsg: failure.sMsg });
    if (instId === undefined) return ack(paramEmpty('instId'));
    if (!this.instruments.has(instId)) return ack({ sCode: '51001', sMsg: "Instrument ID doesn't exist." });
    if (ordId === undefined && clOrdId === undefined) return ack({ sCode: '51000', sMsg: 'Parameter ordId error' });
    const meta = this.find(instId, ordId, clOrdId);
    const order = meta === undefined ? undefined : this.engineOrder(meta.ordId);
    if (meta === undefined || order === undefined) return ack(CANCEL_NOT_FOUND, meta?.ordId);
    if (!isOpen(order)) {
      return ack(order.status === 'filled' ? { sCode: '51402', sMsg: 'Order cancellation failed as the order has been completed.' } : { sCode: '51401', sMsg: 'Order cancellation failed as the order has been canceled.' }, meta.ordId);
    }
    const outcome = await this.engine.cancel({ orderId: order.orderId }).done;
    if (outcome.status === 'rejected') return ack(CANCEL_NOT_FOUND, meta.ordId);
    return { clOrdId: meta.clOrdId, ordId: meta.ordId, ts: String(this.now()), sCode: '0', sMsg: '' };
  }

  /** POST /api/v5/trade/amend-order: newSz and/or newPx in place (the native modify). */
  async amendOrder(body: Record<string, unknown>): Promise<OrderAck> {
    const instId = str(body.instId);
    const ordId = str(body.ordId);
    const clOrdId = str(body.clOrdId);
    const reqId = str(body.reqId) ?? '';
    const ack = (failure: OrderFailure, id = ordId ?? ''): OrderAck => ({ clOrdId: clOrdId ?? '', ordId: id, reqId, ts: String(this.now()), sCode: failure.sCode, sMsg: failure.sMsg });
    if (instId === undefined) return ack(paramEmpty('instId'));
    const newSz = str(body.newSz);
    const newPx = str(body.newPx);
    if (newSz === undefined && newPx === undefined) return ack({ sCode: '51000', sMsg: 'Parameter newSz or newPx error' });
    if (newSz !== undefined && !/^\d+(\.\d+)?$/.test(newSz)) return ack(paramError('newSz'));
    if (newPx !== undefined && !/^\d+(\.\d+)?$/.test(newPx)) return ack(paramError('newPx'));
    const meta = this.find(instId, ordId, clOrdId);
    const order = meta === undefined ? undefined : this.engineOrder(meta.ordId);
    if (meta === undefined || order === undefined || !isOpen(order)) return ack(AMEND_NOT_FOUND, meta?.ordId);
    const spec = this.instruments.get(instId);
    if (spec !== undefined && newPx !== undefined && !Decimal.parse(newPx).isMultipleOf(Decimal.parse(spec.tickSz))) return ack(paramError('newPx'), meta.ordId);
    if (spec !== undefined && newSz !== undefined && !Decimal.parse(newSz).isMultipleOf(Decimal.parse(spec.lotSz))) return ack(OFF_LOT, meta.ordId);
    const outcome = await this.engine.modify({ orderId: order.orderId }, {
      ...(newSz === undefined ? {} : { quantity: Quantity.parse(newSz) }),
      ...(newPx === undefined ? {} : { price: Price.parse(newPx) }),
    }).done;
    if (outcome.status === 'rejected') {
      const failure = outcome.code === 'POST_ONLY_WOULD_TAKE' ? { sCode: '51000', sMsg: 'Parameter newPx error' } : outcome.code === 'QUANTITY_BELOW_MINIMUM' ? BELOW_MIN : { sCode: '51000', sMsg: `Parameter ${newSz !== undefined ? 'newSz' : 'newPx'} error` };
      return ack(failure, meta.ordId);
    }
    if (newSz !== undefined) meta.sz = newSz;
    if (newPx !== undefined) meta.px = newPx;
    meta.uTime = this.now();
    return { clOrdId: meta.clOrdId, ordId: meta.ordId, reqId, ts: String(this.now()), sCode: '0', sMsg: '' };
  }

  /** GET /api/v5/trade/orders-pending rows, newest first. */
  pendingOrders(instId: string | undefined): Record<string, unknown>[] {
    const orders = this.engine.openOrders(this.accountId, instId === undefined ? undefined : this.instrumentId(instId));
    return orders
      .map((order) => this.meta.get(this.wireOrdId(order.orderId)))
      .filter((meta): meta is OrderMeta => meta !== undefined)
      .sort((a, b) => b.cTime - a.cTime)
      .map((meta) => this.row(meta));
  }

  /**
   * GET /api/v5/trade/fills (and fills-history), newest first. `begin`/`end` bound the time (ms); `after` gives
   * rows older than that billId and `before` rows newer, as OKX pages them (billIds grow with time here).
   */
  fills(instId: string | undefined, ordId: string | undefined, page: FillsPage): Record<string, string>[] {
    const after = page.after === undefined ? undefined : BigInt(page.after);
    const before = page.before === undefined ? undefined : BigInt(page.before);
    const rows = this.engine
      .fills(this.accountId, page.begin)
      .filter((fill) => page.end === undefined || fill.occurredAt <= page.end)
      .filter((fill) => (after === undefined || BigInt(fill.tradeId) < after) && (before === undefined || BigInt(fill.tradeId) > before))
      .map((fill) => ({ fill, meta: this.meta.get(this.wireOrdId(fill.orderId)) }))
      .filter(({ meta }) => meta !== undefined && (instId === undefined || meta.instId === instId) && (ordId === undefined || meta.ordId === ordId))
      .map(({ fill, meta }) => fillRow(fill, meta, meta?.instId ?? ''));
    // With only `before`, OKX returns the rows just newer than the cursor, still newest first.
    if (before !== undefined && after === undefined) return rows.slice(0, page.limit).reverse();
    return rows.reverse().slice(0, page.limit);
  }

  /** GET /api/v5/account/balance: one account entry; `ccy` filters the details. */
  balance(ccy: string | undefined): Record<string, unknown> {
    const only = ccy === undefined ? undefined : new Set(ccy.split(','));
    return balanceAccount(this.engine.account(this.accountId).balances, this.now(), only);
  }

  private onEngineEvent(event: MatchingEvent): void {
    switch (event.type) {
      case 'order-accepted':
      case 'order-canceled':
      case 'order-expired':
      case 'order-modified':
      case 'order-triggered':
      case 'order-filled': {
        if (event.order.request.accountId !== this.accountId) return;
        const ordId = this.wireOrdId(event.order.orderId);
        let meta = this.meta.get(ordId);
        if (meta === undefined) {
          const pending = this.pending.get(event.order.request.clientOrderId);
          if (pending === undefined) return;
          meta = { ...pending, ordId };
          this.meta.set(ordId, meta);
        }
        meta.uTime = event.at;
        if (event.type === 'order-filled') {
          const fee = event.fill.commission.neg();
          meta.fee = meta.fee.add(fee);
          meta.lastFill = { tradeId: event.fill.tradeId, fillPx: num(event.fill.price), fillSz: num(event.fill.quantity), fillTime: event.at, execType: event.fill.liquidity === 'maker' ? 'M' : 'T', fee };
        }
        if (event.type === 'order-canceled' && event.order.reason !== 'requested') meta.cancelSource = '14';
        if (event.type === 'order-triggered') return;
        this.publishOrder(event.order, meta, event.type === 'order-filled');
        if (event.type === 'order-filled') this.publishBalanceAndPosition(meta, event.fill.tradeId, event.at);
        return;
      }
      case 'account-changed':
        if (event.account.accountId !== this.accountId) return;
        this.publish('account', balanceAccount(event.account.balances, event.at));
        return;
      case 'order-rejected':
      case 'financing':
      case 'margin-closeout':
        return;
    }
  }

  /** The orders channel: the order row plus the fill fields of this push (empty when it is not a fill). */
  private publishOrder(order: SimOrder, meta: OrderMeta, isFill: boolean): void {
    const row = orderRow(order, meta);
    const last = isFill ? meta.lastFill : undefined;
    this.publish('orders', {
      ...row,
      fillPx: last?.fillPx ?? '', fillSz: last?.fillSz ?? '0', tradeId: last?.tradeId ?? '', fillTime: last === undefined ? '' : String(last.fillTime),
      fillFee: last === undefined ? '0' : num(last.fee), fillFeeCcy: last === undefined ? '' : meta.feeCcy, execType: last?.execType ?? '',
      fillNotionalUsd: '', notionalUsd: '', amendResult: '', reqId: '', code: '0', msg: '', lastPx: last?.fillPx ?? '',
    });
  }

  private publishBalanceAndPosition(meta: OrderMeta, tradeId: string, at: number): void {
    const [base, quote] = meta.instId.split('-');
    const balances = this.engine.account(this.accountId).balances.filter((b) => b.currency === base || b.currency === quote);
    this.publish('balance_and_position', {
      pTime: String(at),
      eventType: 'filled',
      balData: balances.map((b) => ({ ccy: b.currency, cashBal: num(b.total), uTime: String(at) })),
      posData: [],
      trades: [{ instId: meta.instId, tradeId }],
    });
  }

  private publish(channel: 'orders' | 'account' | 'balance_and_position', data: Record<string, unknown>): void {
    for (const listener of this.listeners) listener(channel, data);
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
