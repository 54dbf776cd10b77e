import type { Clock, Timestamp } from '../../core/clock';
import { Listeners } from '../../shared/listeners';
import { TmtError, isTmtError } from '../../core/errors';
import type { MarketDataEvent, VenueConnectionChanged, VenueConnectionState } from '../../core/events';
import { AccountId, CLIENT_ID_RULES, type InstrumentId, VenueOrderId, type VenueClientOrderId } from '../../core/identifiers';
import type { FxPair, Instrument } from '../../core/instruments';
import type {
  CancelRequest, CancelResult, ModifyRequest, ModifyResult, OrderLookup, SubmitResult, Unsubscribe,
  VenueCapabilities, VenueClient, VenueOrderSubmission,
} from '../../core/ports/venue';
import type { AccountReport, FillReport, OrderStatusReport, PositionStatusReport, VenueReport } from '../../core/reports';
import type { Logger } from '../../shared/logger';
import type { OandaConfig } from './config';
import type { OandaCredentials } from './credentials';
import type { OandaDataClient } from './data-client';
import { encodeOrderRequest } from './encode';
import { TIME_IN_FORCE_BY_TYPE } from './enums';
import type { OandaRestClient } from './http/rest-client';
import type { OandaResponse } from './http/transport';
import { parseAccountSummary, parsePositions } from './parse/account';
import { parseInstruments } from './parse/instruments';
import { KnownOrders, reportOf } from './parse/known-orders';
import { isEngineOrder, knownOrderFromWire, reasonOfCancel, rejectCodeOf, reportFromCreateResponse } from './parse/orders';
import { formatOandaTime } from './parse/time';
import { mapTransaction } from './parse/transactions';
import { readWire, TransactionWire } from './parse/wire';
import { AccountStream } from './stream/account-stream';
import { OandaTradeClient } from './trade-client';

export const OANDA_CAPABILITIES: VenueCapabilities = {
  orderTypes: ['market', 'limit', 'stop-market', 'market-if-touched'],
  timeInForce: TIME_IN_FORCE_BY_TYPE,
  postOnly: false,
  reduceOnly: true,
  iceberg: false,
  modify: 'cancel-replace',
  attachedOrders: true,
  orderLists: [],
  cancelAll: false,
  positions: true,
  hedging: true,
  quoteQuantityMarket: false,
  clientOrderId: CLIENT_ID_RULES.oanda,
};

/** Times a write refused with 429 is settled by lookup and sent again before giving up. */
const RATE_LIMIT_RESENDS = 5;

export interface ExecutionClientOptions {
  readonly config: OandaConfig;
  readonly rest: OandaRestClient;
  readonly data: OandaDataClient;
  readonly credentials: OandaCredentials;
  readonly streamOrigin: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The OANDA venue client: engine verbs over the raw v20 client, reports from the transaction streams. */
export class OandaExecutionClient implements VenueClient {
  readonly venue = 'OANDA' as const;
  readonly capabilities = OANDA_CAPABILITIES;
  readonly accountIds: readonly AccountId[];
  private readonly orders = new KnownOrders();
  private readonly currencies = new Map<AccountId, string>();
  private readonly streams = new Map<AccountId, AccountStream>();
  private readonly reportListeners = new Listeners<VenueReport>();
  private readonly connectionListeners = new Listeners<VenueConnectionChanged>();
  private instrumentCache: Map<string, FxPair> | undefined;
  /** OANDA's trade-level verbs (trades, partial trade close, position close, dependent orders). */
  readonly trades: OandaTradeClient;

  constructor(private readonly options: ExecutionClientOptions) {
    this.accountIds = options.config.accountIds.map((id) => AccountId.parse(id));
    this.trades = new OandaTradeClient(options.rest, options.clock, (accountId) => this.currency(accountId));
  }

  async connect(): Promise<void> {
    await this.loadInstruments();
    for (const accountId of this.accountIds) {
      const summary = await this.expectOk(await this.options.rest.getAccountSummary(accountId), `account ${accountId}`);
      const account = (summary as { account: { currency: string; lastTransactionID: string } }).account;
      this.currencies.set(accountId, account.currency);
      const stream = new AccountStream({
        accountId, currency: account.currency, lastTransactionId: account.lastTransactionID,
        streamOrigin: this.options.streamOrigin, credentials: this.options.credentials, rest: this.options.rest,
        orders: this.orders, logger: this.options.logger, silenceMs: this.options.config.streamSilenceMs,
        initialDelayMs: this.options.config.reconnectInitialDelayMs, maxDelayMs: this.options.config.reconnectMaxDelayMs,
        now: () => this.options.clock.now(),
        clock: this.options.clock,
        emit: (report) => this.emit(report),
        onState: (state, reason) => this.connectionChanged(state, accountId, reason),
        lookupOrders: (id, orderIds) => void this.reportLookedUp(id, orderIds),
      });
      this.streams.set(accountId, stream);
      stream.start();
    }
    // Home currencies are known now: the pricing streams regroup by them (quoteHomeConversionFactors).
    this.options.data.accountsChanged();
  }

  /** The venue answered a REST request: transaction streams waiting to reconnect try at once (issue 15 item 18). */
  venueAnswered(): void {
    for (const stream of this.streams.values()) stream.wake();
  }

  /** The account's home currency from its summary (undefined before connect). */
  homeCurrency(accountId: AccountId): string | undefined {
    return this.currencies.get(accountId);
  }

  async disconnect(): Promise<void> {
    await Promise.all([...this.streams.values()].map((stream) => stream.stop()));
    this.streams.clear();
    await this.options.data.stop();
    await this.options.rest.close();
  }

  async instruments(): Promise<readonly Instrument[]> {
    return [...(await this.loadInstruments()).values()];
  }

  async submit(submission: VenueOrderSubmission): Promise<SubmitResult> {
    const { request, venueClientOrderId } = submission;
    const accountId = request.accountId;
    let body: Record<string, unknown>;
    try {
      body = encodeOrderRequest(request, { instrument: await this.instrument(request.instrumentId), venueClientOrderId });
    } catch (error) {
      if (isTmtError(error)) return { status: 'rejected', code: error.code, reason: error.message, venueReason: 'LOCAL_VALIDATION' };
      throw error;
    }
    for (let attempt = 0; ; attempt++) {
      let response: OandaResponse;
      try {
        response = await this.options.rest.createOrder(accountId, body);
      } catch (error) {
        if (!isTmtError(error) || error.code === 'VENUE_UNAVAILABLE') throw error;
        // Sent but unanswered: the venue may hold the order. A lookup settles it; never a blind resend.
        const found = await this.lookupByClientId(accountId, venueClientOrderId);
        if (found !== undefined) return { status: 'accepted', venueOrderId: found.venueOrderId, report: found };
        throw error;
      }
      if (response.status === 429 && attempt < RATE_LIMIT_RESENDS) {
        // The limiter already waits out the 429 before the lookup goes; only an absent order is sent again.
        const found = await this.lookupByClientId(accountId, venueClientOrderId);
        if (found !== undefined) return { status: 'accepted', venueOrderId: found.venueOrderId, report: found };
        continue;
      }
      if (response.status >= 500) {
        // The venue may or may not have taken the order: a lookup settles it, and if it has no such order the
        // outcome stays unknown for the engine to settle (never a rejection, never a blind resend).
        const found = await this.lookupByClientId(accountId, venueClientOrderId);
        if (found !== undefined) return { status: 'accepted', venueOrderId: found.venueOrderId, report: found };
        throw new TmtError('VENUE_OUTCOME_UNKNOWN', `OANDA answered ${response.status} to an order and has no order with client id ${venueClientOrderId}`, {
          details: { status: String(response.status), venueClientOrderId },
        });
      }
      return this.submitResult(accountId, response);
    }
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    const specifier = request.venueOrderId ?? `@${request.venueClientOrderId}`;
    const response = await this.options.rest.cancelOrder(request.accountId, specifier);
    const body = response.body as Record<string, unknown>;
    this.streams.get(request.accountId)?.offerFromResponse(body);
    // A 200 is the orderCancelTransaction itself: the order is canceled, and OANDA fills a pending order whole,
    // so no fill can hide behind it (a filled order answers 404). No follow-up GET: one request per cancel keeps
    // the kill switch at the rate limit in cancels per second rather than half of it.
    if (response.status === 200) return { status: 'canceled' };
    return this.rejection(response, 'orderCancelRejectTransaction');
  }

  async modify(request: ModifyRequest): Promise<ModifyResult> {
    const specifier = request.venueOrderId ?? `@${request.venueClientOrderId}`;
    let body: Record<string, unknown>;
    try {
      body = encodeOrderRequest(request.replacement, {
        instrument: await this.instrument(request.instrumentId),
        venueClientOrderId: request.replacementVenueClientOrderId,
      });
    } catch (error) {
      if (isTmtError(error)) return { status: 'rejected', code: error.code, reason: error.message, venueReason: 'LOCAL_VALIDATION' };
      throw error;
    }
    const response = await this.options.rest.replaceOrder(request.accountId, specifier, body);
    const answer = response.body as Record<string, unknown>;
    this.streams.get(request.accountId)?.offerFromResponse(answer);
    if (response.status === 201 && answer['orderCreateTransaction'] !== undefined) {
      const created = reportFromCreateResponse(request.accountId, this.currency(request.accountId), answer, this.options.clock.now());
      return created.report === undefined
        ? { status: 'modified', venueOrderId: created.venueOrderId }
        : { status: 'modified', venueOrderId: created.venueOrderId, report: created.report };
    }
    return this.rejection(response, response.status === 404 ? 'orderCancelRejectTransaction' : 'orderRejectTransaction');
  }

  async orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined> {
    const specifier = 'venueOrderId' in lookup ? lookup.venueOrderId : `@${lookup.venueClientOrderId}`;
    const response = await this.options.rest.getOrder(lookup.accountId, specifier);
    if (response.status === 404) return undefined;
    const body = await this.expectOk(response, `order ${specifier}`);
    return this.reportOfOrder(lookup.accountId, (body as { order: unknown }).order);
  }

  async openOrders(accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]> {
    const body = await this.expectOk(await this.options.rest.listPendingOrders(accountId), 'pending orders');
    const list = ((body as { orders?: unknown[] }).orders ?? []).filter(isEngineOrder);
    const reports: OrderStatusReport[] = [];
    for (const order of list) {
      const report = await this.reportOfOrder(accountId, order);
      if (report !== undefined && (instrumentId === undefined || report.instrumentId === instrumentId)) reports.push(report);
    }
    return reports;
  }

  /** GET /transactions?from=&type=ORDER_FILL gives pages (idrange URLs); each page's fills, oldest first. */
  async fillsSince(accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]> {
    const query = `?from=${encodeURIComponent(formatOandaTime(since))}&type=ORDER_FILL&pageSize=1000`;
    const index = await this.expectOk(await this.options.rest.listTransactions(accountId, query), 'transactions');
    const pages = (index as { pages?: unknown }).pages;
    const fills: FillReport[] = [];
    const scratch = new KnownOrders();
    for (const page of Array.isArray(pages) ? pages : []) {
      const range = /[?&]from=(\d+)&to=(\d+)/.exec(String(page));
      if (range === null) continue;
      const body = await this.expectOk(await this.options.rest.getTransactionsIdRange(accountId, range[1] ?? '', range[2] ?? ''), 'transactions idrange');
      for (const item of (body as { transactions?: unknown[] }).transactions ?? []) {
        const transaction = readWire(TransactionWire, item, 'Transaction') as TransactionWire;
        if (transaction.type !== 'ORDER_FILL') continue;
        const mapped = mapTransaction(transaction, { accountId, currency: this.currency(accountId), orders: scratch, now: this.options.clock.now() });
        for (const report of mapped.reports) if (report.kind === 'fill' && report.report.occurredAt >= since) fills.push(report.report);
      }
    }
    return fills;
  }

  async positions(accountId: AccountId): Promise<readonly PositionStatusReport[]> {
    const body = await this.expectOk(await this.options.rest.listOpenPositions(accountId), 'open positions');
    return parsePositions(accountId, this.currency(accountId), body, this.options.clock.now());
  }

  async account(accountId: AccountId): Promise<AccountReport> {
    const body = await this.expectOk(await this.options.rest.getAccountSummary(accountId), `account ${accountId}`);
    return parseAccountSummary(accountId, body, this.options.clock.now());
  }

  onReport(handler: (report: VenueReport) => void): Unsubscribe {
    return this.reportListeners.add(handler);
  }

  onConnection(handler: (event: VenueConnectionChanged) => void): Unsubscribe {
    return this.connectionListeners.add(handler);
  }

  subscribeMarketData(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    return this.options.data.subscribe(instrumentIds, handler);
  }

  /** The last transaction id applied for an account (tests compare it with the venue's). */
  lastAppliedTransactionId(accountId: AccountId): string | undefined {
    return this.streams.get(accountId)?.sequencer.lastAppliedId;
  }

  private submitResult(accountId: AccountId, response: OandaResponse): SubmitResult {
    const body = response.body as Record<string, unknown>;
    this.streams.get(accountId)?.offerFromResponse(body);
    if (response.status === 201 && body['orderCreateTransaction'] !== undefined) {
      const created = reportFromCreateResponse(accountId, this.currency(accountId), body, this.options.clock.now());
      return {
        status: 'accepted',
        venueOrderId: created.venueOrderId,
        ...(created.report === undefined ? {} : { report: created.report }),
        ...(created.fills.length === 0 ? {} : { fills: created.fills }),
      };
    }
    return this.rejection(response, 'orderRejectTransaction');
  }

  private rejection(response: OandaResponse, field: string): { status: 'rejected'; code: string; reason: string; venueReason: string } {
    const body = response.body as Record<string, unknown>;
    const reject = body[field] as { rejectReason?: unknown } | undefined;
    const errorCode = typeof body['errorCode'] === 'string' ? body['errorCode'] : undefined;
    const venueReason = typeof reject?.rejectReason === 'string' ? reject.rejectReason : (errorCode ?? `HTTP_${response.status}`);
    const message = typeof body['errorMessage'] === 'string' ? body['errorMessage'] : `OANDA answered ${response.status}`;
    const code =
      response.status === 401 ? 'VENUE_AUTHENTICATION'
      : response.status === 429 ? 'VENUE_RATE_LIMITED'
      : response.status >= 500 ? 'VENUE_OUTCOME_UNKNOWN'
      : rejectCodeOf(venueReason);
    return { status: 'rejected', code, reason: message, venueReason };
  }

  private async lookupByClientId(accountId: AccountId, venueClientOrderId: VenueClientOrderId): Promise<OrderStatusReport | undefined> {
    return this.orderStatus({ accountId, venueClientOrderId });
  }

  /** An Order object as a report; its fill and cancel transactions are fetched for the filled units and the reason. */
  private async reportOfOrder(accountId: AccountId, order: unknown): Promise<OrderStatusReport | undefined> {
    const wire = order as { fillingTransactionID?: string; cancellingTransactionID?: string };
    const fill = wire.fillingTransactionID === undefined ? undefined : await this.transaction(accountId, wire.fillingTransactionID);
    const cancel = wire.cancellingTransactionID === undefined ? undefined : await this.transaction(accountId, wire.cancellingTransactionID);
    const known = knownOrderFromWire(accountId, order, { ...(fill === undefined ? {} : { fill }), ...(cancel === undefined ? {} : { cancel }) });
    return known === undefined ? undefined : reportOf(known, this.options.clock.now(), reasonOfCancel(cancel));
  }

  private async transaction(accountId: AccountId, id: string): Promise<TransactionWire | undefined> {
    const response = await this.options.rest.getTransaction(accountId, id);
    if (response.status !== 200) return undefined;
    return readWire(TransactionWire, (response.body as { transaction?: unknown }).transaction, 'Transaction');
  }

  private async reportLookedUp(accountId: AccountId, orderIds: readonly string[]): Promise<void> {
    for (const id of orderIds) {
      try {
        const report = await this.orderStatus({ accountId, venueOrderId: VenueOrderId.of(id) });
        if (report !== undefined) this.emit({ kind: 'order', report });
      } catch (error) {
        this.options.logger.warn({ err: error, accountId, orderId: id }, 'oanda order lookup failed');
      }
    }
  }

  private async loadInstruments(): Promise<Map<string, FxPair>> {
    if (this.instrumentCache !== undefined) return this.instrumentCache;
    const accountId = this.accountIds[0] as AccountId;
    const wanted = this.options.config.instruments;
    const body = await this.expectOk(await this.options.rest.getAccountInstruments(accountId, wanted), 'instruments');
    this.instrumentCache = new Map(parseInstruments(body).map((instrument) => [instrument.id as string, instrument]));
    return this.instrumentCache;
  }

  private async instrument(instrumentId: InstrumentId): Promise<FxPair> {
    const found = (await this.loadInstruments()).get(instrumentId);
    if (found === undefined) throw new TmtError('VENUE_REJECTED', `OANDA does not list ${instrumentId} for this account`, { field: 'order.instrumentId' });
    return found;
  }

  private currency(accountId: AccountId): string {
    return this.currencies.get(accountId) ?? 'USD';
  }

  private async expectOk(response: OandaResponse, what: string): Promise<unknown> {
    if (response.status === 200 || response.status === 201) return response.body;
    const body = response.body as { errorCode?: string; errorMessage?: string };
    const code = response.status === 401 ? 'VENUE_AUTHENTICATION' : response.status === 429 ? 'VENUE_RATE_LIMITED' : response.status >= 500 ? 'VENUE_UNAVAILABLE' : 'VENUE_REJECTED';
    throw new TmtError(code, `OANDA ${what}: ${response.status} ${body.errorCode ?? ''} ${body.errorMessage ?? ''}`.trim(), {
      details: { status: String(response.status), ...(body.errorCode === undefined ? {} : { errorCode: body.errorCode }) },
    });
  }

  private emit(report: VenueReport): void {
    this.reportListeners.emit(report);
  }

  private connectionChanged(state: VenueConnectionState, accountId: AccountId, reason?: string): void {
    const event: VenueConnectionChanged = {
      type: 'VenueConnectionChanged', venue: 'OANDA', accountId, state, occurredAt: this.options.clock.now(),
      ...(reason === undefined ? {} : { reason }),
    };
    this.connectionListeners.emit(event);
  }
}

