import { Decimal, Price, Quantity, type OrderType } from '../../core';
import type { MatchingEvent, SimOrder } from '../matching';
import type { SimExchange } from './exchange';
import { paramEmpty, paramError, type OrderFailure } from './validation';
import { num } from './wire-format';

/** One algo order (docs-v5 "Place algo order"): its legs are orders the matching engine holds untriggered. */
interface AlgoOrder {
  readonly algoId: string;
  readonly algoClOrdId: string;
  readonly instId: string;
  readonly ordType: 'trigger' | 'conditional' | 'oco' | 'move_order_stop';
  readonly side: 'buy' | 'sell';
  readonly sz: string;
  readonly fields: Readonly<Record<string, string>>;
  /** Engine order ids of the legs (two for an oco or a conditional with both TP and SL). */
  readonly legs: string[];
  state: 'live' | 'effective' | 'canceled' | 'order_failed';
  ordId: string;
  readonly cTime: number;
  uTime: number;
}

export interface AlgoAck {
  readonly algoId: string;
  readonly algoClOrdId: string;
  readonly clOrdId: string;
  readonly tag: string;
  readonly sCode: string;
  readonly sMsg: string;
}

const ALGO_BASE = 800_000_000_000_000_000n;
const DECIMAL = /^\d+(\.\d+)?$/;

/**
 * Algo orders on the matching engine's own conditional orders: `trigger` (stop or if-touched by where the
 * trigger sits), `conditional` TP/SL (one leg or both, the second canceled when one triggers), `oco` and
 * `move_order_stop` (a native trailing stop by callbackRatio or callbackSpread). A triggered leg becomes an
 * ordinary order whose ordId the algo shows, with its fills on the orders channel.
 */
export class SimAlgos {
  private readonly algos = new Map<string, AlgoOrder>();
  private readonly byLeg = new Map<string, AlgoOrder>();
  private count = 0n;
  private readonly listeners = new Set<(row: Record<string, unknown>) => void>();

  constructor(
    private readonly exchange: SimExchange,
    private readonly now: () => number,
  ) {
    exchange.engine.onEvent((event) => this.onEngineEvent(event));
  }

  onAlgo(listener: (row: Record<string, unknown>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async place(body: Record<string, unknown>): Promise<AlgoAck> {
    const text = (name: string): string | undefined => (typeof body[name] === 'string' && body[name] !== '' ? (body[name]) : undefined);
    const algoClOrdId = text('algoClOrdId') ?? '';
    const fail = (failure: OrderFailure): AlgoAck => ({ algoId: '', algoClOrdId, clOrdId: '', tag: text('tag') ?? '', sCode: failure.sCode, sMsg: failure.sMsg });
    const instId = text('instId');
    if (instId === undefined) return fail(paramEmpty('instId'));
    const spec = this.exchange.instruments.get(instId);
    if (spec === undefined) return fail({ sCode: '51001', sMsg: "Instrument ID doesn't exist." });
    const side = text('side');
    if (side !== 'buy' && side !== 'sell') return fail(paramError('side'));
    const ordType = text('ordType');
    if (ordType !== 'trigger' && ordType !== 'conditional' && ordType !== 'oco' && ordType !== 'move_order_stop') return fail(paramError('ordType'));
    const sz = text('sz');
    if (sz === undefined || !DECIMAL.test(sz)) return fail(paramError('sz'));
    if (algoClOrdId !== '' && [...this.algos.values()].some((a) => a.algoClOrdId === algoClOrdId)) return fail({ sCode: '51016', sMsg: 'Duplicated clOrdId' });
    const quantity = Quantity.parse(sz);
    const tick = Decimal.parse(spec.tickSz);
    const book = this.exchange.engine.book(this.exchange.instrumentId(instId));
    const mid = book?.bestBid()?.add(book.bestAsk() ?? book.bestBid() ?? Decimal.ZERO).div(Decimal.fromInteger(2), 12, 'half-even');
    if (mid === undefined) return fail({ sCode: '51000', sMsg: 'Parameter triggerPx error' });
    const legs: { triggerPx: string; orderPx: string }[] = [];
    const fields: Record<string, string> = {};
    for (const name of ['triggerPx', 'orderPx', 'tpTriggerPx', 'tpOrdPx', 'slTriggerPx', 'slOrdPx', 'callbackRatio', 'callbackSpread', 'activePx']) {
      const value = text(name);
      if (value !== undefined) fields[name] = value;
    }
    if (ordType === 'trigger') {
      if (fields.triggerPx === undefined) return fail(paramEmpty('triggerPx'));
      if (fields.orderPx === undefined) return fail(paramEmpty('orderPx'));
      legs.push({ triggerPx: fields.triggerPx, orderPx: fields.orderPx });
    } else if (ordType === 'conditional' || ordType === 'oco') {
      if (fields.tpTriggerPx !== undefined) legs.push({ triggerPx: fields.tpTriggerPx, orderPx: fields.tpOrdPx ?? '-1' });
      if (fields.slTriggerPx !== undefined) legs.push({ triggerPx: fields.slTriggerPx, orderPx: fields.slOrdPx ?? '-1' });
      if (legs.length === 0 || (ordType === 'oco' && legs.length !== 2)) return fail(paramEmpty(ordType === 'oco' ? 'tpTriggerPx and slTriggerPx' : 'tpTriggerPx or slTriggerPx'));
    } else if (fields.callbackRatio === undefined && fields.callbackSpread === undefined) {
      return fail(paramEmpty('callbackRatio or callbackSpread'));
    }
    for (const leg of legs) {
      if (!DECIMAL.test(leg.triggerPx) || !Decimal.parse(leg.triggerPx).isMultipleOf(tick)) return fail(paramError('triggerPx'));
      if (leg.orderPx !== '-1' && (!DECIMAL.test(leg.orderPx) || !Decimal.parse(leg.orderPx).isMultipleOf(tick))) return fail(paramError('orderPx'));
    }
    const algoId = String(ALGO_BASE + ++this.count);
    const algo: AlgoOrder = { algoId, algoClOrdId, instId, ordType, side, sz, fields, legs: [], state: 'live', ordId: '', cTime: this.now(), uTime: this.now() };
    this.algos.set(algoId, algo);
    const instrumentId = this.exchange.instrumentId(instId);
    const submits = ordType === 'move_order_stop'
      ? [{ type: 'trailing-stop' as OrderType, trailingOffset: fields.callbackRatio !== undefined ? { kind: 'basis-points' as const, value: Decimal.parse(fields.callbackRatio).mul(Decimal.fromInteger(10_000)) } : { kind: 'price' as const, value: Decimal.parse(fields.callbackSpread ?? '0') } }]
      : legs.map((leg) => {
          const trigger = Decimal.parse(leg.triggerPx);
          // A buy trigger above the market is a stop; below it, it waits for the price to fall (if-touched).
          const stop = side === 'buy' ? trigger.gt(mid) : trigger.lt(mid);
          const market = leg.orderPx === '-1';
          const type: OrderType = stop ? (market ? 'stop-market' : 'stop-limit') : market ? 'market-if-touched' : 'limit-if-touched';
          return { type, triggerPrice: Price.of(trigger), ...(market ? {} : { price: Price.parse(leg.orderPx) }) };
        });
    for (const [index, submit] of submits.entries()) {
      const outcome = await this.exchange.engine.submit({ accountId: this.exchange.accountId, instrumentId, clientOrderId: `algo${algoId}x${index}`, side, quantity, timeInForce: 'GTC', ...submit }).done;
      if (outcome.status === 'rejected') {
        for (const leg of algo.legs) await this.exchange.engine.cancel({ orderId: leg }).done;
        algo.state = 'order_failed';
        return fail(outcome.code === 'INSUFFICIENT_BALANCE' ? { sCode: '51008', sMsg: `Order failed. Insufficient ${side === 'buy' ? spec.quoteCcy : spec.baseCcy} balance in account.` } : paramError('triggerPx'));
      }
      algo.legs.push(outcome.order.orderId);
      this.byLeg.set(outcome.order.orderId, algo);
    }
    this.publish(algo);
    return { algoId, algoClOrdId, clOrdId: '', tag: text('tag') ?? '', sCode: '0', sMsg: '' };
  }

  /** POST /api/v5/trade/cancel-algos entry. */
  async cancel(body: Record<string, unknown>): Promise<AlgoAck> {
    const algo = this.find(body);
    const ack = (sCode: string, sMsg: string): AlgoAck => ({ algoId: algo?.algoId ?? (typeof body.algoId === 'string' ? body.algoId : ''), algoClOrdId: algo?.algoClOrdId ?? '', clOrdId: '', tag: '', sCode, sMsg });
    if (algo === undefined || algo.state !== 'live') return ack('51400', 'Order cancellation failed as the order has been filled, canceled or does not exist.');
    for (const leg of algo.legs) await this.exchange.engine.cancel({ orderId: leg }).done;
    algo.state = 'canceled';
    algo.uTime = this.now();
    this.publish(algo);
    return ack('0', '');
  }

  find(query: Record<string, unknown>): AlgoOrder | undefined {
    if (typeof query.algoId === 'string' && query.algoId !== '') return this.algos.get(query.algoId);
    if (typeof query.algoClOrdId === 'string' && query.algoClOrdId !== '') return [...this.algos.values()].find((a) => a.algoClOrdId === query.algoClOrdId);
    return undefined;
  }

  pending(instId: string | undefined): Record<string, unknown>[] {
    return [...this.algos.values()].filter((a) => a.state === 'live' && (instId === undefined || a.instId === instId)).reverse().map((a) => this.row(a));
  }

  row(algo: AlgoOrder): Record<string, unknown> {
    const first = algo.legs[0] === undefined ? undefined : this.exchange.engine.order({ orderId: algo.legs[0] });
    return {
      instType: 'SPOT', instId: algo.instId, ccy: '', ordId: algo.ordId, ordIdList: algo.ordId === '' ? [] : [algo.ordId], algoId: algo.algoId, clOrdId: '', sz: algo.sz,
      closeFraction: '', ordType: algo.ordType, side: algo.side, posSide: 'net', tdMode: 'cash', tgtCcy: '', state: algo.state, lever: '',
      tpTriggerPx: algo.fields.tpTriggerPx ?? '', tpTriggerPxType: algo.fields.tpTriggerPx === undefined ? '' : 'last', tpOrdPx: algo.fields.tpOrdPx ?? '',
      slTriggerPx: algo.fields.slTriggerPx ?? '', slTriggerPxType: algo.fields.slTriggerPx === undefined ? '' : 'last', slOrdPx: algo.fields.slOrdPx ?? '',
      triggerPx: algo.fields.triggerPx ?? '', triggerPxType: algo.fields.triggerPx === undefined ? '' : 'last', ordPx: algo.fields.orderPx ?? '',
      actualSz: first === undefined ? '' : num(first.filledQuantity), actualPx: first?.averagePrice === undefined ? '' : num(first.averagePrice), actualSide: '',
      callbackRatio: algo.fields.callbackRatio ?? '', callbackSpread: algo.fields.callbackSpread ?? '', moveTriggerPx: first?.triggerPrice === undefined || algo.ordType !== 'move_order_stop' ? '' : num(first.triggerPrice),
      activePx: algo.fields.activePx ?? '', tag: '', algoClOrdId: algo.algoClOrdId, reduceOnly: 'false', cTime: String(algo.cTime), uTime: String(algo.uTime), triggerTime: algo.state === 'effective' ? String(algo.uTime) : '',
    };
  }

  private onEngineEvent(event: MatchingEvent): void {
    if (event.type !== 'order-triggered' && event.type !== 'order-filled') return;
    const algo = this.byLeg.get(event.order.orderId);
    if (algo === undefined || algo.state !== 'live') return;
    // A market leg may fill without a separate trigger event: either one makes the algo effective.
    this.effective(algo, event.order);
  }

  private effective(algo: AlgoOrder, leg: SimOrder): void {
    algo.state = 'effective';
    algo.uTime = this.now();
    algo.ordId = this.exchange.adoptTriggered(leg, { algoId: algo.algoId, algoClOrdId: algo.algoClOrdId, instId: algo.instId, side: algo.side, sz: algo.sz });
    // The other leg of an oco (or of a TP/SL pair) is canceled when one triggers.
    for (const other of algo.legs) if (other !== leg.orderId) void this.exchange.engine.cancel({ orderId: other }).done;
    this.publish(algo);
  }

  private publish(algo: AlgoOrder): void {
    const row = this.row(algo);
    for (const listener of this.listeners) listener(row);
  }
}
