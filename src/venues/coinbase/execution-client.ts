import type { Timestamp } from '../../core/clock';
import { isTmtError, TmtError } from '../../core/errors/tmt-error';
import type { MarketDataEvent, VenueConnectionChanged } from '../../core/events';
import { CLIENT_ID_RULES, VenueOrderId, type AccountId, type InstrumentId, type VenueClientOrderId } from '../../core/identifiers';
import type { CryptoSpot, Instrument } from '../../core/instruments';
import type {
  CancelRequest,
  CancelResult,
  ModifyRequest,
  ModifyResult,
  OrderLookup,
  SubmitResult,
  Unsubscribe,
  VenueCapabilities,
  VenueClient,
  VenueOrderSubmission,
} from '../../core/ports/venue';
import type { AccountReport, FillReport, OrderStatusReport, PositionStatusReport, VenueReport } from '../../core/reports';
import { Listeners } from '../../shared/listeners';
import { CANCEL_FAILURE_REASONS, EDIT_FAILURE_REASONS, lookup } from './enums';
import type { ExecutionClientDeps } from './execution-deps';
import { OrderIndex } from './order-index';
import { checkRules, createOrderBody, isRefusal } from './parse/order-params';
import { accountReport, failureCode, fillReport, orderReport, UnknownEnumError, type ReportContext } from './parse/reports';
import { userOrderReport, type WireUserOrder } from './parse/user-events';
import type { WireOrder } from './parse/wire';
import { instrumentFromProduct } from './symbols';

export type { ExecutionClientDeps } from './execution-deps';

const rejected = (code: string, reason: string, venueReason: string) => ({ status: 'rejected' as const, code, reason, venueReason });

/** The execution client: engine verbs over the raw Advanced Trade REST API and the user channel (STYLE rule 7). */
export class CoinbaseExecutionClient implements VenueClient {
  readonly venue = 'COINBASE' as const;
  readonly capabilities: VenueCapabilities = {
    orderTypes: ['market', 'limit', 'stop-limit', 'limit-if-touched'],
    timeInForce: {
      market: ['IOC'],
      limit: ['GTC', 'GTD', 'FOK', 'IOC'],
      'stop-limit': ['GTC', 'GTD'],
      // A stop-limit whose stop_direction is against its side: it waits for the price to come back to it.
      'limit-if-touched': ['GTC', 'GTD'],
    },
    postOnly: true,
    reduceOnly: false,
    iceberg: false,
    // POST /orders/edit changes price and size of an open limit GTC order in place.
    modify: 'native',
    attachedOrders: false,
    orderLists: [],
    cancelAll: true,
    positions: false,
    hedging: false,
    quoteQuantityMarket: true,
    clientOrderId: CLIENT_ID_RULES.coinbase,
  };
  readonly accountIds: readonly AccountId[];
  /** Messages that could not be mapped, by description. */
  readonly unrecognized = new Map<string, number>();
  readonly orders = new OrderIndex();
  private readonly reportListeners = new Listeners<VenueReport>();
  private readonly connectionListeners = new Listeners<VenueConnectionChanged>();
  /** Per order, the fill fetch under way: fetches of one order run one after another. */
  private readonly fillFetches = new Map<string, Promise<void>>();
  /** Client ids of quote-sized market orders sent and not yet ended (see endQuoteSized). */
  private readonly quoteSizedClients = new Set<string>();
  private downSince: Timestamp | undefined;
  private closed = false;

  constructor(private readonly deps: ExecutionClientDeps) {
    this.accountIds = [deps.accountId];
  }

  async connect(): Promise<void> {
    await this.loadInstruments();
    await this.deps.userStream?.start();
    this.emitConnection('connected');
  }

  async disconnect(): Promise<void> {
    // The engine and its owner may both close the client: the second call has nothing left to do.
    if (this.closed) return;
    this.closed = true;
    this.deps.userStream?.stop();
    this.deps.data.close();
    await Promise.allSettled([...this.fillFetches.values()]);
    await this.deps.api.http.close();
    this.emitConnection('disconnected');
  }

  async instruments(): Promise<readonly Instrument[]> {
    if (this.deps.products.all().length === 0) await this.loadInstruments();
    return this.deps.products.all();
  }

  private async loadInstruments(): Promise<void> {
    const { products } = await this.deps.api.products();
    const loaded: { instrument: CryptoSpot; flags: { limitOnly: boolean; postOnly: boolean; cancelOnly: boolean } }[] = [];
    for (const product of products) {
      if (product.product_type !== 'SPOT') continue;
      const instrument = instrumentFromProduct(product);
      if (instrument === undefined) this.reportUnrecognized(`coinbase product status ${product.status}`, JSON.stringify(product));
      else loaded.push({ instrument, flags: { limitOnly: product.limit_only, postOnly: product.post_only, cancelOnly: product.cancel_only } });
    }
    this.deps.products.load(loaded);
  }

  async submit(submission: VenueOrderSubmission): Promise<SubmitResult> {
    const { request, venueClientOrderId } = submission;
    const productId = this.deps.products.productId(request.instrumentId);
    const instrument = this.deps.products.instrument(request.instrumentId);
    const refusal = instrument === undefined ? undefined : checkRules(instrument, this.deps.products.flagsOf(productId), request);
    const body = refusal ?? createOrderBody(productId, request, venueClientOrderId);
    if (isRefusal(body)) return rejected(body.code, body.reason, `local: ${body.reason}`);
    // A quote-sized order's quantity is TMT's estimate: the venue's filled size is its size, so none is kept.
    const known = request.quoteQuantity === undefined ? { quantity: request.quantity, type: request.type } : { type: request.type };
    // Marked before sending: the user channel may report the fill before the REST answer comes back.
    if (request.quoteQuantity !== undefined) this.quoteSizedClients.add(venueClientOrderId);
    let response;
    try {
      response = await this.deps.api.createOrder(body);
    } catch (error) {
      if (!isTmtError(error) || (error.code !== 'VENUE_OUTCOME_UNKNOWN' && error.code !== 'VENUE_TIMEOUT')) throw error;
      // Coinbase answers a repeated client_order_id with the order it already has: resending settles the
      // lost answer without ever making a second order.
      this.deps.logger.warn({ clientOrderId: venueClientOrderId, code: error.code }, 'coinbase order outcome unknown; resending the same client_order_id');
      try {
        response = await this.deps.api.createOrder(body);
      } catch (again) {
        throw new TmtError('VENUE_OUTCOME_UNKNOWN', `order ${venueClientOrderId}: outcome unknown after a resend`, { cause: again });
      }
    }
    if (!response.success || response.success_response === undefined) {
      this.quoteSizedClients.delete(venueClientOrderId);
      const failure = response.error_response ?? {};
      const code = failureCode([failure.preview_failure_reason, failure.error, failure.new_order_failure_reason, response.failure_reason]);
      const venueReason = [failure.error, failure.preview_failure_reason, failure.message].filter((x) => x !== undefined && x !== '').join(' ');
      return rejected(code, failure.message || venueReason || 'order refused', venueReason);
    }
    const orderId = response.success_response.order_id;
    const remembered = this.orders.remember(orderId, venueClientOrderId, productId, known);
    if (request.quoteQuantity !== undefined) remembered.quoteSized = true;
    return { status: 'accepted', venueOrderId: VenueOrderId.of(orderId) };
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    const orderId = request.venueOrderId ?? (await this.resolveOrderId(request.venueClientOrderId, request.instrumentId));
    if (orderId === undefined) return rejected('VENUE_UNKNOWN_ORDER', `no order with client id ${request.venueClientOrderId}`, 'UNKNOWN_CANCEL_ORDER');
    const { results } = await this.deps.api.batchCancel([orderId]);
    const result = results.find((r) => r.order_id === orderId);
    if (result?.success === true) return { status: 'canceled' };
    const reason = result?.failure_reason ?? 'UNKNOWN_CANCEL_FAILURE_REASON';
    return rejected(lookup(CANCEL_FAILURE_REASONS, reason) ?? 'VENUE_REJECTED', `cancel refused: ${reason}`, reason);
  }

  /** Cancels every open order of one product (batch_cancel of the open orders' ids). */
  async cancelAll(instrumentId: InstrumentId): Promise<readonly OrderStatusReport[]> {
    const open = await this.openOrders(this.deps.accountId, instrumentId);
    if (open.length === 0) return [];
    const { results } = await this.deps.api.batchCancel(open.map((o) => o.venueOrderId));
    const canceled = new Set(results.filter((r) => r.success).map((r) => r.order_id));
    return open.filter((o) => canceled.has(o.venueOrderId)).map((o) => ({ ...o, status: 'canceled' as const, reportedAt: this.deps.clock.now() }));
  }

  /** Native edit: price and size of an open limit GTC order, after an edit_preview that must show no errors. */
  async modify(request: ModifyRequest): Promise<ModifyResult> {
    const orderId = request.venueOrderId ?? (await this.resolveOrderId(request.venueClientOrderId, request.instrumentId));
    if (orderId === undefined) return rejected('VENUE_UNKNOWN_ORDER', `no order with client id ${request.venueClientOrderId}`, 'ORDER_NOT_FOUND');
    const price = request.amendment.price ?? request.replacement.price;
    if (price === undefined) return rejected('VENUE_UNSUPPORTED', 'Coinbase edits limit orders only: the replacement needs a price', 'ONLY_LIMIT_ORDER_EDITS_SUPPORTED');
    // Coinbase's edit `size` is the order's whole size, fills included (the replacement carries only the rest).
    const known = this.orders.byOrderId(orderId);
    const total = request.amendment.quantity ?? known?.quantity ?? (await this.orderStatus({ accountId: request.accountId, venueOrderId: VenueOrderId.of(orderId) }))?.quantity;
    if (total === undefined) return rejected('VENUE_UNKNOWN_ORDER', `order ${orderId} not found`, 'ORDER_NOT_FOUND');
    const size = total.normalize().toString();
    const answer = await this.deps.api.editOrder(orderId, price.normalize().toString(), size);
    const failure = answer.errors?.[0];
    if (answer.success !== true || failure !== undefined) {
      const reason = failure?.edit_failure_reason ?? failure?.preview_failure_reason ?? 'UNKNOWN_EDIT_ORDER_FAILURE_REASON';
      return rejected(lookup(EDIT_FAILURE_REASONS, reason) ?? 'VENUE_REJECTED', `edit refused: ${reason}`, reason);
    }
    if (known !== undefined) known.quantity = total;
    const report = await this.orderStatus({ accountId: request.accountId, venueOrderId: VenueOrderId.of(orderId) });
    return { status: 'modified', venueOrderId: VenueOrderId.of(orderId), ...(report === undefined ? {} : { report }) };
  }

  /** POST /orders/edit_preview: what an edit would do, without doing it (errors empty when it would pass). */
  async previewModify(venueOrderId: string, price: string, size: string): Promise<readonly string[]> {
    const answer = await this.deps.api.editPreview(venueOrderId, price, size);
    return (answer.errors ?? []).map((e) => e.edit_failure_reason ?? e.preview_failure_reason ?? 'UNKNOWN_EDIT_ORDER_FAILURE_REASON');
  }

  async orderStatus(lookupBy: OrderLookup): Promise<OrderStatusReport | undefined> {
    const orderId = 'venueOrderId' in lookupBy ? lookupBy.venueOrderId : await this.resolveOrderId(lookupBy.venueClientOrderId, lookupBy.instrumentId);
    if (orderId === undefined) return undefined;
    try {
      return this.report(await this.deps.api.getOrder(orderId));
    } catch (error) {
      if (isTmtError(error) && error.code === 'VENUE_UNKNOWN_ORDER') return undefined;
      throw error;
    }
  }

  /** Coinbase has no lookup by client id: the index first, then the order history of the product. */
  private async resolveOrderId(clientOrderId: VenueClientOrderId, instrumentId?: InstrumentId): Promise<string | undefined> {
    const known = this.orders.byClient(clientOrderId);
    if (known !== undefined) return known.orderId;
    const filters = instrumentId === undefined ? [] : ([['product_ids', this.deps.products.productId(instrumentId)]] as const);
    const found = (await this.deps.api.listOrders(filters)).find((o) => o.client_order_id === clientOrderId);
    if (found === undefined) return undefined;
    this.orders.remember(found.order_id, clientOrderId, found.product_id);
    return found.order_id;
  }

  async openOrders(_accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]> {
    const filters: [string, string][] = [['order_status', 'OPEN']];
    if (instrumentId !== undefined) filters.push(['product_ids', this.deps.products.productId(instrumentId)]);
    const orders = await this.deps.api.listOrders(filters);
    return orders.flatMap((order) => this.mapOrDefer(() => this.report(order)) ?? []);
  }

  async fillsSince(_accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]> {
    const rows = await this.deps.api.listFills([['start_sequence_timestamp', new Date(since).toISOString()]]);
    const fills: FillReport[] = [];
    for (const row of rows) {
      let known = this.orders.byOrderId(row.order_id);
      if (known === undefined) {
        // An order placed elsewhere or before a restart: one lookup joins its client id.
        const order = await this.deps.api.getOrder(row.order_id);
        known = this.orders.remember(order.order_id, order.client_order_id === '' ? undefined : (order.client_order_id as VenueClientOrderId), order.product_id);
      }
      const mapped = this.mapOrDefer(() => fillReport(row, this.context(this.deps.products.instrumentId(row.product_id)), known.clientOrderId, this.quoteOf(row.product_id)));
      if (mapped !== undefined && mapped.occurredAt >= since) fills.push(mapped);
    }
    return fills.sort((a, b) => a.occurredAt - b.occurredAt);
  }

  async positions(_accountId?: AccountId): Promise<readonly PositionStatusReport[]> {
    return [];
  }

  async account(_accountId?: AccountId): Promise<AccountReport> {
    return accountReport(await this.deps.api.accounts(), this.deps.accountId, this.deps.baseCurrency, this.deps.clock.now());
  }

  /** The account's fee tier (GET transaction_summary): maker and taker rates as exact decimal strings. */
  async feeTier(): Promise<{ readonly tier: string; readonly maker: string; readonly taker: string }> {
    const { fee_tier } = await this.deps.api.transactionSummary();
    return { tier: fee_tier.pricing_tier, maker: fee_tier.maker_fee_rate, taker: fee_tier.taker_fee_rate };
  }

  onReport(handler: (report: VenueReport) => void): Unsubscribe {
    return this.reportListeners.add(handler);
  }

  onConnection(handler: (event: VenueConnectionChanged) => void): Unsubscribe {
    return this.connectionListeners.add(handler);
  }

  subscribeMarketData(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    return this.deps.data.subscribe(instrumentIds, handler);
  }

  /** User channel orders: each becomes an order report; a rise in number_of_fills fetches the new fills. */
  onUserOrders(orders: readonly WireUserOrder[]): void {
    for (const order of orders) {
      const known = this.orders.remember(order.order_id, order.client_order_id === '' ? undefined : (order.client_order_id as VenueClientOrderId), order.product_id);
      const context = this.context(this.deps.products.instrumentId(order.product_id));
      const extra = known.quantity !== undefined && known.type !== undefined ? { quantity: known.quantity, type: known.type } : undefined;
      const report = this.mapOrDefer(() => userOrderReport(order, context, extra));
      const fills = Number(order.number_of_fills ?? '0');
      if (Number.isInteger(fills) && fills > known.fillsSeen) {
        known.fillsSeen = fills;
        this.fetchFills(order.order_id);
      }
      if (report === undefined) continue;
      const quoteSized = known.quoteSized === true || this.quoteSizedClients.has(order.client_order_id);
      if (quoteSized && report.status === 'filled') this.endQuoteSized(order.order_id, report);
      else this.reportListeners.emit({ kind: 'order', report });
    }
  }

  /**
   * A quote-sized market order is done when the venue says FILLED, though its base fills fall short of TMT's
   * estimate: once its fills are reported, the unbought rest of the estimate ends as expired (as an IOC's rest).
   */
  private endQuoteSized(orderId: string, report: OrderStatusReport): void {
    if (report.venueClientOrderId !== undefined) this.quoteSizedClients.delete(report.venueClientOrderId);
    const fetched = this.fillFetches.get(orderId) ?? Promise.resolve();
    void fetched.then(() => this.reportListeners.emit({ kind: 'order', report: { ...report, status: 'expired', venueReason: 'quote_size spent: the rest of the estimated quantity ends' } }));
  }

  /** Fetches one order's fills and reports the ones not reported yet (chained per order). */
  private fetchFills(orderId: string): void {
    const previous = this.fillFetches.get(orderId) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const known = this.orders.byOrderId(orderId);
        if (known === undefined) return;
        const rows = await this.deps.api.listFills([['order_ids', orderId]]);
        for (const row of rows.reverse()) {
          if (known.reportedTrades.has(row.trade_id)) continue;
          const report = this.mapOrDefer(() => fillReport(row, this.context(this.deps.products.instrumentId(row.product_id)), known.clientOrderId, this.quoteOf(row.product_id)));
          if (report === undefined) continue;
          known.reportedTrades.add(row.trade_id);
          this.reportListeners.emit({ kind: 'fill', report });
        }
      })
      .catch((error: unknown) => {
        this.deps.logger.warn({ err: error, orderId }, 'coinbase fill fetch failed; the next update or catch-up retries');
        const known = this.orders.byOrderId(orderId);
        if (known !== undefined) known.fillsSeen = 0;
      });
    this.fillFetches.set(orderId, next);
    void next.finally(() => {
      if (this.fillFetches.get(orderId) === next) this.fillFetches.delete(orderId);
    });
  }

  /** After the user stream comes back: open orders and every fill since it went down, so no fill is missed. */
  async catchUp(since: Timestamp): Promise<void> {
    for (const report of await this.openOrders(this.deps.accountId)) this.reportListeners.emit({ kind: 'order', report });
    for (const report of await this.fillsSince(this.deps.accountId, since)) {
      const known = this.orders.byOrderId(report.venueOrderId);
      if (known?.reportedTrades.has(report.tradeId)) continue;
      known?.reportedTrades.add(report.tradeId);
      this.reportListeners.emit({ kind: 'fill', report });
    }
  }

  streamDown(reason: string): void {
    this.downSince ??= this.deps.clock.now();
    this.emitConnection('reconnecting', reason);
  }

  streamUp(reconnect: boolean): void {
    const since = this.downSince;
    this.downSince = undefined;
    if (!reconnect) return;
    this.emitConnection('connected');
    this.reportListeners.emit({ kind: 'gap', accountId: this.deps.accountId, reason: 'user stream reconnected' });
    void this.catchUp((since ?? this.deps.clock.now()) - 1000).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'coinbase catch-up after reconnect failed'));
  }

  reportUnrecognized(description: string, raw: string): void {
    this.unrecognized.set(description, (this.unrecognized.get(description) ?? 0) + 1);
    this.deps.logger.warn({ description }, 'coinbase message not recognized');
    this.reportListeners.emit({ kind: 'unrecognized', description, raw });
  }

  private report(order: WireOrder): OrderStatusReport {
    this.orders.remember(order.order_id, order.client_order_id === '' ? undefined : (order.client_order_id as VenueClientOrderId), order.product_id);
    return orderReport(order, this.context(this.deps.products.instrumentId(order.product_id)));
  }

  private quoteOf(productId: string): string {
    return this.deps.products.instrument(this.deps.products.instrumentId(productId))?.quoteCurrency ?? productId.split('-')[1] ?? 'USD';
  }

  private context(instrumentId: InstrumentId): ReportContext {
    return { accountId: this.deps.accountId, instrumentId, now: this.deps.clock.now() };
  }

  /** Maps a payload; an unknown enum value is reported and the mapping skipped rather than guessed. */
  private mapOrDefer<T>(map: () => T): T | undefined {
    try {
      return map();
    } catch (error) {
      if (error instanceof UnknownEnumError) {
        this.reportUnrecognized(error.message, error.value);
        return undefined;
      }
      throw error;
    }
  }

  private emitConnection(state: VenueConnectionChanged['state'], reason?: string): void {
    this.connectionListeners.emit({
      type: 'VenueConnectionChanged',
      venue: this.venue,
      accountId: this.deps.accountId,
      state,
      occurredAt: this.deps.clock.now(),
      ...(reason === undefined ? {} : { reason }),
    });
  }
}
