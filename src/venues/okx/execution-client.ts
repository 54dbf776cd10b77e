import type { Timestamp } from '../../core/clock';
import { TmtError, isTmtError } from '../../core/errors/tmt-error';
import { CLIENT_ID_RULES, type AccountId, type InstrumentId, type VenueClientOrderId, type VenueOrderId } from '../../core/identifiers';
import type { Instrument } from '../../core/instruments';
import type { CancelRequest, CancelResult, ModifyRequest, ModifyResult, OrderLookup, SubmitResult, Unsubscribe, VenueCapabilities, VenueClient, VenueOrderSubmission } from '../../core/ports/venue';
import type { AccountReport, FillReport, OrderStatusReport, PositionStatusReport, VenueReport } from '../../core/reports';
import type { MarketDataEvent, VenueConnectionChanged } from '../../core/events';
import { Listeners } from '../../shared/listeners';
import type { ExecutionClientDeps } from './execution-deps';
import { engineCodeFor, venueReason } from './parse/errors';
import { checkRules, isRefusal, orderBody } from './parse/order-params';
import { accountReport, fillFromRow, orderReport, UnknownEnumError, type ReportContext } from './parse/reports';
import type { WireOrderAck } from './parse/wire';
import { readAllFills } from './http/fills-pager';
import { instrumentFromRow, listingFromRow, type OkxListing } from './symbols';
import { ALGO_TYPES, algoBody, algoReport } from './algo-orders';

type Rejected = { status: 'rejected'; code: string; reason: string; venueReason: string };

const rejected = (ack: WireOrderAck): Rejected => ({ status: 'rejected', code: engineCodeFor(ack.sCode), reason: ack.sMsg, venueReason: venueReason(ack.sCode, ack.sMsg) });
const FILLS_WINDOW_MS = 3 * 24 * 60 * 60_000;

/** The execution client: engine verbs over OKX v5 (STYLE rule 7). */
export class OkxExecutionClient implements VenueClient {
  readonly venue = 'OKX' as const;
  readonly capabilities: VenueCapabilities;
  readonly accountIds: readonly AccountId[];
  readonly unrecognized = new Map<string, number>();
  /** Every listing read (SPOT, and SWAP/FUTURES terms when loaded), by instId. */
  readonly listings = new Map<string, OkxListing>();
  /** From GET /api/v5/account/config: account level (1 spot, 2 futures, 3 multi-currency, 4 portfolio) and position mode. */
  accountConfig: { readonly acctLv: string; readonly posMode: string } | undefined;
  private readonly reportListeners = new Listeners<VenueReport>();
  private readonly connectionListeners = new Listeners<VenueConnectionChanged>();
  /** instId of each order id seen, for lookups by venue order id alone. */
  private readonly orderInstIds = new Map<string, string>();

  constructor(private readonly deps: ExecutionClientDeps) {
    this.accountIds = [deps.accountId];
    this.capabilities = {
      orderTypes: ['market', 'limit', 'stop-market', 'stop-limit', 'trailing-stop'],
      // Stops and trailing stops are OKX algo orders (order-algo: trigger, move_order_stop), GTC only.
      timeInForce: { limit: ['GTC', 'IOC', 'FOK'], market: ['IOC'], 'stop-market': ['GTC'], 'stop-limit': ['GTC'], 'trailing-stop': ['GTC'] },
      postOnly: true,
      reduceOnly: false,
      iceberg: false,
      modify: 'native',
      attachedOrders: false,
      orderLists: ['OCO'],
      cancelAll: false,
      positions: false,
      hedging: false,
      quoteQuantityMarket: true,
      clientOrderId: CLIENT_ID_RULES.okx,
    };
  }

  async connect(): Promise<void> {
    await this.deps.api.http.syncTime();
    await this.loadInstruments();
    const config = await this.deps.api.accountConfig();
    if (config !== undefined) this.accountConfig = { acctLv: config.acctLv, posMode: config.posMode };
    await this.deps.privateStream?.start();
    this.emitConnection('connected');
  }

  async disconnect(): Promise<void> {
    this.deps.privateStream?.stop();
    this.deps.data.close();
    await this.deps.api.http.close();
    this.emitConnection('disconnected');
  }

  async instruments(): Promise<readonly Instrument[]> {
    if (this.deps.symbols.all().length === 0) await this.loadInstruments();
    return this.deps.symbols.all();
  }

  private async loadInstruments(): Promise<void> {
    const rows = await this.deps.api.instruments('SPOT');
    const instruments: Instrument[] = [];
    for (const row of rows) {
      const listing = listingFromRow(row);
      if (listing !== undefined) this.listings.set(row.instId, listing);
      const instrument = instrumentFromRow(row);
      if (instrument === undefined) this.reportUnrecognized(`okx instrument ${row.instId} state ${row.state}`, JSON.stringify(row));
      else instruments.push(instrument);
    }
    this.deps.symbols.load(instruments);
  }

  async submit(submission: VenueOrderSubmission): Promise<SubmitResult> {
    const { request, venueClientOrderId } = submission;
    const instId = this.deps.symbols.instId(request.instrumentId);
    const instrument = this.deps.symbols.instrument(request.instrumentId);
    const refusal = instrument === undefined ? undefined : checkRules(instrument, request);
    if (refusal === undefined && ALGO_TYPES.has(request.type)) return this.submitAlgo(instId, request, venueClientOrderId);
    const body = refusal ?? orderBody(instId, request, venueClientOrderId);
    if (isRefusal(body)) return { status: 'rejected', code: body.code, reason: body.reason, venueReason: `local: ${body.reason}` };
    try {
      const answer = await this.deps.orders.placeOrder(body);
      const ack = answer.data[0];
      if (ack === undefined) throw new TmtError('VENUE_PROTOCOL', `okx order answer without data (code ${answer.code} ${answer.msg})`);
      if (ack.sCode !== '0') return rejected(ack);
      this.orderInstIds.set(ack.ordId, instId);
      return { status: 'accepted', venueOrderId: ack.ordId as VenueOrderId };
    } catch (error) {
      if (isTmtError(error) && (error.code === 'VENUE_OUTCOME_UNKNOWN' || error.code === 'VENUE_TIMEOUT')) return this.settle(instId, venueClientOrderId, error);
      throw error;
    }
  }

  /** Client ids and algoIds of algo orders this client placed: their cancels and lookups go to the algo endpoints. */
  private readonly algoIds = new Set<string>();

  private async submitAlgo(instId: string, request: VenueOrderSubmission['request'], algoClOrdId: VenueClientOrderId): Promise<SubmitResult> {
    const body = algoBody(instId, request, algoClOrdId);
    if (isRefusal(body)) return { status: 'rejected', code: body.code, reason: body.reason, venueReason: `local: ${body.reason}` };
    try {
      const answer = await this.deps.api.placeAlgoOrder(body);
      const ack = answer.data[0];
      if (ack === undefined) throw new TmtError('VENUE_PROTOCOL', `okx algo answer without data (code ${answer.code} ${answer.msg})`);
      if (ack.sCode !== '0') return rejected({ ...ack, ordId: '', ts: '' });
      this.algoIds.add(ack.algoId).add(algoClOrdId);
      this.orderInstIds.set(ack.algoId, instId);
      return { status: 'accepted', venueOrderId: ack.algoId as VenueOrderId };
    } catch (error) {
      if (isTmtError(error) && (error.code === 'VENUE_OUTCOME_UNKNOWN' || error.code === 'VENUE_TIMEOUT')) {
        const report = await this.algoStatus(instId, undefined, algoClOrdId);
        if (report === undefined) throw new TmtError('VENUE_OUTCOME_UNKNOWN', `algo order ${algoClOrdId}: outcome unknown and not found yet`, { cause: error });
        this.algoIds.add(report.venueOrderId).add(algoClOrdId);
        return { status: 'accepted', venueOrderId: report.venueOrderId, report };
      }
      throw error;
    }
  }

  /** GET /api/v5/trade/order-algo, with the order it placed once effective. */
  private async algoStatus(instId: string, algoId: string | undefined, algoClOrdId: string | undefined): Promise<OrderStatusReport | undefined> {
    const algo = await this.deps.api.algoOrder(algoId, algoClOrdId);
    if (algo === undefined) return undefined;
    const context = this.context(this.deps.symbols.instrumentId(algo.instId ?? instId));
    const childId = algo.ordId ?? '';
    const childOrder = childId === '' ? undefined : await this.deps.api.order(algo.instId ?? instId, childId, undefined);
    const child = childOrder === undefined ? undefined : this.mapOrDefer(() => orderReport(childOrder, context));
    const report = algoReport(algo, child, context);
    if (report === undefined) this.reportUnrecognized(`okx algo state ${algo.state ?? ''}`, JSON.stringify(algo));
    return report;
  }

  /**
   * A timeout or 5xx: the order may exist. Look it up by clOrdId, never send it again. Found: accepted. Not
   * found: still unknown (it may be in flight); the engine settles it from the stream or a later lookup.
   */
  private async settle(instId: string, clOrdId: VenueClientOrderId, cause: TmtError): Promise<SubmitResult> {
    this.deps.logger.warn({ clOrdId, code: cause.code }, 'okx order outcome unknown; settling by clOrdId');
    const order = await this.deps.api.order(instId, undefined, clOrdId);
    if (order === undefined) throw new TmtError('VENUE_OUTCOME_UNKNOWN', `order ${clOrdId}: outcome unknown and not found by clOrdId yet`, { cause });
    this.orderInstIds.set(order.ordId, instId);
    const report = this.mapOrDefer(() => orderReport(order, this.context(this.deps.symbols.instrumentId(instId))));
    return { status: 'accepted', venueOrderId: order.ordId as VenueOrderId, ...(report === undefined ? {} : { report }) };
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    const instId = this.deps.symbols.instId(request.instrumentId);
    if (this.algoIds.has(request.venueClientOrderId) || (request.venueOrderId !== undefined && this.algoIds.has(request.venueOrderId))) {
      const algoId = request.venueOrderId ?? (await this.algoStatus(instId, undefined, request.venueClientOrderId))?.venueOrderId;
      if (algoId === undefined) return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: 'no such algo order', venueReason: 'local: algo order not found' };
      const answer = await this.deps.api.cancelAlgos([{ instId, algoId }]);
      const ack = answer.data[0];
      if (ack === undefined) throw new TmtError('VENUE_PROTOCOL', `okx cancel-algos answer without data (code ${answer.code})`);
      return ack.sCode === '0' ? { status: 'canceled' } : rejected({ ...ack, ordId: '', ts: '' });
    }
    const answer = await this.deps.api.cancelOrder(instId, request.venueOrderId, request.venueClientOrderId);
    const ack = answer.data[0];
    if (ack === undefined) throw new TmtError('VENUE_PROTOCOL', `okx cancel answer without data (code ${answer.code})`);
    if (ack.sCode !== '0') return rejected(ack);
    return { status: 'canceled' };
  }

  /** POST /api/v5/trade/amend-order: the order keeps its ordId; the new state comes back from order details. */
  async modify(request: ModifyRequest): Promise<ModifyResult> {
    const instId = this.deps.symbols.instId(request.instrumentId);
    const { amendment } = request;
    if (amendment.triggerPrice !== undefined || amendment.trailingOffset !== undefined) {
      return { status: 'rejected', code: 'VENUE_UNSUPPORTED', reason: 'okx amends size and price only', venueReason: 'local: okx amends size and price only' };
    }
    const answer = await this.deps.api.amendOrder({
      instId,
      ...(request.venueOrderId === undefined ? { clOrdId: request.venueClientOrderId } : { ordId: request.venueOrderId }),
      ...(amendment.quantity === undefined ? {} : { newSz: amendment.quantity.normalize().toString() }),
      ...(amendment.price === undefined ? {} : { newPx: amendment.price.normalize().toString() }),
    });
    const ack = answer.data[0];
    if (ack === undefined) throw new TmtError('VENUE_PROTOCOL', `okx amend answer without data (code ${answer.code})`);
    if (ack.sCode !== '0') return rejected(ack);
    const order = await this.deps.api.order(instId, ack.ordId, undefined);
    const report = order === undefined ? undefined : this.mapOrDefer(() => orderReport(order, this.context(request.instrumentId)));
    return { status: 'modified', venueOrderId: ack.ordId as VenueOrderId, ...(report === undefined ? {} : { report }) };
  }

  async orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined> {
    const known = 'venueOrderId' in lookup ? this.orderInstIds.get(lookup.venueOrderId) : undefined;
    if (lookup.instrumentId === undefined && known === undefined) {
      throw new TmtError('VENUE_UNSUPPORTED', 'okx looks orders up per instrument: instrumentId is required for an order this client has not seen', { field: 'lookup.instrumentId' });
    }
    const instId = lookup.instrumentId === undefined ? (known as string) : this.deps.symbols.instId(lookup.instrumentId);
    const algoFirst = 'venueOrderId' in lookup ? this.algoIds.has(lookup.venueOrderId) : this.algoIds.has(lookup.venueClientOrderId);
    if (algoFirst) return 'venueOrderId' in lookup ? this.algoStatus(instId, lookup.venueOrderId, undefined) : this.algoStatus(instId, undefined, lookup.venueClientOrderId);
    const order = 'venueOrderId' in lookup ? await this.deps.api.order(instId, lookup.venueOrderId, undefined) : await this.deps.api.order(instId, undefined, lookup.venueClientOrderId);
    // Not an ordinary order: it may be an algo order (placed before a restart), found by its algo ids.
    if (order === undefined) return 'venueOrderId' in lookup ? this.algoStatus(instId, lookup.venueOrderId, undefined) : this.algoStatus(instId, undefined, lookup.venueClientOrderId);
    this.orderInstIds.set(order.ordId, instId);
    return this.mapOrDefer(() => orderReport(order, this.context(this.deps.symbols.instrumentId(instId))));
  }

  async openOrders(_accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]> {
    const instId = instrumentId === undefined ? undefined : this.deps.symbols.instId(instrumentId);
    const orders = await this.deps.api.ordersPending(instId);
    const reports = orders.flatMap((order) => {
      this.orderInstIds.set(order.ordId, order.instId);
      return this.mapOrDefer(() => orderReport(order, this.context(this.deps.symbols.instrumentId(order.instId)))) ?? [];
    });
    for (const ordType of ['trigger', 'move_order_stop']) {
      for (const algo of await this.deps.api.algoPending(ordType, instId)) {
        const report = algoReport(algo, undefined, this.context(this.deps.symbols.instrumentId(algo.instId ?? '')));
        if (report === undefined) continue;
        this.algoIds.add(report.venueOrderId);
        if (report.venueClientOrderId !== undefined) this.algoIds.add(report.venueClientOrderId);
        reports.push(report);
      }
    }
    return reports;
  }

  /** Fills at or after `since`, oldest first: trade/fills covers 3 days, fills-history 3 months. */
  async fillsSince(_accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]> {
    const recent = this.deps.clock.now() - since < FILLS_WINDOW_MS;
    const api = this.deps.api;
    const rows = await readAllFills((page) => (recent ? api.fills(page) : api.fillsHistory(page)), since);
    return rows
      .filter((row) => Number(row.ts) >= since)
      .flatMap((row) => this.mapOrDefer(() => fillFromRow(row, this.context(this.deps.symbols.instrumentId(row.instId)))) ?? [])
      .sort((a, b) => a.occurredAt - b.occurredAt);
  }

  async positions(_accountId?: AccountId): Promise<readonly PositionStatusReport[]> {
    return [];
  }

  async account(_accountId?: AccountId): Promise<AccountReport> {
    const balance = await this.deps.api.balance();
    if (balance === undefined) throw new TmtError('VENUE_PROTOCOL', 'okx balance answer without data');
    return accountReport(balance, this.deps.accountId, this.deps.baseCurrency, this.deps.clock.now());
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

  emit(report: VenueReport): void {
    if (report.kind === 'order' || report.kind === 'fill') this.orderInstIds.set(report.report.venueOrderId, this.deps.symbols.instId(report.report.instrumentId));
    this.reportListeners.emit(report);
  }

  reportUnrecognized(description: string, raw: string): void {
    this.unrecognized.set(description, (this.unrecognized.get(description) ?? 0) + 1);
    this.deps.logger.warn({ description }, 'okx message not recognized');
    this.reportListeners.emit({ kind: 'unrecognized', description, raw });
  }

  /**
   * An orders-algo push. `effective` is left to the orders channel, which reports the order the algo placed
   * (its fills, under the algo's ids) so the two never race; every other state (live, canceled, order_failed:
   * OKX cancels a stop whose order it cannot place) is the algo's own news, which no other channel carries.
   */
  onAlgoPush(row: Readonly<Record<string, string>>): void {
    if (row.state === 'effective' || row.algoId === undefined) return;
    const report = this.mapOrDefer(() => algoReport(row, undefined, this.context(this.deps.symbols.instrumentId(row.instId ?? ''))));
    if (report === undefined) {
      this.reportUnrecognized(`okx algo state ${row.state ?? ''}`, JSON.stringify(row));
      return;
    }
    this.algoIds.add(report.venueOrderId);
    if (report.venueClientOrderId !== undefined) this.algoIds.add(report.venueClientOrderId);
    this.emit({ kind: 'order', report });
  }

  /** After a private stream reconnect: open orders and fills since it went down, so no fill is missed. */
  async catchUp(since: Timestamp): Promise<void> {
    for (const report of await this.openOrders(this.deps.accountId)) this.emit({ kind: 'order', report });
    for (const report of await this.fillsSince(this.deps.accountId, since)) this.emit({ kind: 'fill', report });
  }

  streamState(state: 'connected' | 'reconnecting'): void {
    this.emitConnection(state);
  }

  private context(instrumentId: InstrumentId): ReportContext {
    return { accountId: this.deps.accountId, instrumentId, now: this.deps.clock.now() };
  }

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

  private emitConnection(state: VenueConnectionChanged['state']): void {
    this.connectionListeners.emit({ type: 'VenueConnectionChanged', venue: this.venue, accountId: this.deps.accountId, state, occurredAt: this.deps.clock.now() });
  }
}
