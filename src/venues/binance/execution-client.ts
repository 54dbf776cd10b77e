import type { Timestamp } from '../../core/clock';
import { Listeners } from '../../shared/listeners';
import { TmtError, isTmtError } from '../../core/errors/tmt-error';
import { CLIENT_ID_RULES, type AccountId, type InstrumentId, type VenueClientOrderId } from '../../core/identifiers';
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
import type { ListSubmitResult, VenueListSubmission } from '../../core/ports/venue-lists';
import type { AccountReport, FillReport, OrderStatusReport, PositionStatusReport, VenueReport } from '../../core/reports';
import type { MarketDataEvent, VenueConnectionChanged } from '../../core/events';
import type { ExecutionClientDeps } from './execution-deps';
import { modifyOrder } from './modify';
import { submitNativeList } from './order-lists';
import { exchangeInfoSchema } from './parse/exchange-info';
import { checkFilters, isRefusal, newOrderParams } from './parse/order-params';
import { accountReport, fillFromTrade, fillsFromResponse, orderReport, UnknownEnumError, type ReportContext } from './parse/reports';
import { isVenueRejection, rejection } from './rejections';
import { AveragePriceCache, checkPriceBands, priceBandsFromSymbol, type PriceBands } from './price-bands';
import { instrumentFromSymbol, type UnrecognizedRule } from './symbols';
import { restOrders } from './ws/ws-orders';

export type { ExecutionClientDeps } from './execution-deps';
export { isVenueRejection, rejection } from './rejections';

/** The execution client: engine verbs over the raw REST API (STYLE rule 7). */
export class BinanceExecutionClient implements VenueClient {
  readonly venue;
  readonly capabilities: VenueCapabilities;
  readonly accountIds: readonly AccountId[];
  /** Messages that could not be mapped, by description: visible in metrics and tests. */
  readonly unrecognized = new Map<string, number>();
  private readonly reportListeners = new Listeners<VenueReport>();
  private readonly connectionListeners = new Listeners<VenueConnectionChanged>();
  /** Symbols this client has traded or seen orders on: the ones fillsSince reads (myTrades is per symbol). */
  private readonly activeSymbols = new Set<string>();
  /** Symbol of each order id this client has seen, for lookups by venue order id alone. */
  private readonly orderSymbols = new Map<string, string>();
  /** Client id of each order id seen: myTrades rows carry only the order id. */
  private readonly clientIds = new Map<string, VenueClientOrderId>();
  /** Percent-price bands by symbol (PERCENT_PRICE, PERCENT_PRICE_BY_SIDE), checked before sending. */
  private readonly bands = new Map<string, readonly PriceBands[]>();
  private readonly averages: AveragePriceCache;

  constructor(private readonly deps: ExecutionClientDeps) {
    this.venue = deps.profile.venue;
    this.averages = new AveragePriceCache((symbol) => deps.api.avgPrice(symbol), deps.clock, deps.averagePriceTtlMs);
    this.accountIds = [deps.accountId];
    this.capabilities = {
      orderTypes: ['market', 'limit', 'stop-market', 'stop-limit', 'market-if-touched', 'limit-if-touched', 'trailing-stop'],
      timeInForce: {
        limit: ['GTC', 'IOC', 'FOK'],
        // MARKET takes no timeInForce on Binance; it behaves as IOC (the rest of an unfillable order expires).
        market: ['IOC'],
        // Binance takes IOC/FOK on STOP_LOSS_LIMIT/TAKE_PROFIT_LIMIT (rest-api.md, timeInForce): the order rests
        // untriggered and the time in force applies to the limit the trigger releases.
        'stop-limit': ['GTC', 'IOC', 'FOK'],
        'limit-if-touched': ['GTC', 'IOC', 'FOK'],
        'stop-market': ['GTC'],
        'market-if-touched': ['GTC'],
        'trailing-stop': ['GTC'],
      },
      postOnly: true,
      reduceOnly: false,
      iceberg: true,
      modify: 'cancel-replace',
      attachedOrders: false,
      // Native lists through order-lists.ts (submitOco, submitOto): OCO everywhere, OTO/OTOCO on spot.
      orderLists: deps.profile.orderLists.includes('OTO') ? ['OCO', 'OTO'] : ['OCO'],
      // Held by the venue as one list (submitList): OCO everywhere, OTO and OTOCO on spot.
      nativeLists: deps.profile.orderLists,
      cancelAll: true,
      positions: false,
      hedging: false,
      quoteQuantityMarket: true,
      clientOrderId: CLIENT_ID_RULES.binance,
      // trailingDelta is in basis points (BIPS): a trailing stop by price distance is emulated by the engine.
      trailingOffsetKinds: ['basis-points'],
    };
  }

  async connect(): Promise<void> {
    await this.deps.api.http.syncTime();
    await this.loadInstruments();
    await this.deps.userStream?.start();
    this.emitConnection('connected');
  }

  async disconnect(): Promise<void> {
    this.deps.userStream?.stop();
    this.deps.data.close();
    await this.deps.api.http.close();
    this.emitConnection('disconnected');
  }

  async instruments(): Promise<readonly Instrument[]> {
    if (this.deps.symbols.all().length === 0) await this.loadInstruments();
    return this.deps.symbols.all();
  }

  private async loadInstruments(): Promise<void> {
    const info = exchangeInfoSchema.parse(await this.deps.api.exchangeInfo());
    this.deps.limiter.configure(info.rateLimits);
    const unrecognized: UnrecognizedRule[] = [];
    const instruments: CryptoSpot[] = [];
    for (const symbol of info.symbols) {
      const instrument = instrumentFromSymbol(symbol, this.venue, unrecognized);
      if (instrument !== undefined) instruments.push(instrument);
      const bands = priceBandsFromSymbol(symbol);
      if (bands.length > 0) this.bands.set(symbol.symbol, bands);
      else this.bands.delete(symbol.symbol);
    }
    for (const rule of unrecognized) this.reportUnrecognized(`${rule.symbol}: ${rule.description}`, JSON.stringify(rule));
    this.deps.symbols.load(instruments);
  }

  /** The percent-price filters against the venue's own average price (GET /api/v3/avgPrice, cached briefly). */
  private async checkBands(symbol: string, request: VenueOrderSubmission['request']): Promise<ReturnType<typeof checkPriceBands>> {
    const bands = this.bands.get(symbol);
    if (bands === undefined || request.price === undefined) return undefined;
    const average = await this.averages.get(symbol);
    return average === undefined ? undefined : checkPriceBands(bands, request, average);
  }

  async submit(submission: VenueOrderSubmission): Promise<SubmitResult> {
    const { request, venueClientOrderId } = submission;
    const symbol = this.deps.symbols.symbol(request.instrumentId);
    const instrument = this.deps.symbols.instrument(request.instrumentId);
    const refusal = instrument === undefined ? undefined : (checkFilters(instrument, request) ?? (await this.checkBands(symbol, request)));
    const built = refusal ?? newOrderParams(symbol, request, venueClientOrderId, this.deps.selfTradePreventionMode);
    if (isRefusal(built)) return { status: 'rejected', code: built.code, reason: built.reason, venueReason: `local: ${built.reason}` };
    this.activeSymbols.add(symbol);
    const context = this.context(request.instrumentId);
    try {
      const order = await (this.deps.orders ?? restOrders(this.deps.api)).newOrder(built);
      this.orderSymbols.set(String(order.orderId), symbol);
      this.clientIds.set(String(order.orderId), venueClientOrderId);
      const report = this.mapOrDefer(() => orderReport(order, context));
      const fills = this.mapOrDefer(() => fillsFromResponse(order, order.fills ?? [], context)) ?? [];
      return { status: 'accepted', venueOrderId: String(order.orderId) as never, ...(report === undefined ? {} : { report }), fills };
    } catch (error) {
      if (isVenueRejection(error)) return rejection(error);
      if (isTmtError(error) && (error.code === 'VENUE_OUTCOME_UNKNOWN' || error.code === 'VENUE_TIMEOUT')) {
        return this.settle(symbol, venueClientOrderId, context, error);
      }
      throw error;
    }
  }

  /**
   * The venue may have accepted the order (5xx, -1007, lost answer): look it up by client id, never send it
   * again. Found: it was accepted. Not found: still unknown (it may be in flight); the engine keeps it in
   * `unknown` and settles it from the user stream or a later lookup.
   */
  private async settle(symbol: string, clientOrderId: VenueClientOrderId, context: ReportContext, cause: TmtError): Promise<SubmitResult> {
    this.deps.logger.warn({ clientOrderId, code: cause.code }, 'binance order outcome unknown; settling by lookup');
    try {
      const order = await this.deps.api.getOrder(symbol, clientOrderId, undefined);
      const report = orderReport(order, context);
      this.orderSymbols.set(report.venueOrderId, symbol);
      return { status: 'accepted', venueOrderId: report.venueOrderId, report };
    } catch (error) {
      if (isTmtError(error) && error.code === 'VENUE_UNKNOWN_ORDER') {
        throw new TmtError('VENUE_OUTCOME_UNKNOWN', `order ${clientOrderId}: outcome unknown and not found by lookup yet`, { cause });
      }
      throw error;
    }
  }

  /** Native lists (POST /api/v3/orderList/oco|oto|otoco, or Binance.US /api/v3/order/oco): order-lists.ts. */
  async submitList(list: VenueListSubmission): Promise<ListSubmitResult> {
    const symbol = this.deps.symbols.symbol(list.instrumentId);
    this.activeSymbols.add(symbol);
    const result = await submitNativeList(this.deps.api, this.deps.symbols, list, this.context(list.instrumentId));
    if (result.status === 'accepted') {
      for (const leg of result.legs) {
        if (leg.venueOrderId === undefined) continue;
        this.orderSymbols.set(leg.venueOrderId, symbol);
        this.clientIds.set(leg.venueOrderId, leg.venueClientOrderId);
      }
    }
    return result;
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    const symbol = this.deps.symbols.symbol(request.instrumentId);
    try {
      const order = await (this.deps.orders ?? restOrders(this.deps.api)).cancelOrder(symbol, request.venueClientOrderId, request.venueOrderId);
      const report = this.mapOrDefer(() => orderReport(order, this.context(request.instrumentId)));
      return { status: 'canceled', ...(report === undefined ? {} : { report }) };
    } catch (error) {
      if (isVenueRejection(error)) return rejection(error);
      throw error;
    }
  }

  /** Cancels every open order on one symbol (DELETE /api/v3/openOrders). */
  async cancelAll(instrumentId: InstrumentId): Promise<readonly OrderStatusReport[]> {
    try {
      const orders = await this.deps.api.cancelOpenOrders(this.deps.symbols.symbol(instrumentId));
      const context = this.context(instrumentId);
      return orders.flatMap((order) => this.mapOrDefer(() => orderReport(order, context)) ?? []);
    } catch (error) {
      if (isTmtError(error) && error.code === 'VENUE_UNKNOWN_ORDER') return [];
      throw error;
    }
  }

  /** The port's batch cancel: one DELETE /api/v3/openOrders per symbol (this client trades one account). */
  cancelAllOrders(_accountId: AccountId, instrumentId: InstrumentId): Promise<readonly OrderStatusReport[]> {
    return this.cancelAll(instrumentId);
  }

  async modify(request: ModifyRequest): Promise<ModifyResult> {
    return modifyOrder(this.deps, request, this.context(request.instrumentId));
  }

  async orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined> {
    const known = 'venueOrderId' in lookup ? this.orderSymbols.get(lookup.venueOrderId) : undefined;
    if (lookup.instrumentId === undefined && known === undefined) {
      throw new TmtError('VENUE_UNSUPPORTED', 'binance looks orders up per symbol: instrumentId is required for an order this client has not seen', { field: 'lookup.instrumentId' });
    }
    const symbol = lookup.instrumentId === undefined ? (known as string) : this.deps.symbols.symbol(lookup.instrumentId);
    const instrumentId = this.deps.symbols.instrumentId(symbol);
    try {
      const order =
        'venueOrderId' in lookup
          ? await this.deps.api.getOrder(symbol, undefined, lookup.venueOrderId)
          : await this.deps.api.getOrder(symbol, lookup.venueClientOrderId, undefined);
      this.orderSymbols.set(String(order.orderId), symbol);
      return orderReport(order, this.context(instrumentId));
    } catch (error) {
      if (isTmtError(error) && error.code === 'VENUE_UNKNOWN_ORDER') return undefined;
      throw error;
    }
  }

  async openOrders(_accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]> {
    const orders = await this.deps.api.openOrders(instrumentId === undefined ? undefined : this.deps.symbols.symbol(instrumentId));
    return orders.flatMap((order) => {
      this.activeSymbols.add(order.symbol);
      return this.mapOrDefer(() => orderReport(order, this.context(this.deps.symbols.instrumentId(order.symbol)))) ?? [];
    });
  }

  async fillsSince(_accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]> {
    const fills: FillReport[] = [];
    for (const symbol of this.activeSymbols) {
      const context = this.context(this.deps.symbols.instrumentId(symbol));
      const trades = await this.deps.api.myTrades(symbol, since);
      for (const trade of trades) {
        const orderId = String(trade.orderId);
        let clientId = this.clientIds.get(orderId);
        if (clientId === undefined) {
          // An order placed elsewhere (or before a restart): one lookup joins its client id.
          const order = await this.deps.api.getOrder(symbol, undefined, orderId);
          clientId = order.clientOrderId as VenueClientOrderId;
          this.clientIds.set(orderId, clientId);
        }
        fills.push(fillFromTrade(trade, context, clientId));
      }
    }
    return fills.sort((a, b) => a.occurredAt - b.occurredAt);
  }

  /** Fills of one symbol since a time (the per-symbol form Binance offers). */
  async fillsForSymbol(instrumentId: InstrumentId, since: Timestamp): Promise<readonly FillReport[]> {
    this.activeSymbols.add(this.deps.symbols.symbol(instrumentId));
    return this.fillsSince(this.deps.accountId, since);
  }

  async positions(_accountId?: AccountId): Promise<readonly PositionStatusReport[]> {
    return [];
  }

  async account(_accountId?: AccountId): Promise<AccountReport> {
    const account = await this.deps.api.account();
    return accountReport(account, this.deps.accountId, this.deps.baseCurrency ?? 'USDT', this.deps.clock.now());
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

  /** Sends one report to every handler (the user stream uses it). */
  emit(report: VenueReport): void {
    if ((report.kind === 'order' || report.kind === 'fill') && report.report.venueClientOrderId !== undefined) {
      this.clientIds.set(report.report.venueOrderId, report.report.venueClientOrderId);
      this.orderSymbols.set(report.report.venueOrderId, this.deps.symbols.symbol(report.report.instrumentId));
    }
    this.reportListeners.emit(report);
  }

  reportUnrecognized(description: string, raw: string): void {
    this.unrecognized.set(description, (this.unrecognized.get(description) ?? 0) + 1);
    this.deps.logger.warn({ description }, 'binance message not recognized');
    this.emit({ kind: 'unrecognized', description, raw });
  }

  context(instrumentId: InstrumentId): ReportContext {
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

  /** After a user stream reconnect: open orders and fills since the stream went down, so no fill is missed. */
  async catchUp(since: Timestamp): Promise<void> {
    for (const report of await this.openOrders(this.deps.accountId)) this.emit({ kind: 'order', report });
    for (const report of await this.fillsSince(this.deps.accountId, since)) this.emit({ kind: 'fill', report });
  }

  streamState(state: 'connected' | 'reconnecting'): void {
    this.emitConnection(state);
  }

  private emitConnection(state: VenueConnectionChanged['state'], reason?: string): void {
    const event: VenueConnectionChanged = {
      type: 'VenueConnectionChanged',
      venue: this.venue,
      accountId: this.deps.accountId,
      state,
      occurredAt: this.deps.clock.now(),
      ...(reason === undefined ? {} : { reason }),
    };
    this.connectionListeners.emit(event);
  }
}
