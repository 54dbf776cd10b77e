import type { Clock, Timestamp } from '../../core/clock';
import { TmtError } from '../../core/errors';
import type { MarketDataEvent, VenueConnectionChanged } from '../../core/events';
import { AccountId, VenueOrderId, type InstrumentId, type VenueClientIdRule } from '../../core/identifiers';
import type { Instrument } from '../../core/instruments';
import type { OrderRequest } from '../../core/orders/types';
import { Quantity } from '../../core/money/quantity';
import type {
  CancelRequest, CancelResult, ModifyRequest, ModifyResult, OrderLookup, SubmitResult, Unsubscribe, VenueCapabilities, VenueClient, VenueOrderSubmission,
} from '../../core/ports/venue';
import type { ListSubmitResult, VenueListSubmission } from '../../core/ports/venue-lists';
import type { AccountReport, FillReport, OrderStatusReport, PositionStatusReport, VenueReport } from '../../core/reports';
import { Listeners } from '../../shared/listeners';
import type { Logger } from '../../shared/logger';
import { DxtradeAccountStream } from './account-stream';
import type { DxtradeConfig } from './config';
import type { DxtradeDataClient } from './data-client';
import { exactJson, protectedEntry, singleOrderRequest } from './encode';
import { TIME_IN_FORCE_BY_TYPE } from './enums';
import { errorOf, failure, rejection } from './http/answers';
import type { DxtradeRestClient } from './http/rest-client';
import type { DxResponse } from './http/transport';
import { loadInstruments } from './instruments';
import { inSession, type DxSchedule } from './trading-hours';
import { symbolOf } from './symbols';
import { OrderBookKeeping } from './order-book';
import { accountReportOf, fillsOf, orderReportOf, positionReportOf } from './parse/reports';
import { MetricsSchema, OrderResponsesSchema, OrderSchema, parseEach, PositionSchema, UserDetailsSchema, type OrderWire } from './parse/wire';
import { DxtradePositionOperations } from './position-operations';
import { DXTRADE_PROFILES } from './profiles';
import type { PushClient } from './ws/push-client';

/** DXtrade orderCode: the client's id, unique per account; 60 characters leave room for the -SL/-TP of protection orders. */
export const DXTRADE_CLIENT_ID: VenueClientIdRule = { pattern: /^[A-Za-z0-9._:-]{1,60}$/, maxLength: 60, alphabet: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz' };

export const DXTRADE_CAPABILITIES: VenueCapabilities = {
  orderTypes: ['market', 'limit', 'stop-market', 'stop-limit'],
  timeInForce: TIME_IN_FORCE_BY_TYPE,
  postOnly: false,
  reduceOnly: true,
  iceberg: false,
  // PUT /accounts/{account}/orders changes price and quantity in place: the orderCode stays.
  modify: 'native',
  // Stop-loss and take-profit ride with the entry as an IF-THEN group.
  attachedOrders: true,
  orderLists: ['OCO', 'OTO'],
  // OCO and IF-THEN groups (one or two children) in one request: submitList.
  nativeLists: ['OCO', 'OTO', 'OTOCO'],
  cancelAll: false,
  positions: true,
  hedging: false,
  quoteQuantityMarket: false,
  clientOrderId: DXTRADE_CLIENT_ID,
};

export interface DxtradeDeps {
  readonly clock: Clock;
  readonly logger: Logger;
}

/** DXtrade names a group's order as `orders[i]` in its description; the engine wants `orders.<index>.<field>`. */
function legFieldOf(description: string, indexes: readonly number[]): string | undefined {
  const match = /orders\[(\d+)\]\W+(?:\w+\s)*?(limitPrice|stopPrice|quantity|tif|expireDate|side|type|instrument|orderCode|positionCode)/.exec(description)
    ?? /orders\[(\d+)\]/.exec(description);
  if (match === null) return undefined;
  const index = indexes[Number(match[1])] ?? Number(match[1]);
  return `orders.${index}.${match[2] ?? 'order'}`;
}

/** The engine verbs over DXtrade's REST API; reports come from its push API (account portfolios). */
export class DxtradeExecutionClient implements VenueClient {
  readonly venue = 'DXTRADE' as const;
  readonly capabilities: VenueCapabilities;
  readonly accountIds: readonly AccountId[];
  readonly trades: DxtradePositionOperations;
  readonly book = new OrderBookKeeping();
  private readonly reports = new Listeners<VenueReport>();
  private readonly connections = new Listeners<VenueConnectionChanged>();
  private readonly stream: DxtradeAccountStream;
  private instrumentList: Instrument[] = [];
  private schedules = new Map<string, DxSchedule>();
  private readonly currencies = new Map<string, string>();
  private connected = false;

  constructor(private readonly config: DxtradeConfig, readonly rest: DxtradeRestClient, private readonly push: PushClient, private readonly data: DxtradeDataClient, private readonly deps: DxtradeDeps) {
    this.accountIds = config.accountIds.map((id) => AccountId.parse(id));
    this.capabilities = { ...DXTRADE_CAPABILITIES, hedging: DXTRADE_PROFILES[config.profile].hedging };
    this.stream = new DxtradeAccountStream(push, this.book, {
      clock: deps.clock, hedging: this.capabilities.hedging, currencyOf: (a) => this.currencyOf(a),
      emit: (report) => this.reports.emit(report), connection: (state, reason) => this.emitConnection(state, reason), accounts: config.accountIds,
    });
    this.trades = new DxtradePositionOperations(this, deps.clock);
  }

  private emitConnection(state: VenueConnectionChanged['state'], reason: string): void {
    for (const accountId of this.accountIds) this.connections.emit({ type: 'VenueConnectionChanged', venue: 'DXTRADE', accountId, state, reason, occurredAt: this.deps.clock.now() });
  }

  currencyOf(account: string): string {
    return this.currencies.get(account) ?? 'USD';
  }

  /** Logs in, checks the accounts belong to the user, loads the instruments, opens the push API. Idempotent. */
  async connect(): Promise<void> {
    if (this.connected) return;
    await this.rest.session.login();
    const user = await this.rest.user(this.rest.session.username);
    if (user.status !== 200) throw failure(user, 'user details');
    const details = UserDetailsSchema.safeParse((user.body as { userDetails?: unknown[] } | undefined)?.userDetails?.[0]);
    if (!details.success) throw new TmtError('VENUE_PROTOCOL', 'DXtrade user details unreadable');
    for (const account of details.data.accounts) this.currencies.set(account.account, account.baseCurrency ?? 'USD');
    const missing = this.config.accountIds.filter((id) => !this.currencies.has(id));
    if (missing.length > 0) throw new TmtError('VENUE_AUTHENTICATION', `the DXtrade user has no account(s) ${missing.join(', ')}`, { field: 'accountIds' });
    await this.loadInstruments();
    await this.stream.start();
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.push.close();
    await this.stream.stop();
    await this.rest.session.logout();
  }

  async instruments(): Promise<readonly Instrument[]> {
    if (this.instrumentList.length === 0) await this.loadInstruments();
    return this.instrumentList;
  }

  private async loadInstruments(): Promise<void> {
    const loaded = await loadInstruments(this.rest, this.config.accountIds[0] ?? '', this.deps.logger, DXTRADE_PROFILES[this.config.profile]);
    this.instrumentList = loaded.instruments;
    this.schedules = loaded.schedules;
  }

  /** The profile's trading hours, checked before anything is sent: a refusal names the instrument and the rule. */
  private outsideHours(requests: readonly OrderRequest[]): { status: 'rejected'; code: string; reason: string; venueReason: string } | undefined {
    if (this.config.tradingHours !== 'enforce') return undefined;
    const now = this.deps.clock.now();
    for (const request of requests) {
      const symbol = symbolOf(request.instrumentId);
      const schedule = this.schedules.get(symbol);
      if (schedule !== undefined && !inSession(schedule, now)) {
        return { status: 'rejected', code: 'VENUE_MARKET_CLOSED', reason: `${symbol} is outside its trading hours (instrument tradingHours, ${schedule.timeZone})`, venueReason: 'not sent' };
      }
    }
    return undefined;
  }

  async submit({ request, venueClientOrderId }: VenueOrderSubmission): Promise<SubmitResult> {
    const account = request.accountId;
    const closed = this.outsideHours([request]);
    if (closed !== undefined) return closed;
    let body: unknown;
    try {
      body = protectedEntry(account, venueClientOrderId, request) ?? singleOrderRequest(account, venueClientOrderId, request);
    } catch (error) {
      if (error instanceof TmtError) return { status: 'rejected', code: error.code, reason: error.message, venueReason: 'not sent' };
      throw error;
    }
    const answer = await this.rest.placeOrder(account, exactJson(body));
    if (answer.status === 409 && errorOf(answer).errorCode === '100') {
      // The code is taken: our codes are derived one per engine order, so this is the order itself (a resend
      // after a lost answer); the venue holds exactly one order under it.
      const existing = await this.lookup(account, { 'with-client-id': venueClientOrderId });
      if (existing !== undefined) return { status: 'accepted', venueOrderId: VenueOrderId.of(existing.orderId), report: orderReportOf(existing, this.deps.clock.now()) };
    }
    // A 5xx after sending says nothing of the order: unknown until a lookup settles it, never a rejection.
    if (answer.status >= 500) throw failure(answer, 'order placement');
    if (answer.status !== 200) return rejection(answer);
    const parsed = OrderResponsesSchema.safeParse(answer.body);
    if (!parsed.success) throw new TmtError('VENUE_PROTOCOL', 'DXtrade order response unreadable');
    const first = 'orderResponses' in parsed.data ? parsed.data.orderResponses[0] : parsed.data;
    if (first === undefined) throw new TmtError('VENUE_PROTOCOL', 'DXtrade order response lists no order');
    return { status: 'accepted', venueOrderId: VenueOrderId.of(first.orderId) };
  }

  /**
   * The engine's native lists as DXtrade order groups, in one request: OCO as contingencyType OCO; OTO and
   * OTOCO as IF-THEN (the working order is the parent, the pending legs its children, which DXtrade issues when
   * the parent completes and which, two of them, cancel each other). Each leg keeps its own reduce-only flag
   * (positionEffect CLOSE or OPEN): on a hedging account an exit that is not reduce-only opens the other leg,
   * at the venue as in the engine.
   */
  async submitList(list: VenueListSubmission): Promise<ListSubmitResult> {
    const account = list.accountId;
    const closed = this.outsideHours(list.legs.map((l) => l.request));
    if (closed !== undefined) return closed;
    let orders;
    try {
      orders = list.legs.map((leg) => singleOrderRequest(account, leg.venueClientOrderId, leg.request));
    } catch (error) {
      if (error instanceof TmtError) return { status: 'rejected', code: error.code, reason: error.message, venueReason: 'not sent' };
      throw error;
    }
    const answer = await this.rest.placeOrder(account, exactJson({ contingencyType: list.kind === 'OCO' ? 'OCO' : 'IF-THEN', orders }));
    if (answer.status >= 500) throw failure(answer, 'order group placement');
    if (answer.status !== 200) {
      const refused = rejection(answer);
      const field = legFieldOf(refused.reason, list.legs.map((l) => l.index));
      return { ...refused, ...(field === undefined ? {} : { field }) };
    }
    const parsed = OrderResponsesSchema.safeParse(answer.body);
    if (!parsed.success) throw new TmtError('VENUE_PROTOCOL', 'DXtrade order group response unreadable');
    const responses = 'orderResponses' in parsed.data ? parsed.data.orderResponses : [parsed.data];
    return {
      status: 'accepted',
      legs: list.legs.map((leg, i) => {
        const response = responses[i];
        return { venueClientOrderId: leg.venueClientOrderId, ...(response === undefined ? {} : { venueOrderId: VenueOrderId.of(response.orderId) }) };
      }),
    };
  }

  /**
   * DXtrade's order groups in one request: OCO (two orders, one cancels the other) or IF-THEN (a parent, then up
   * to two protection orders issued once it completes), for callers beyond the engine's lists.
   */
  async submitGroup(contingencyType: 'OCO' | 'IF-THEN', legs: readonly VenueOrderSubmission[]): Promise<SubmitResult[]> {
    const account = legs[0]?.request.accountId;
    if (account === undefined) throw new TmtError('VENUE_UNSUPPORTED', 'an order group needs orders', { field: 'legs' });
    const orders = legs.map((l) => singleOrderRequest(account, l.venueClientOrderId, l.request));
    const answer = await this.rest.placeOrder(account, exactJson({ contingencyType, orders }));
    if (answer.status !== 200) return legs.map(() => rejection(answer));
    const parsed = OrderResponsesSchema.safeParse(answer.body);
    if (!parsed.success) throw new TmtError('VENUE_PROTOCOL', 'DXtrade order group response unreadable');
    const responses = 'orderResponses' in parsed.data ? parsed.data.orderResponses : [parsed.data];
    return legs.map((_, i) => {
      const response = responses[i];
      return response === undefined ? { status: 'rejected', code: 'VENUE_PROTOCOL', reason: 'no answer for this order of the group', venueReason: '' } : { status: 'accepted', venueOrderId: VenueOrderId.of(response.orderId) };
    });
  }

  /** The order's entity from GET …/orders/history, learned on the way. */
  async lookup(account: string, filter: { 'with-client-id'?: string; 'with-order-id'?: string }): Promise<OrderWire | undefined> {
    const answer = await this.rest.orderHistory(account, filter);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw failure(answer, 'order lookup');
    const { values } = parseEach(OrderSchema, (answer.body as { orders?: unknown } | undefined)?.orders);
    const order = values[values.length - 1];
    if (order !== undefined) this.book.learn(order);
    return order;
  }

  private async versionOf(account: string, code: string): Promise<string | undefined> {
    const known = this.book.byClientId(account, code);
    if (known !== undefined) return known.version;
    return (await this.lookup(account, { 'with-client-id': code }))?.version;
  }

  /** A conditional request: with the known version, and once more with the current one after 412. */
  private async conditional(account: string, code: string, send: (version: string) => Promise<DxResponse>): Promise<DxResponse | undefined> {
    const version = await this.versionOf(account, code);
    if (version === undefined) return undefined;
    const answer = await send(version);
    if (answer.status !== 412) return answer;
    const fresh = (await this.lookup(account, { 'with-client-id': code }))?.version;
    return fresh === undefined ? undefined : send(fresh);
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    const answer = await this.conditional(request.accountId, request.venueClientOrderId, (version) => this.rest.cancelOrder(request.accountId, request.venueClientOrderId, version));
    if (answer === undefined) return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: `DXtrade has no order ${request.venueClientOrderId}`, venueReason: '404/2: Entity not found at server' };
    if (answer.status !== 200) return rejection(answer);
    return { status: 'canceled' };
  }

  async modify(request: ModifyRequest): Promise<ModifyResult> {
    const account = request.accountId;
    const code = request.venueClientOrderId;
    const closed = this.outsideHours([request.replacement]);
    if (closed !== undefined) return closed;
    const known = this.book.byClientId(account, code) ?? (await this.lookup(account, { 'with-client-id': code }).then(() => this.book.byClientId(account, code)));
    if (known === undefined) return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: `DXtrade has no order ${code}`, venueReason: '404/2: Entity not found at server' };
    // The engine's replacement carries what is still to fill; DXtrade's quantity is the order's total, filled part included.
    const answer = await this.conditional(account, code, (version) => {
      const total = Quantity.of(request.replacement.quantity.add(this.book.byClientId(account, code)?.filled ?? known.filled));
      return this.rest.modifyOrder(account, exactJson(singleOrderRequest(account, code, request.replacement, { quantity: total })), version);
    });
    if (answer === undefined) return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: `DXtrade has no order ${code}`, venueReason: '404/2: Entity not found at server' };
    if (answer.status !== 200) return rejection(answer);
    if (answer.etag !== undefined) known.version = answer.etag;
    return { status: 'modified', venueOrderId: VenueOrderId.of(known.orderId), venueClientOrderId: code };
  }

  async orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined> {
    const filter = 'venueClientOrderId' in lookup ? { 'with-client-id': lookup.venueClientOrderId as string } : { 'with-order-id': lookup.venueOrderId as string };
    const order = await this.lookup(lookup.accountId, filter);
    return order === undefined ? undefined : orderReportOf(order, this.deps.clock.now());
  }

  async openOrders(accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]> {
    const answer = await this.rest.openOrders(accountId);
    if (answer.status !== 200) throw failure(answer, 'open orders');
    const { values, problems } = parseEach(OrderSchema, (answer.body as { orders?: unknown } | undefined)?.orders);
    for (const problem of problems) this.reports.emit({ kind: 'unrecognized', description: `DXtrade order unreadable: ${problem}`, raw: '' });
    const now = this.deps.clock.now();
    return values.map((o) => {
      this.book.learn(o);
      return orderReportOf(o, now);
    }).filter((r) => instrumentId === undefined || r.instrumentId === instrumentId);
  }

  /** Executions with a trade since `since`, oldest first (GET …/orders/history?transaction-from=). */
  async fillsSince(accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]> {
    const answer = await this.rest.orderHistory(accountId, { 'transaction-from': new Date(since).toISOString() });
    if (answer.status !== 200) throw failure(answer, 'order history');
    const { values } = parseEach(OrderSchema, (answer.body as { orders?: unknown } | undefined)?.orders);
    const currency = this.currencyOf(accountId);
    return values.flatMap((o) => fillsOf(o, currency)).filter((f) => f.occurredAt >= since).sort((a, b) => a.occurredAt - b.occurredAt);
  }

  async positions(accountId: AccountId): Promise<readonly PositionStatusReport[]> {
    const answer = await this.rest.positions(accountId);
    if (answer.status !== 200) throw failure(answer, 'positions');
    const now = this.deps.clock.now();
    return parseEach(PositionSchema, (answer.body as { positions?: unknown } | undefined)?.positions).values.map((p) => positionReportOf(p, now, this.capabilities.hedging));
  }

  async account(accountId: AccountId): Promise<AccountReport> {
    const answer = await this.rest.metrics(accountId);
    if (answer.status !== 200) throw failure(answer, 'account metrics');
    const metrics = parseEach(MetricsSchema, (answer.body as { metrics?: unknown } | undefined)?.metrics).values.find((m) => m.account === accountId);
    if (metrics === undefined) throw new TmtError('VENUE_PROTOCOL', `DXtrade gave no metrics for account ${accountId}`);
    return accountReportOf(metrics, this.currencyOf(accountId), this.deps.clock.now(), this.capabilities.hedging);
  }

  onReport(handler: (report: VenueReport) => void): Unsubscribe {
    return this.reports.add(handler);
  }

  onConnection(handler: (event: VenueConnectionChanged) => void): Unsubscribe {
    return this.connections.add(handler);
  }

  subscribeMarketData(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    return this.data.subscribe(instrumentIds, handler);
  }

  /** A message the adapter could not map: counted and shown on the report stream, never guessed. */
  reportUnrecognized(description: string, raw: string): void {
    this.reports.emit({ kind: 'unrecognized', description, raw });
  }

  /** Market data beyond the port: the current quote and historical candles. */
  get marketData(): DxtradeDataClient {
    return this.data;
  }
}
