import type { Clock, Timestamp } from '../../core/clock';
import { TmtError } from '../../core/errors';
import type { MarketDataEvent, VenueConnectionChanged, VenueConnectionState } from '../../core/events';
import { AccountId, CLIENT_ID_RULES, type InstrumentId } from '../../core/identifiers';
import type { Instrument } from '../../core/instruments';
import { Decimal } from '../../core/money/decimal';
import type { OrderRequest } from '../../core/orders/types';
import type { CancelRequest, CancelResult, ModifyRequest, ModifyResult, OrderLookup, SubmitResult, Unsubscribe, VenueCapabilities, VenueClient, VenueOrderSubmission } from '../../core/ports/venue';
import type { ListLegResult, ListSubmitResult, VenueListSubmission } from '../../core/ports/venue-lists';
import type { AccountReport, FillReport, OrderStatusReport, PositionStatusReport, VenueReport } from '../../core/reports';
import { Listeners } from '../../shared/listeners';
import type { Logger } from '../../shared/logger';
import type { IbkrConfig } from './config';
import { IbDataClient } from './data-client';
import { FillAssembler } from './fills';
import { loadInstrument, statusAt, type IbInstrument } from './instruments';
import { applyCompletedOrders, isWorking } from './completed';
import { accountReportOf } from './account-report';
import { IbAccountUpdates } from './account-updates';
import { OrderIdAllocator } from './order-ids';
import { placeFields, placeRefusal } from './place-fields';
import { IbOrderBook, reportOf, statusOf, type IbOrderRecord } from './orders';
import { decodeAccountSummary, decodePosition } from './parse/account';
import { decodeCommissionReport, decodeExecution } from './parse/messages';
import { IbSession, type OrderAnswer } from './session';
import * as encode from './socket/encoder';
import { DEFAULT_INSTRUMENTS, instrumentIdOf } from './symbols';
import { IN } from './versions';

export const IBKR_CAPABILITIES: VenueCapabilities = {
  orderTypes: ['market', 'limit', 'stop-market', 'stop-limit', 'market-if-touched', 'limit-if-touched', 'trailing-stop', 'trailing-limit'],
  // OPG (at the open) is for market and limit orders only, as TWS checks.
  timeInForce: {
    market: ['DAY', 'IOC', 'GTC', 'OPG'], limit: ['DAY', 'GTC', 'IOC', 'GTD', 'OPG'], 'stop-market': ['DAY', 'GTC', 'GTD'], 'stop-limit': ['DAY', 'GTC', 'GTD'],
    'market-if-touched': ['DAY', 'GTC', 'GTD'], 'limit-if-touched': ['DAY', 'GTC', 'GTD'], 'trailing-stop': ['DAY', 'GTC', 'GTD'], 'trailing-limit': ['DAY', 'GTC', 'GTD'],
  },
  postOnly: false, reduceOnly: false, iceberg: true, modify: 'native', attachedOrders: false, orderLists: ['OCO', 'OTO'],
  // submitList: OCO as an OCA group, OTO and brackets (OTOCO) through parentId and transmit.
  nativeLists: ['OCO', 'OTO', 'OTOCO'],
  outsideRegularHours: true,
  cancelAll: true, positions: true, hedging: false, quoteQuantityMarket: false, clientOrderId: CLIENT_ID_RULES.permissive,
};

const SUMMARY_TAGS = 'NetLiquidation,TotalCashValue,AvailableFunds,InitMarginReq,EquityWithLoanValue,BuyingPower,$LEDGER:ALL';

export interface IbkrExecutionClientOptions {
  readonly config: IbkrConfig;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The IBKR venue client: engine verbs over the TWS API session (orders, executions, account, market data). */
export class IbkrExecutionClient implements VenueClient {
  readonly venue = 'IBKR' as const;
  readonly capabilities = IBKR_CAPABILITIES;
  accountIds: readonly AccountId[];
  readonly session: IbSession;
  private readonly book = new IbOrderBook();
  private readonly ids: OrderIdAllocator;
  private readonly fills: FillAssembler;
  private readonly reports = new Listeners<VenueReport>();
  private readonly connections = new Listeners<VenueConnectionChanged>();
  private readonly data: IbDataClient;
  private readonly accountUpdates: IbAccountUpdates;
  private readonly instrumentsById = new Map<string, IbInstrument>();
  private readonly accountRefreshes = new Set<AccountId>();
  /** Executed quantity per API order id, from the fills handed out. */
  private readonly executed = new Map<number, Decimal>();
  private readonly executedRefs = new Map<string, number>();

  constructor(private readonly options: IbkrExecutionClientOptions) {
    this.accountIds = options.config.accountIds.map((a) => AccountId.parse(a));
    this.ids = new OrderIdAllocator(options.config.stateFile);
    this.fills = new FillAssembler((orderId, ref) => this.book.get(orderId)?.venueClientOrderId ?? (ref === '' ? undefined : (ref as never)), () => options.clock.now());
    this.session = new IbSession(options.config, options.logger, options.clock, {
      book: this.book, ids: this.ids,
      connection: (state, reason) => this.connectionChanged(state, reason),
      resync: (reason) => this.resync(reason),
      report: (record) => this.reports.emit({ kind: 'order', report: reportOf(record, options.clock.now()) }),
    });
    this.accountUpdates = new IbAccountUpdates(this.session.client, options.clock, {
      account: (report) => this.reports.emit({ kind: 'account', report }),
      position: (report) => this.reports.emit({ kind: 'position', report }),
    });
    this.data = new IbDataClient(this.session.client, options.clock, options.logger, (id) => this.contract(id));
    const client = this.session.client;
    client.on(IN.EXECUTION_DATA, (fields) => {
      const execution = decodeExecution(fields, client.serverVersion);
      if (execution.reqId !== -1) return; // answers to reqExecutions are read by their requester
      this.emitFill(this.fills.execution(execution));
    });
    client.on(IN.COMMISSION_REPORT, (fields) => this.emitFill(this.fills.commission(decodeCommissionReport(fields))));
  }

  async connect(): Promise<void> {
    await this.session.connect();
    if (this.accountIds.length === 0) this.accountIds = this.session.client.accounts.map((a) => AccountId.parse(a));
    await this.instruments();
    await this.resync('connect');
  }

  async disconnect(): Promise<void> {
    this.data.close();
    this.session.close();
    return Promise.resolve();
  }

  async instruments(): Promise<readonly Instrument[]> {
    if (this.instrumentsById.size === 0) {
      const ids = this.options.config.instruments.length > 0 ? this.options.config.instruments : DEFAULT_INSTRUMENTS;
      for (const id of ids) {
        const loaded = await loadInstrument(this.session.client, id as InstrumentId, this.options.clock.now());
        if (loaded !== undefined) this.instrumentsById.set(id, loaded);
        else this.options.logger.warn({ instrumentId: id }, 'ibkr: no contract details; instrument skipped');
      }
    }
    // Open or closed is read again at each call, from the contract's trading hours in its own time zone.
    const now = this.options.clock.now();
    return [...this.instrumentsById.values()].map((i) => ({ ...i.instrument, status: statusAt(i.details.tradingHours, i.details.timeZoneId, now) }));
  }

  async submit(order: VenueOrderSubmission): Promise<SubmitResult> {
    const { request, venueClientOrderId } = order;
    const known = this.book.ref(venueClientOrderId)?.orderId ?? this.executedRefs.get(venueClientOrderId);
    if (known !== undefined) return { status: 'rejected', code: 'VENUE_DUPLICATE_ORDER', reason: `orderRef ${venueClientOrderId} is order ${known}`, venueReason: 'duplicate orderRef' };
    const instrument = await this.contract(request.instrumentId);
    const refusal = placeRefusal(request, instrument);
    if (refusal !== undefined) return { status: 'rejected', code: 'VENUE_REJECTED', reason: `${refusal.field}: ${refusal.reason}`, venueReason: 'refused before sending' };
    for (let attempt = 0; ; attempt += 1) {
      const orderId = this.ids.allocate();
      const record = this.newRecord(orderId, request, venueClientOrderId);
      const answer = await this.session.placeAndWait(orderId, { ...placeFields(request, instrument, orderId), orderRef: venueClientOrderId });
      if (answer.kind === 'update') return { status: 'accepted', venueOrderId: reportOf(record, this.options.clock.now()).venueOrderId, report: reportOf(record, this.options.clock.now()) };
      // 103: the id was taken after all (another session, a restored TWS): take a fresh one from TWS once.
      if (answer.code === 103 && attempt === 0) {
        this.book.forget(orderId, venueClientOrderId);
        await this.session.refreshNextValidId();
        continue;
      }
      record.ibStatus = 'Inactive';
      record.lastError = `${answer.code} ${answer.message}`;
      return { status: 'rejected', code: answer.engineCode, reason: answer.message, venueReason: String(answer.code) };
    }
  }

  private newRecord(orderId: number, request: OrderRequest, venueClientOrderId: IbOrderRecord['venueClientOrderId']): IbOrderRecord {
    const record: IbOrderRecord = {
      orderId, permId: 0, accountId: request.accountId, instrumentId: request.instrumentId, venueClientOrderId, side: request.side, type: request.type,
      timeInForce: request.timeInForce, quantity: request.quantity, filled: Decimal.ZERO, averagePrice: undefined, price: request.price,
      triggerPrice: request.triggerPrice, expireAt: request.expireAt, ibStatus: '', lastError: undefined, generation: 0, updatedAt: this.options.clock.now(),
    };
    this.book.put(record);
    return record;
  }

  /**
   * Native lists through TWS's own links. OCO: an OCA group (ocaType 1, the rest canceled when one fills).
   * OTO and a bracket (OTOCO): the children name the parent (parentId) and every leg but the last goes with
   * transmit=false, so TWS holds the list until its last leg arrives and no leg works alone; a bracket's
   * exits share an OCA group too. A leg TWS refuses withdraws the legs already placed.
   */
  async submitList(list: VenueListSubmission): Promise<ListSubmitResult> {
    for (const leg of list.legs) {
      const known = this.book.ref(leg.venueClientOrderId)?.orderId ?? this.executedRefs.get(leg.venueClientOrderId);
      if (known !== undefined) return { status: 'rejected', code: 'VENUE_DUPLICATE_ORDER', reason: `orderRef ${leg.venueClientOrderId} is order ${known}`, venueReason: 'duplicate orderRef', field: `orders.${leg.index}.clientOrderId` };
    }
    const instrument = await this.contract(list.instrumentId);
    for (const leg of list.legs) {
      const refusal = placeRefusal(leg.request, instrument);
      if (refusal !== undefined) return { status: 'rejected', code: 'VENUE_REJECTED', reason: `${refusal.field}: ${refusal.reason}`, venueReason: 'refused before sending', field: `orders.${leg.index}.${refusal.field}` };
    }
    const ids = list.legs.map(() => this.ids.allocate());
    const legs: ListLegResult[] = [];
    for (const [i, leg] of list.legs.entries()) {
      const orderId = ids[i] as number;
      const record = this.newRecord(orderId, leg.request, leg.venueClientOrderId);
      const oca = list.kind === 'OCO' || (list.kind === 'OTOCO' && leg.role === 'pending');
      const answer = await this.session.placeAndWait(orderId, {
        ...placeFields(leg.request, instrument, orderId), orderRef: leg.venueClientOrderId,
        ocaGroup: oca ? list.listClientOrderId : '', ocaType: oca ? 1 : 0,
        parentId: leg.role === 'pending' ? (ids[0] as number) : 0, transmit: list.kind === 'OCO' || i === list.legs.length - 1,
      });
      if (answer.kind !== 'update') {
        record.ibStatus = 'Inactive';
        record.lastError = `${answer.code} ${answer.message}`;
        for (const placed of ids.slice(0, i)) await this.session.cancelAndWait(placed);
        return { status: 'rejected', code: answer.engineCode, reason: answer.message, venueReason: String(answer.code), field: `orders.${leg.index}` };
      }
      const report = reportOf(record, this.options.clock.now());
      legs.push({ venueClientOrderId: leg.venueClientOrderId, venueOrderId: report.venueOrderId, report });
    }
    return { status: 'accepted', legs };
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    const record = this.find(request);
    if (record === undefined) return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: 'no such order at IBKR', venueReason: '10147' };
    const status = statusOf(record);
    if (status === 'canceled' || status === 'filled' || status === 'rejected' || status === 'expired') {
      return { status: 'rejected', code: 'VENUE_REJECTED', reason: `order ${record.orderId} is ${status}`, venueReason: '161' };
    }
    const answer = await this.session.cancelAndWait(record.orderId);
    if (answer.kind === 'update' && statusOf(record) === 'canceled') return { status: 'canceled', report: reportOf(record, this.options.clock.now()) };
    if (answer.kind === 'update') return { status: 'rejected', code: 'VENUE_REJECTED', reason: `order ${record.orderId} is ${statusOf(record)}`, venueReason: record.ibStatus };
    return { status: 'rejected', code: answer.engineCode, reason: answer.message, venueReason: String(answer.code) };
  }

  async modify(request: ModifyRequest): Promise<ModifyResult> {
    const record = this.find(request);
    if (record === undefined) return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: 'no such order at IBKR', venueReason: '10147' };
    const instrument = await this.contract(record.instrumentId);
    // IB modifies in place: totalQuantity stays the order's whole size (fills included), not the rest to fill.
    const total = request.amendment.quantity ?? record.quantity;
    const fields = { ...placeFields(request.replacement, instrument, record.orderId), totalQuantity: total.toString(), orderRef: record.venueClientOrderId ?? '' };
    const answer: OrderAnswer = await this.session.placeAndWait(record.orderId, fields);
    if (answer.kind !== 'update') return { status: 'rejected', code: answer.engineCode, reason: answer.message, venueReason: String(answer.code) };
    return { status: 'modified', venueOrderId: reportOf(record, this.options.clock.now()).venueOrderId, report: reportOf(record, this.options.clock.now()) };
  }

  /** The kill switch's batch cancel: every open order of the account on the instrument, each with cancelOrder. */
  async cancelAllOrders(accountId: AccountId, instrumentId: InstrumentId): Promise<readonly OrderStatusReport[]> {
    const open = (await this.openOrders(accountId, instrumentId));
    const canceled: OrderStatusReport[] = [];
    for (const report of open) {
      const result = await this.cancel({ accountId, instrumentId, venueClientOrderId: report.venueClientOrderId ?? ('' as never), venueOrderId: report.venueOrderId });
      if (result.status === 'canceled' && result.report !== undefined) canceled.push(result.report);
    }
    return canceled;
  }

  /** reqGlobalCancel: every working order of every client and account; resolves when none is left open here. */
  async globalCancel(): Promise<void> {
    this.session.client.reqGlobalCancel();
    const deadline = Date.now() + this.options.config.requestTimeoutMs;
    while (this.book.all().some((r) => isWorking(r)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined> {
    const record = 'venueOrderId' in lookup ? this.book.get(Number(lookup.venueOrderId)) : this.book.ref(lookup.venueClientOrderId);
    return Promise.resolve(record === undefined || record.ibStatus === '' && record.permId === 0 ? undefined : reportOf(record, this.options.clock.now()));
  }

  async openOrders(accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]> {
    await this.session.refreshOpenOrders();
    return this.book.all().filter((r) => r.accountId === accountId && (instrumentId === undefined || r.instrumentId === instrumentId) && isWorking(r)).map((r) => reportOf(r, this.options.clock.now()));
  }

  async fillsSince(accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]> {
    const fills = await this.session.executionsSince(since, accountId);
    // TWS times executions to the second, so "since" is honoured at that precision.
    const from = Math.floor(since / 1000) * 1000;
    return fills.filter((f) => f.accountId === accountId && f.occurredAt >= from).sort((a, b) => a.occurredAt - b.occurredAt);
  }

  async positions(accountId: AccountId): Promise<readonly PositionStatusReport[]> {
    const client = this.session.client;
    const rows = await client.collect(encode.reqPositions(), IN.POSITION_DATA, IN.POSITION_END);
    client.send(encode.cancelPositions());
    const now = this.options.clock.now();
    return rows.map(decodePosition).flatMap((p) => {
      const instrumentId = instrumentIdOf(p.contract);
      if (p.account !== accountId || instrumentId === undefined || p.position.isZero()) return [];
      return [{ accountId, instrumentId, signedQuantity: p.position, ...(p.averageCost === undefined ? {} : { averagePrice: p.averageCost as never }), reportedAt: now }];
    });
  }

  async account(accountId: AccountId): Promise<AccountReport> {
    const client = this.session.client;
    const reqId = client.nextRequestId();
    const rows = (await client.collect(encode.reqAccountSummary(reqId, SUMMARY_TAGS), IN.ACCOUNT_SUMMARY, IN.ACCOUNT_SUMMARY_END, (f) => Number(f[2]) === reqId)).map(decodeAccountSummary);
    client.send(encode.cancelAccountSummary(reqId));
    return accountReportOf(accountId, rows.filter((r) => r.account === accountId), this.options.clock.now());
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

  private async contract(instrumentId: InstrumentId): Promise<IbInstrument> {
    const cached = this.instrumentsById.get(instrumentId);
    if (cached !== undefined) return cached;
    const loaded = await loadInstrument(this.session.client, instrumentId, this.options.clock.now());
    if (loaded === undefined) throw new TmtError('VENUE_REJECTED', `IBKR has no contract for ${instrumentId}`, { field: 'instrumentId' });
    this.instrumentsById.set(instrumentId, loaded);
    return loaded;
  }

  private find(request: CancelRequest): IbOrderRecord | undefined {
    return (request.venueOrderId === undefined ? undefined : this.book.get(Number(request.venueOrderId))) ?? this.book.ref(request.venueClientOrderId);
  }

  private emitFill(fill: FillReport | undefined): void {
    if (fill === undefined) return;
    const orderId = Number(fill.venueOrderId);
    // A filled order is not among the open orders after a restart; its orderRef still must not be reused.
    if (fill.venueClientOrderId !== undefined) this.executedRefs.set(fill.venueClientOrderId, orderId);
    this.executed.set(orderId, (this.executed.get(orderId) ?? Decimal.ZERO).add(fill.quantity));
    this.reports.emit({ kind: 'fill', report: fill });
    this.refreshAccount(fill.accountId);
  }

  /**
   * After a fill, the account as TWS now reports it (cash after commission, margin), coalesced per account:
   * IB's cash moves by commissions and fees the engine does not compute itself.
   */
  private refreshAccount(accountId: AccountId): void {
    if (this.accountRefreshes.has(accountId)) return;
    this.accountRefreshes.add(accountId);
    setTimeout(() => {
      this.accountRefreshes.delete(accountId);
      if (!this.session.client.connected) return;
      this.account(accountId).then(
        (report) => this.reports.emit({ kind: 'account', report }),
        (error: unknown) => this.options.logger.warn({ err: String(error) }, 'ibkr: account refresh after a fill failed'),
      );
    }, 20);
  }

  private connectionChanged(state: VenueConnectionState, reason: string): void {
    this.connections.emit({ type: 'VenueConnectionChanged', venue: 'IBKR', state, reason, occurredAt: this.options.clock.now() });
  }

  /** After connect, 1101 or a reconnect: open orders again, and the executions since the last one seen. */
  private async resync(reason: string): Promise<void> {
    // TWS forgets the account subscription with the connection: take it again for the first account.
    const first = this.accountIds[0];
    if (first !== undefined) this.accountUpdates.subscribe(first);
    await this.session.refreshOpenOrders();
    const since = this.fills.lastExecutionAt ?? 0;
    const missed = await this.session.executionsSince(since, undefined);
    for (const fill of missed) {
      if (this.fills.has(fill.tradeId)) continue;
      this.fills.markSeen(fill);
      this.emitFill(fill);
    }
    // An order cancelled or rejected while nobody listened shows only in the completed orders.
    if (reason !== 'connect') {
      for (const record of applyCompletedOrders(this.book, await this.session.completedOrders(), this.options.clock.now())) {
        this.reports.emit({ kind: 'order', report: reportOf(record, this.options.clock.now()) });
      }
    }
    // An order whose status updates were lost (1101) but whose executions cover it is filled: say so.
    for (const record of this.book.all()) {
      const executed = this.executed.get(record.orderId);
      if (executed === undefined || !isWorking(record) || executed.lt(record.quantity)) continue;
      record.ibStatus = 'Filled';
      record.filled = executed;
      record.updatedAt = this.options.clock.now();
      this.reports.emit({ kind: 'order', report: reportOf(record, this.options.clock.now()) });
    }
    if (reason !== 'connect') for (const accountId of this.accountIds) this.reports.emit({ kind: 'gap', accountId, reason });
  }
}


