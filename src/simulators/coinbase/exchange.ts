import { randomUUID } from 'node:crypto';
import { Decimal, Price, Quantity, type AccountId, type InstrumentId } from '../../core';
import type { MatchingEngine, MatchingEvent, MatchingRejectCode, SimOrder } from '../matching';
import { productInstrumentId, simulatedInstrument, type SimProduct } from './products';
import { baseForQuoteSize } from './quote-walk';
import { failure, isFailure, parseOrder, type OrderFailure, type ParsedOrder } from './validation';
import { attachedProblem } from './attached-validation';
import { rfc3339, type OrderMeta } from './wire-format';

export type PlaceResult =
  | { readonly ok: true; readonly meta: OrderMeta; readonly order: SimOrder; readonly duplicate: boolean }
  | { readonly ok: false; readonly failure: OrderFailure };

/** Coinbase's create failures for the matching engine's reject codes. */
const REJECTS: Partial<Record<MatchingRejectCode, OrderFailure>> = {
  INSUFFICIENT_BALANCE: failure('INSUFFICIENT_FUND', 'Insufficient balance in source account', 'PREVIEW_INSUFFICIENT_FUND', 'INSUFFICIENT_FUND'),
  POST_ONLY_WOULD_TAKE: failure('INVALID_LIMIT_PRICE_POST_ONLY', 'Post only order would cross the book', 'PREVIEW_INVALID_LIMIT_PRICE_POST_ONLY', 'INVALID_LIMIT_PRICE_POST_ONLY'),
  PRICE_OFF_TICK: failure('INVALID_PRICE_PRECISION', 'Too many decimals in order price', 'PREVIEW_INVALID_PRICE_PRECISION', 'INVALID_PRICE_PRECISION'),
  QUANTITY_OFF_LOT: failure('INVALID_SIZE_PRECISION', 'Too many decimals in order amount', 'PREVIEW_INVALID_BASE_SIZE_PRECISION', 'INVALID_SIZE_PRECISION'),
  QUANTITY_BELOW_MINIMUM: failure('UNKNOWN_FAILURE_REASON', 'Order size is too small', 'PREVIEW_INVALID_BASE_SIZE_TOO_SMALL'),
  QUANTITY_ABOVE_MAXIMUM: failure('UNKNOWN_FAILURE_REASON', 'Order size is too large', 'PREVIEW_INVALID_BASE_SIZE_TOO_LARGE'),
  NOTIONAL_BELOW_MINIMUM: failure('UNKNOWN_FAILURE_REASON', 'Order funds are too small', 'PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL'),
  NOTIONAL_ABOVE_MAXIMUM: failure('UNKNOWN_FAILURE_REASON', 'Order funds are too large', 'PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE'),
  NO_LIQUIDITY: failure('INVALID_NO_LIQUIDITY', 'No liquidity for market order', 'UNKNOWN_PREVIEW_FAILURE_REASON', 'INVALID_NO_LIQUIDITY'),
  TRIGGER_ALREADY_HIT: failure('INVALID_REQUEST', 'Stop price would trigger immediately', 'PREVIEW_STOP_PRICE_BELOW_LAST_TRADE_PRICE'),
  INSTRUMENT_NOT_TRADING: failure('UNTRADABLE_PRODUCT', 'Product is not tradable', 'UNKNOWN_PREVIEW_FAILURE_REASON', 'UNTRADABLE_PRODUCT'),
};

export type OrderListener = (order: SimOrder, meta: OrderMeta) => void;

/** The Coinbase front end's state over the shared matching engine: order metadata, rules, idempotency. */
export class SimExchange {
  readonly byEngineId = new Map<string, OrderMeta>();
  readonly byOrderId = new Map<string, OrderMeta>();
  readonly byClientId = new Map<string, OrderMeta>();
  private readonly listeners = new Set<OrderListener>();
  /** Orders sent to the engine, by client id, until the engine's first event gives them their engine id. */
  private readonly pendingByClientId = new Map<string, OrderMeta>();

  constructor(
    readonly engine: MatchingEngine,
    readonly products: ReadonlyMap<string, SimProduct>,
    readonly accountId: AccountId,
    private readonly now: () => number,
  ) {
    engine.onEvent((event) => this.onEngineEvent(event));
    engine.onMarketData((event) => {
      if (event.type === 'TradeTick') this.triggerBrackets(event.instrumentId, event.price);
    });
  }

  /**
   * Trigger brackets: the order rests as its take-profit limit; a trade through stop_trigger_price turns it
   * into an exit at that price (the limit moves to the stop, which is marketable), as Coinbase's bracket does.
   */
  private triggerBrackets(instrumentId: InstrumentId, price: Price): void {
    for (const meta of this.byEngineId.values()) {
      const stop = meta.parsed.bracketStop;
      if (stop === undefined || meta.triggered) continue;
      const order = this.engine.order({ orderId: meta.engineOrderId });
      if (order === undefined || order.request.instrumentId !== instrumentId || (order.status !== 'accepted' && order.status !== 'partially-filled')) continue;
      const hit = order.request.side === 'sell' ? price.lte(stop) : price.gte(stop);
      if (!hit) continue;
      meta.triggered = true;
      void this.engine.modify({ orderId: meta.engineOrderId }, { price: stop }).done;
    }
  }

  onOrder(listener: OrderListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  instrumentId(productId: string): InstrumentId | undefined {
    const product = this.products.get(productId);
    return product === undefined ? undefined : productInstrumentId(product);
  }

  /** POST /api/v3/brokerage/orders. A repeated client_order_id answers with the order it already made. */
  async place(body: Record<string, unknown>): Promise<PlaceResult> {
    const clientOrderId = typeof body['client_order_id'] === 'string' ? body['client_order_id'] : '';
    if (clientOrderId === '') return { ok: false, failure: failure('INVALID_REQUEST', 'client_order_id is required', 'UNKNOWN_PREVIEW_FAILURE_REASON') };
    const existing = this.byClientId.get(clientOrderId);
    if (existing !== undefined) {
      const order = this.engine.order({ orderId: existing.engineOrderId });
      if (order !== undefined) return { ok: true, meta: existing, order, duplicate: true };
    }
    const productId = typeof body['product_id'] === 'string' ? body['product_id'] : '';
    const product = this.products.get(productId);
    if (product === undefined) return { ok: false, failure: failure('INVALID_PRODUCT_ID', 'Invalid product_id', 'PREVIEW_INVALID_PRODUCT_ID', 'INVALID_PRODUCT_ID') };
    const parsed = parseOrder(body, product, this.now());
    if (isFailure(parsed)) return { ok: false, failure: parsed };
    const attached = body['attached_order_configuration'];
    const attachedRefusal = attachedProblem(attached);
    if (attachedRefusal !== undefined) return { ok: false, failure: failure('UNSUPPORTED_ORDER_CONFIGURATION', attachedRefusal, 'PREVIEW_INVALID_ORDER_CONFIG', 'UNSUPPORTED_ORDER_CONFIGURATION') };
    const quantity = parsed.baseSize ?? this.baseForQuote(product, parsed);
    if (quantity === undefined || quantity.isZero()) return { ok: false, failure: REJECTS.NO_LIQUIDITY as OrderFailure };
    const instrumentId = productInstrumentId(product);
    const price = parsed.type === 'market' ? undefined : parsed.limitPrice;
    // The engine reports acceptance and fills synchronously inside submit: the meta must exist before they arrive.
    const meta = this.register(productId, clientOrderId, parsed);
    if (attached !== undefined) meta.attached = attached as NonNullable<OrderMeta['attached']>;
    const ticket = this.engine.submit({
      accountId: this.accountId,
      instrumentId,
      clientOrderId,
      side: parsed.side,
      type: parsed.type,
      quantity,
      timeInForce: parsed.timeInForce,
      ...(price === undefined ? {} : { price }),
      ...(parsed.stopPrice === undefined ? {} : { triggerPrice: parsed.stopPrice }),
      ...(parsed.endTime === undefined ? {} : { expireAt: parsed.endTime }),
      ...(parsed.postOnly ? { postOnly: true } : {}),
    });
    const outcome = await ticket.done;
    if (outcome.status === 'rejected') {
      this.pendingByClientId.delete(clientOrderId);
      return { ok: false, failure: REJECTS[outcome.code] ?? failure('UNKNOWN_FAILURE_REASON', outcome.reason, 'UNKNOWN_PREVIEW_FAILURE_REASON') };
    }
    const order = this.engine.order({ orderId: outcome.order.orderId }) ?? outcome.order;
    return { ok: true, meta: this.byEngineId.get(order.orderId) ?? meta, order, duplicate: false };
  }

  private register(productId: string, clientOrderId: string, parsed: ParsedOrder): OrderMeta {
    const meta: OrderMeta = {
      orderId: randomUUID(),
      engineOrderId: '',
      productId,
      clientOrderId,
      parsed,
      createdAt: this.now(),
      fills: 0,
      filledValue: Decimal.ZERO,
      fees: Decimal.ZERO,
      triggered: false,
      editHistory: [],
    };
    this.pendingByClientId.set(clientOrderId, meta);
    return meta;
  }


  /** A market order sized in quote: the base it takes walking the book, fees included, as Coinbase's quote_size is. */
  private baseForQuote(product: SimProduct, parsed: ParsedOrder): Quantity | undefined {
    const book = this.engine.book(productInstrumentId(product));
    if (book === undefined || parsed.quoteSize === undefined) return undefined;
    const taker = simulatedInstrument(product).fees.taker;
    return baseForQuoteSize((depth) => book.levels(depth), parsed.side, parsed.quoteSize, taker, Decimal.parse(product.base_increment));
  }

  metaOf(order: SimOrder): OrderMeta | undefined {
    return this.byEngineId.get(order.orderId);
  }

  find(orderId: string): { order: SimOrder; meta: OrderMeta } | undefined {
    const meta = this.byOrderId.get(orderId);
    const order = meta === undefined ? undefined : this.engine.order({ orderId: meta.engineOrderId });
    return meta === undefined || order === undefined ? undefined : { order, meta };
  }

  /** POST /api/v3/brokerage/orders/batch_cancel: one result per id, in order. */
  async cancel(orderIds: readonly string[]): Promise<Record<string, unknown>[]> {
    const results: Record<string, unknown>[] = [];
    for (const orderId of orderIds) {
      const found = this.find(orderId);
      const product = found === undefined ? undefined : this.products.get(found.meta.productId);
      if (found === undefined) {
        results.push({ success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: orderId });
        continue;
      }
      if (product?.status !== 'online') {
        results.push({ success: false, failure_reason: 'INVALID_CANCEL_REQUEST', order_id: orderId });
        continue;
      }
      const outcome = await this.engine.cancel({ orderId: found.meta.engineOrderId }).done;
      results.push(
        outcome.status === 'canceled'
          ? { success: true, failure_reason: 'UNKNOWN_CANCEL_FAILURE_REASON', order_id: orderId }
          : { success: false, failure_reason: 'UNKNOWN_CANCEL_ORDER', order_id: orderId },
      );
    }
    return results;
  }

  /**
   * POST /api/v3/brokerage/orders/edit (and edit_preview with `apply` false): only open limit GTC orders, a
   * size not below what has filled. Errors as `errors[].edit_failure_reason` / `preview_failure_reason`.
   */
  async edit(body: Record<string, unknown>, apply: boolean): Promise<{ success: boolean; errors: Record<string, string>[] }> {
    const fail = (edit: string, preview = 'UNKNOWN_PREVIEW_FAILURE_REASON') => ({ success: false, errors: [{ edit_failure_reason: edit, preview_failure_reason: preview }] });
    const found = typeof body['order_id'] === 'string' ? this.find(body['order_id']) : undefined;
    if (found === undefined) return fail('ORDER_NOT_FOUND');
    const { order, meta } = found;
    if (meta.parsed.key !== 'limit_limit_gtc') return fail('ONLY_LIMIT_ORDER_EDITS_SUPPORTED');
    if (order.status !== 'accepted' && order.status !== 'partially-filled') return fail('ONLY_OPEN_ORDERS_CAN_BE_EDITED');
    const product = this.products.get(meta.productId) as SimProduct;
    const price = typeof body['price'] === 'string' ? Decimal.tryParse(body['price']) : undefined;
    const size = typeof body['size'] === 'string' ? Decimal.tryParse(body['size']) : undefined;
    if (price === undefined || !price.isPositive()) return fail('INVALID_EDITED_PRICE', 'PREVIEW_INVALID_LIMIT_PRICE');
    if (size === undefined || !size.isPositive()) return fail('INVALID_EDITED_SIZE', 'PREVIEW_INVALID_SIZE_PRECISION');
    if (!price.isMultipleOf(Decimal.parse(product.price_increment))) return fail('INVALID_EDITED_PRICE', 'PREVIEW_INVALID_PRICE_PRECISION');
    if (!size.isMultipleOf(Decimal.parse(product.base_increment))) return fail('INVALID_EDITED_SIZE', 'PREVIEW_INVALID_SIZE_PRECISION');
    if (size.lte(order.filledQuantity)) return fail('CANNOT_EDIT_TO_BELOW_FILLED_SIZE');
    if (order.price !== undefined && price.eq(order.price) && size.eq(order.quantity)) return fail('EDIT_REQUEST_EQUAL_TO_ORIGINAL_REQUEST');
    if (!apply) return { success: true, errors: [] };
    const outcome = await this.engine.modify({ orderId: meta.engineOrderId }, { price: Price.of(price), quantity: Quantity.of(size) }).done;
    if (outcome.status === 'rejected') return fail(outcome.code === 'POST_ONLY_WOULD_TAKE' ? 'COMMANDER_REJECTED_EDIT_ORDER' : 'UNKNOWN_EDIT_ORDER_FAILURE_REASON');
    meta.editHistory.push({ price: price.toString(), size: size.toString(), replace_accept_timestamp: rfc3339(this.now()) });
    return { success: true, errors: [] };
  }

  /** Every order the exchange has answered for, newest first (historical batch). */
  orders(): { order: SimOrder; meta: OrderMeta }[] {
    const out: { order: SimOrder; meta: OrderMeta }[] = [];
    for (const meta of this.byOrderId.values()) {
      const order = this.engine.order({ orderId: meta.engineOrderId });
      if (order !== undefined) out.push({ order, meta });
    }
    return out.sort((a, b) => b.meta.createdAt - a.meta.createdAt || Number(b.meta.engineOrderId) - Number(a.meta.engineOrderId));
  }

  /** Restores metadata after a restart (state.ts persists it beside the engine snapshot). */
  restore(metas: readonly OrderMeta[]): void {
    for (const meta of metas) this.index(meta);
  }

  private index(meta: OrderMeta): void {
    this.byEngineId.set(meta.engineOrderId, meta);
    this.byOrderId.set(meta.orderId, meta);
    this.byClientId.set(meta.clientOrderId, meta);
  }

  private onEngineEvent(event: MatchingEvent): void {
    if (event.type === 'order-rejected' || event.type === 'financing' || event.type === 'margin-closeout' || event.type === 'account-changed') return;
    let meta = this.byEngineId.get(event.order.orderId);
    if (meta === undefined) {
      const pending = this.pendingByClientId.get(event.order.request.clientOrderId);
      if (pending === undefined) return;
      this.pendingByClientId.delete(pending.clientOrderId);
      meta = { ...pending, engineOrderId: event.order.orderId };
      this.index(meta);
    }
    if (event.type === 'order-filled') {
      meta.fills++;
      meta.filledValue = meta.filledValue.add(event.fill.price.mul(event.fill.quantity));
      meta.fees = meta.fees.add(event.fill.commission);
      meta.lastFillAt = event.fill.occurredAt;
    }
    if (event.type === 'order-triggered') meta.triggered = true;
    for (const listener of this.listeners) listener(event.order, meta);
  }
}
