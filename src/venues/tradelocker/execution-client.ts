import type { Clock, Timestamp } from '../../core/clock';
import { TmtError, isTmtError } from '../../core/errors';
import type { MarketDataEvent, VenueConnectionChanged, VenueConnectionState } from '../../core/events';
import { AccountId, VenueOrderId, type InstrumentId, type VenueClientOrderId } from '../../core/identifiers';
import type { Instrument } from '../../core/instruments';
import type {
  CancelRequest, CancelResult, ModifyRequest, ModifyResult, OrderLookup, SubmitResult, Unsubscribe, VenueCapabilities, VenueClient, VenueOrderSubmission,
} from '../../core/ports/venue';
import type { AccountReport, FillReport, OrderStatusReport, PositionStatusReport, VenueReport } from '../../core/reports';
import { Listeners } from '../../shared/listeners';
import type { Logger } from '../../shared/logger';
import type { AccountReader} from './account-reader';
import { expectStatus, type TlAccount } from './account-reader';
import type { TradeLockerConfig } from './config';
import type { TradeLockerDataClient } from './data-client';
import { encodePlaceOrder, lotsOf } from './encode';
import { TIME_IN_FORCE_BY_TYPE } from './enums';
import { jsonNumber } from './http/json';
import type { TradeLockerRestClient } from './http/rest-client';
import type { TlResponse } from './http/transport';
import { OrderIndex } from './order-index';
import { accountReportOf, positionReportsOf } from './parse/account';
import { fillOf, readOrder, reportOf, type TlOrder } from './parse/orders';
import { envelope, type Row } from './parse/wire';
import { ReportPoller } from './poll/report-poller';
import { TradeLockerPositionClient } from './position-client';
import { STRATEGY_ID_RULE, TRADELOCKER_PROFILES, type TradeLockerProfile } from './profile';
import { codeOfErrmsg } from './reasons';

export const TRADELOCKER_CAPABILITIES: VenueCapabilities = {
  orderTypes: ['market', 'limit', 'stop-market'],
  timeInForce: TIME_IN_FORCE_BY_TYPE,
  postOnly: false,
  reduceOnly: false,
  iceberg: false,
  modify: 'native',
  attachedOrders: true,
  orderLists: [],
  cancelAll: true,
  positions: true,
  hedging: true,
  quoteQuantityMarket: false,
  clientOrderId: STRATEGY_ID_RULE,
  trailingOffsetKinds: ['price'],
};

type Rejected = Extract<SubmitResult, { status: 'rejected' }>;

/** Times a placement refused with 429 is settled by lookup and sent again before giving up. */
const RATE_LIMIT_RESENDS = 3;

export interface ExecutionClientOptions {
  readonly config: TradeLockerConfig;
  readonly rest: TradeLockerRestClient;
  readonly reader: AccountReader;
  readonly data: TradeLockerDataClient;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The TradeLocker venue client: engine verbs over the raw REST client; reports from polling. */
export class TradeLockerExecutionClient implements VenueClient {
  readonly venue = 'TRADELOCKER' as const;
  readonly capabilities: VenueCapabilities;
  readonly accountIds: readonly AccountId[];
  readonly profile: TradeLockerProfile;
  /** Position-level verbs: positions as trades, partial and full close, SL/TP, close all. */
  readonly trades: TradeLockerPositionClient;
  private readonly index = new OrderIndex();
  private readonly pollers = new Map<AccountId, ReportPoller>();
  private readonly reportListeners = new Listeners<VenueReport>();
  private readonly connectionListeners = new Listeners<VenueConnectionChanged>();
  private disconnected = false;

  constructor(private readonly options: ExecutionClientOptions) {
    this.accountIds = options.config.accountIds.map((id) => AccountId.parse(id));
    this.profile = TRADELOCKER_PROFILES[options.config.profile];
    this.capabilities = { ...TRADELOCKER_CAPABILITIES, hedging: this.profile.hedging };
    this.trades = new TradeLockerPositionClient({ rest: options.rest, reader: options.reader, clock: options.clock, clientIdOf: (id) => this.index.clientId(id), poke: (a) => this.poke(a) });
  }

  async connect(): Promise<void> {
    const { reader } = this.options;
    await reader.load(this.accountIds);
    for (const accountId of this.accountIds) {
      const account = reader.account(accountId);
      const poller = new ReportPoller({
        accountId, currency: account.currency, intervalMs: this.options.config.pollIntervalMs, clock: this.options.clock, logger: this.options.logger,
        instruments: () => reader.instruments,
        clientIdOf: (orderId) => this.index.clientId(orderId),
        onOrder: (order) => this.index.add(accountId, order.orderId, order.strategyId),
        source: { openOrders: () => reader.openOrderRows(account), history: (from) => reader.historyRows(account, from), executions: () => reader.executionRows(account) },
        emit: (report) => this.reportListeners.emit(report),
        onState: (state, reason) => this.connectionChanged(state, accountId, reason),
      });
      this.pollers.set(accountId, poller);
      await poller.start();
    }
  }

  async disconnect(): Promise<void> {
    // Idempotent: the engine disconnects its venues on stop, and the app (or a test) may close after it.
    if (this.disconnected) return;
    this.disconnected = true;
    await Promise.all([...this.pollers.values()].map((poller) => poller.stop()));
    this.pollers.clear();
    await this.options.data.stop();
    await this.options.rest.close();
  }

  async instruments(): Promise<readonly Instrument[]> {
    return this.options.reader.instruments.all().map((entry) => entry.instrument);
  }

  async submit(submission: VenueOrderSubmission): Promise<SubmitResult> {
    const { request, venueClientOrderId } = submission;
    const account = this.options.reader.account(request.accountId);
    const entry = this.options.reader.instruments.get(request.instrumentId);
    if (entry === undefined) return local(new TmtError('VENUE_REJECTED', `TradeLocker does not list ${request.instrumentId} for this account`, { field: 'order.instrumentId' }));
    const known = this.index.orderId(account.accountId, venueClientOrderId);
    // strategyId is not unique at TradeLocker: the same client id twice is the same order, never a second one.
    if (known !== undefined) return { status: 'accepted', venueOrderId: VenueOrderId.of(known) };
    let body: Record<string, unknown>;
    try {
      body = encodePlaceOrder(request, entry, venueClientOrderId);
    } catch (error) {
      if (isTmtError(error)) return local(error);
      throw error;
    }
    let response: TlResponse;
    for (let attempt = 0; ; attempt++) {
      try {
        response = await this.options.rest.placeOrder(account.accNum, account.accountId, body);
      } catch (error) {
        if (!isTmtError(error) || error.code === 'VENUE_UNAVAILABLE') throw error;
        // Sent, unanswered: the venue may hold the order. A lookup by strategyId settles it; never a blind resend.
        const found = await this.lookupByClientId(account, venueClientOrderId);
        if (found !== undefined) return { status: 'accepted', venueOrderId: found.venueOrderId, report: found };
        throw error;
      }
      if (response.status !== 429 || attempt >= RATE_LIMIT_RESENDS) break;
      // A 429 was not processed; the route is paused for a window. Only an order the venue does not hold is sent again.
      const found = await this.lookupByClientId(account, venueClientOrderId);
      if (found !== undefined) return { status: 'accepted', venueOrderId: found.venueOrderId, report: found };
    }
    const answer = response.body as { s?: unknown; d?: { orderId?: unknown }; errmsg?: unknown };
    if (response.status === 200 && answer.s === 'ok' && typeof answer.d?.orderId === 'string') {
      this.index.add(account.accountId, answer.d.orderId, venueClientOrderId);
      this.pollers.get(account.accountId)?.track(answer.d.orderId);
      void this.poke(account.accountId);
      return { status: 'accepted', venueOrderId: VenueOrderId.of(answer.d.orderId) };
    }
    if (response.status >= 500 || response.status === 429) {
      const found = await this.lookupByClientId(account, venueClientOrderId);
      if (found !== undefined) return { status: 'accepted', venueOrderId: found.venueOrderId, report: found };
      if (response.status === 429) return rejection(response, 'the rate limit was hit; nothing was placed');
      throw new TmtError('VENUE_OUTCOME_UNKNOWN', `TradeLocker answered ${response.status} to an order and holds no order with strategyId ${venueClientOrderId}`, { details: { status: String(response.status), venueClientOrderId } });
    }
    return rejection(response, 'order refused');
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    const account = this.options.reader.account(request.accountId);
    const orderId = await this.resolveOrderId(account, request.venueClientOrderId, request.venueOrderId);
    if (orderId === undefined) return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: `TradeLocker holds no order with strategyId ${request.venueClientOrderId}`, venueReason: 'Order not found' };
    const response = await this.options.rest.cancelOrder(account.accNum, orderId);
    if (isOk(response)) {
      void this.poke(account.accountId);
      return { status: 'canceled' };
    }
    return rejection(response, 'cancel refused');
  }

  /** PATCH /trade/orders/{id}: TradeLocker amends in place (price, stopPrice, qty); the order id stays. */
  async modify(request: ModifyRequest): Promise<ModifyResult> {
    const account = this.options.reader.account(request.accountId);
    const orderId = await this.resolveOrderId(account, request.venueClientOrderId, request.venueOrderId);
    if (orderId === undefined) return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: `TradeLocker holds no order with strategyId ${request.venueClientOrderId}`, venueReason: 'Order not found' };
    const entry = this.options.reader.instruments.get(request.instrumentId);
    const body: Record<string, unknown> = {};
    try {
      if (request.amendment.trailingOffset !== undefined) throw new TmtError('VENUE_UNSUPPORTED', 'TradeLocker orders have no trailing offset to amend', { field: 'amendment.trailingOffset' });
      if (request.amendment.price !== undefined) body['price'] = jsonNumber(request.amendment.price);
      if (request.amendment.triggerPrice !== undefined) body['stopPrice'] = jsonNumber(request.amendment.triggerPrice);
      if (request.amendment.quantity !== undefined) {
        if (entry === undefined) throw new TmtError('VENUE_REJECTED', `TradeLocker does not list ${request.instrumentId}`, { field: 'instrumentId' });
        body['qty'] = jsonNumber(lotsOf(entry, request.amendment.quantity, 'amendment.quantity'));
      }
    } catch (error) {
      if (isTmtError(error)) return local(error);
      throw error;
    }
    const response = await this.options.rest.modifyOrder(account.accNum, orderId, body);
    if (!isOk(response)) return rejection(response, 'modify refused');
    void this.poke(account.accountId);
    const report = await this.orderStatus({ accountId: account.accountId, venueOrderId: VenueOrderId.of(orderId) });
    return { status: 'modified', venueOrderId: VenueOrderId.of(orderId), venueClientOrderId: request.venueClientOrderId, ...(report === undefined ? {} : { report }) };
  }

  /** DELETE /trade/accounts/{id}/orders?tradableInstrumentId: every pending order on the instrument at once. */
  async cancelAllOrders(accountId: AccountId, instrumentId: InstrumentId): Promise<readonly OrderStatusReport[]> {
    const account = this.options.reader.account(accountId);
    const entry = this.options.reader.instruments.get(instrumentId);
    if (entry === undefined) return [];
    const open = await this.openOrders(accountId, instrumentId);
    expectStatus(await this.options.rest.cancelAllOrders(account.accNum, account.accountId, entry.tradableInstrumentId), 'cancel all orders');
    void this.poke(accountId);
    const now = this.options.clock.now();
    return open.map((report) => ({ ...report, status: 'canceled' as const, reportedAt: now }));
  }

  async orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined> {
    const account = this.options.reader.account(lookup.accountId);
    const orders = await this.options.reader.allOrders(account);
    for (const order of orders) this.index.add(account.accountId, order.orderId, order.strategyId);
    const found = 'venueOrderId' in lookup ? orders.find((o) => o.orderId === lookup.venueOrderId) : latest(orders.filter((o) => o.strategyId === lookup.venueClientOrderId));
    return found === undefined ? undefined : reportOf(account.accountId, found, this.options.clock.now());
  }

  /** The engine's working orders: those carrying a strategyId (a position's SL/TP orders carry none). */
  async openOrders(accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]> {
    const account = this.options.reader.account(accountId);
    const now = this.options.clock.now();
    const reports: OrderStatusReport[] = [];
    for (const row of await this.options.reader.openOrderRows(account)) {
      const order = readOrderRow(row, this.options.reader);
      if (order === undefined || order.strategyId === undefined) continue;
      this.index.add(account.accountId, order.orderId, order.strategyId);
      if (instrumentId === undefined || order.entry.instrument.id === instrumentId) reports.push(reportOf(account.accountId, order, now));
    }
    return reports;
  }

  async fillsSince(accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]> {
    const account = this.options.reader.account(accountId);
    const rows = await this.options.reader.executionRows(account);
    if (rows.some((row) => this.index.clientId(String(row['orderId'])) === undefined)) {
      // After a restart the pairing of orders with client ids is relearned from the venue's rows.
      for (const order of await this.options.reader.allOrders(account)) this.index.add(account.accountId, order.orderId, order.strategyId);
    }
    const fills: FillReport[] = [];
    for (const row of rows) {
      const fill = fillOf(accountId, account.currency, row, this.options.reader.instruments, (id) => this.index.clientId(id));
      if (fill !== undefined && fill.occurredAt >= since) fills.push(fill);
    }
    return fills.sort((a, b) => a.occurredAt - b.occurredAt);
  }

  async positions(accountId: AccountId): Promise<readonly PositionStatusReport[]> {
    const account = this.options.reader.account(accountId);
    return positionReportsOf(accountId, account.currency, await this.options.reader.positionRows(account), this.options.reader.instruments, this.options.clock.now());
  }

  async account(accountId: AccountId): Promise<AccountReport> {
    const account = this.options.reader.account(accountId);
    const d = envelope(expectStatus(await this.options.rest.getAccountState(account.accNum, account.accountId), 'account state'), 'account state');
    return accountReportOf(accountId, account.currency, d, this.options.reader.columns.accountDetails, this.options.clock.now(), this.profile.hedging);
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

  /** A polling round now: what a write changed is reported without waiting a period. */
  poke(accountId: AccountId): Promise<void> {
    return this.pollers.get(accountId)?.poke() ?? Promise.resolve();
  }

  private async resolveOrderId(account: TlAccount, clientId: VenueClientOrderId, venueOrderId: VenueOrderId | undefined): Promise<string | undefined> {
    if (venueOrderId !== undefined) return venueOrderId;
    return this.index.orderId(account.accountId, clientId) ?? (await this.lookupByClientId(account, clientId))?.venueOrderId;
  }

  private async lookupByClientId(account: TlAccount, clientId: VenueClientOrderId): Promise<OrderStatusReport | undefined> {
    return this.orderStatus({ accountId: account.accountId, venueClientOrderId: clientId });
  }

  private connectionChanged(state: VenueConnectionState, accountId: AccountId, reason?: string): void {
    this.connectionListeners.emit({ type: 'VenueConnectionChanged', venue: 'TRADELOCKER', accountId, state, occurredAt: this.options.clock.now(), ...(reason === undefined ? {} : { reason }) });
  }
}

function readOrderRow(row: Row, reader: AccountReader): TlOrder | undefined {
  const read = readOrder(row, reader.instruments);
  return read.ok ? read.order : undefined;
}

function latest(orders: readonly TlOrder[]): TlOrder | undefined {
  return orders.reduce<TlOrder | undefined>((best, order) => (best === undefined || BigInt(order.orderId) > BigInt(best.orderId) ? order : best), undefined);
}

const isOk = (response: TlResponse): boolean => response.status === 200 && (response.body as { s?: unknown }).s === 'ok';

function local(error: TmtError): Rejected {
  return { status: 'rejected', code: error.code, reason: error.message, venueReason: 'LOCAL_VALIDATION' };
}

function rejection(response: TlResponse, fallback: string): Rejected {
  const errmsg = (response.body as { errmsg?: unknown }).errmsg;
  const venueReason = typeof errmsg === 'string' ? errmsg : `HTTP_${response.status}`;
  return { status: 'rejected', code: codeOfErrmsg(venueReason, response.status), reason: typeof errmsg === 'string' ? errmsg : `${fallback} (HTTP ${response.status})`, venueReason };
}
