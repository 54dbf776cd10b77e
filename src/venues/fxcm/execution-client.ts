import type { Clock, Timestamp } from '../../core/clock';
import { TmtError } from '../../core/errors';
import type { MarketDataEvent, VenueConnectionChanged } from '../../core/events';
import { AccountId, CLIENT_ID_RULES, VenueOrderId, type InstrumentId } from '../../core/identifiers';
import type { FxPair, Instrument } from '../../core/instruments';
import { Decimal } from '../../core/money/decimal';
import { Money } from '../../core/money/money';
import { Quantity } from '../../core/money/quantity';
import type {
  CancelRequest, CancelResult, ModifyRequest, ModifyResult, OrderLookup, SubmitResult, Unsubscribe, VenueCapabilities, VenueClient, VenueOrderSubmission,
} from '../../core/ports/venue';
import type { ListSubmitResult, VenueListSubmission } from '../../core/ports/venue-lists';
import type { AccountReport, FillReport, OrderStatusReport, PositionStatusReport, VenueReport } from '../../core/reports';
import { Listeners } from '../../shared/listeners';
import type { Logger } from '../../shared/logger';
import { FixDecoder, fieldOf, type FixMessage } from '../fix/codec';
import { Tag } from '../fix/tags';
import type { FxcmConfig } from './config';
import type { FxcmConnection } from './connection';
import type { FxcmDataClient } from './data-client';
import { CXL_REJ_CODE, codeOfText, ORD_REJ_CODE, SIDE_TO_WIRE, TIME_IN_FORCE_BY_TYPE } from './enums';
import * as msg from './messages';
import { parseCollateralReport, parsePositionReport } from './parse/account';
import { parseExecutionReport, type ExecutionReportWire } from './parse/execution-report';
import { fillReportOf, orderReportOf } from './parse/reports';
import { parseSecurityList, systemParameters } from './parse/security-list';
import { MemoryFxcmFillLog, type FxcmFillLog } from './fill-log';
import { FXCM_LIST_KIND, listResult } from './order-lists';
import { FXCM_PROFILES } from './profiles';
import { instrumentIdOfSymbol, symbolOf } from './symbols';

export const FXCM_CAPABILITIES: VenueCapabilities = {
  orderTypes: ['market', 'limit', 'stop-market'],
  timeInForce: TIME_IN_FORCE_BY_TYPE,
  postOnly: false,
  reduceOnly: false,
  iceberg: false,
  modify: 'cancel-replace',
  attachedOrders: false,
  orderLists: ['OCO', 'OTO'],
  // NewOrderList (E) through submitList: OCO, OTO, and ELS for a bracket (an entry, then a stop and a limit as OCO).
  nativeLists: ['OCO', 'OTO', 'OTOCO'],
  cancelAll: false,
  positions: true,
  hedging: false,
  quoteQuantityMarket: false,
  clientOrderId: CLIENT_ID_RULES.permissive,
};

interface KnownOrder {
  readonly orderId: string;
  /** The client id the engine knows the order by (the replacement's after a replace). */
  clientId: string;
  readonly accountId: AccountId;
  readonly symbol: string;
  readonly side: '1' | '2';
  /** CumQty(14) last reported: FIX's OrderQty on a replace is the total, filled part included. */
  cumQty: Decimal;
}

/** The engine verbs over FXCM's FIX messages. One FIX session serves every account of the login. */
export class FxcmExecutionClient implements VenueClient {
  readonly venue = 'FXCM' as const;
  readonly capabilities: VenueCapabilities;
  readonly accountIds: readonly AccountId[];
  private readonly byOrderId = new Map<string, KnownOrder>();
  private readonly byClientId = new Map<string, KnownOrder>();
  private readonly reports = new Listeners<VenueReport>();
  private readonly connections = new Listeners<VenueConnectionChanged>();
  private instrumentList: FxPair[] = [];
  private currency = 'USD';
  private requestCounter = 0;
  /** ExecIDs of trades already reported (a resent report is not a second fill). */
  private readonly seenTrades = new Set<string>();
  private readonly fillLog: FxcmFillLog;

  constructor(private readonly config: FxcmConfig, private readonly connection: FxcmConnection, private readonly data: FxcmDataClient, private readonly deps: { clock: Clock; logger: Logger; fills?: FxcmFillLog }) {
    this.accountIds = config.accountIds.map((id) => AccountId.parse(id));
    this.fillLog = deps.fills ?? new MemoryFxcmFillLog();
    this.capabilities = { ...FXCM_CAPABILITIES, hedging: FXCM_PROFILES[config.profile].hedging };
    connection.onStream((message) => this.onStream(message));
    connection.onUp((reset) => {
      this.emitConnection('connected', 'logged on');
      // After a sequence reset nothing missed is resent; after a dropped line FXCM keeps no reports for an
      // absent session either. Either way the engine reconciles the accounts (cheap: a few FIX requests).
      const reason = reset ? 'FIX session started with a sequence reset' : 'FIX session logged on again';
      for (const accountId of this.accountIds) this.reports.emit({ kind: 'gap', accountId, reason });
    });
    connection.onDown((reason) => this.emitConnection('disconnected', reason));
  }

  private emitConnection(state: VenueConnectionChanged['state'], reason: string): void {
    for (const accountId of this.accountIds) this.connections.emit({ type: 'VenueConnectionChanged', venue: 'FXCM', accountId, state, reason, occurredAt: this.deps.clock.now() });
  }

  private nextId(prefix: string): string {
    this.requestCounter += 1;
    return `${prefix}${this.deps.clock.now().toString(36)}${this.requestCounter}`;
  }

  /** Idempotent: a client already logged on (the harness connected it, the engine connects again) stays as it is. */
  async connect(): Promise<void> {
    if (this.connection.session.state === 'logged-on') return;
    await this.connection.open();
    await this.loadInstruments();
    const reqId = this.nextId('C');
    const reports = await this.connection.requestAll('BB', msg.collateralInquiry(reqId), (m) => m.msgType === 'BA' && fieldOf(m, Tag.CollInquiryID) === reqId, (m) => fieldOf(m, Tag.LastRptRequested) !== 'N');
    const offered = new Set(reports.map((m) => fieldOf(m, Tag.Account)));
    const missing = this.accountIds.filter((id) => !offered.has(id));
    if (missing.length > 0) throw new TmtError('VENUE_AUTHENTICATION', `the FXCM login has no CollateralReport for account(s) ${missing.join(', ')}`, { field: 'accountIds' });
  }

  async disconnect(): Promise<void> {
    await this.connection.close();
  }

  private async loadInstruments(): Promise<void> {
    const reqId = this.nextId('T');
    const status = await this.connection.request('g', msg.tradingSessionStatusRequest(reqId), (m) => m.msgType === 'h' && fieldOf(m, Tag.TradSesReqID) === reqId);
    const parsed = parseSecurityList(status, Decimal.parse(FXCM_PROFILES[this.config.profile].marginRate));
    for (const problem of parsed.problems) this.deps.logger.warn({ problem }, 'FXCM security list');
    this.instrumentList = parsed.instruments;
    this.currency = systemParameters(status).get('BASE_CRNCY') ?? 'USD';
  }

  async instruments(): Promise<readonly Instrument[]> {
    if (this.instrumentList.length === 0) await this.loadInstruments();
    return this.instrumentList;
  }

  private remember(orderId: string, clientId: string, accountId: AccountId, symbol: string, side: '1' | '2'): KnownOrder {
    const known = this.byOrderId.get(orderId) ?? { orderId, clientId, accountId, symbol, side, cumQty: Decimal.ZERO };
    this.byOrderId.set(orderId, known);
    this.byClientId.set(clientId, known);
    return known;
  }

  private rejection(er: ExecutionReportWire): { status: 'rejected'; code: string; reason: string; venueReason: string } {
    const code = codeOfText(er.text) ?? ORD_REJ_CODE[er.ordRejReason ?? '99'] ?? 'VENUE_REJECTED';
    return { status: 'rejected', code, reason: er.text ?? 'rejected by FXCM', venueReason: `${er.ordRejReason ?? ''}:${er.text ?? ''}` };
  }

  async submit({ request, venueClientOrderId }: VenueOrderSubmission): Promise<SubmitResult> {
    const account = request.accountId;
    const answer = await this.connection.request('D', msg.newOrderSingle(account, venueClientOrderId, request, this.deps.clock), (m) => m.msgType === '8' && fieldOf(m, Tag.ClOrdID) === venueClientOrderId && fieldOf(m, Tag.ExecType) !== 'I');
    const parsed = parseExecutionReport(answer);
    if (!parsed.ok) throw new TmtError('VENUE_PROTOCOL', `FXCM ExecutionReport unreadable: ${parsed.problem}`);
    const er = parsed.value;
    if (er.status === 'rejected' && er.orderId === 'NONE') return this.rejection(er);
    const known = this.byClientId.get(venueClientOrderId);
    if (known !== undefined && known.orderId !== er.orderId) return { status: 'rejected', code: 'VENUE_DUPLICATE_ORDER', reason: 'client id already used', venueReason: 'duplicate' };
    this.remember(er.orderId, venueClientOrderId, account, er.symbol, SIDE_TO_WIRE[request.side]);
    return { status: 'accepted', venueOrderId: VenueOrderId.of(er.orderId), report: orderReportOf(er, account, venueClientOrderId, this.deps.clock.now()) };
  }

  /** The venue port's list verb: the engine's native kinds as NewOrderList (order-lists.ts). */
  async submitList(list: VenueListSubmission): Promise<ListSubmitResult> {
    return listResult(list, await this.newOrderList(FXCM_LIST_KIND[list.kind], list.legs));
  }

  /**
   * FXCM's contingent lists (NewOrderList, E): OCO, OTO (the first order's fill places the rest) and ELS (an
   * entry whose fill places a stop and a limit as an OCO). One result per leg, in order, each from the leg's
   * first ExecutionReport: a child held for its parent answers PendingNew (39=A) under its own OrderID.
   */
  async newOrderList(contingency: 'OCO' | 'OTO' | 'ELS', legs: readonly VenueOrderSubmission[]): Promise<SubmitResult[]> {
    const first = legs[0];
    if (first === undefined) throw new TmtError('VENUE_UNSUPPORTED', 'an order list needs at least one order', { field: 'legs' });
    const ids = legs.map((l) => l.venueClientOrderId as string);
    const answered = new Map<string, FixMessage>();
    const immediate = ids;
    await this.connection.request('E', msg.newOrderList(this.nextId('L'), contingency, legs.map((l) => ({ account: l.request.accountId, clOrdId: l.venueClientOrderId, order: l.request })), this.deps.clock), (m) => {
      const clOrdId = fieldOf(m, Tag.ClOrdID) ?? '';
      if (m.msgType !== '8' || !ids.includes(clOrdId) || fieldOf(m, Tag.ExecType) === 'I') return false;
      if (!answered.has(clOrdId)) answered.set(clOrdId, m);
      return immediate.every((id) => answered.has(id));
    });
    return legs.map((leg): SubmitResult => {
      const answer = answered.get(leg.venueClientOrderId);
      if (answer === undefined) return { status: 'rejected', code: 'VENUE_PROTOCOL', reason: 'no ExecutionReport for the leg', venueReason: '' };
      const parsed = parseExecutionReport(answer);
      if (!parsed.ok) return { status: 'rejected', code: 'VENUE_PROTOCOL', reason: parsed.problem, venueReason: '' };
      if (parsed.value.orderId === 'NONE') return this.rejection(parsed.value);
      this.remember(parsed.value.orderId, leg.venueClientOrderId, leg.request.accountId, parsed.value.symbol, SIDE_TO_WIRE[leg.request.side]);
      return { status: 'accepted', venueOrderId: VenueOrderId.of(parsed.value.orderId), report: orderReportOf(parsed.value, leg.request.accountId, leg.venueClientOrderId, this.deps.clock.now()) };
    });
  }

  private knownFor(request: CancelRequest): KnownOrder | undefined {
    return (request.venueOrderId === undefined ? undefined : this.byOrderId.get(request.venueOrderId)) ?? this.byClientId.get(request.venueClientOrderId);
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    const known = this.knownFor(request);
    const clOrdId = this.nextId('X');
    const answer = await this.connection.request('F', msg.orderCancelRequest({
      account: request.accountId, clOrdId, origClOrdId: request.venueClientOrderId, ...(known === undefined ? {} : { orderId: known.orderId }),
      symbol: known?.symbol ?? symbolOf(request.instrumentId), side: known?.side ?? '1', clock: this.deps.clock,
    }), (m) => (m.msgType === '9' || m.msgType === '8') && fieldOf(m, Tag.ClOrdID) === clOrdId);
    if (answer.msgType === '9') {
      const reason = fieldOf(answer, Tag.CxlRejReason) ?? '99';
      return { status: 'rejected', code: CXL_REJ_CODE[reason] ?? 'VENUE_REJECTED', reason: fieldOf(answer, Tag.Text) ?? 'cancel rejected', venueReason: `${reason}:${fieldOf(answer, Tag.Text) ?? ''}` };
    }
    const parsed = parseExecutionReport(answer);
    if (!parsed.ok) throw new TmtError('VENUE_PROTOCOL', `FXCM ExecutionReport unreadable: ${parsed.problem}`);
    const clientId = this.byOrderId.get(parsed.value.orderId)?.clientId ?? request.venueClientOrderId;
    return { status: 'canceled', report: orderReportOf(parsed.value, request.accountId, clientId, this.deps.clock.now()) };
  }

  async modify(request: ModifyRequest): Promise<ModifyResult> {
    const known = this.knownFor(request);
    const clOrdId = request.replacementVenueClientOrderId;
    // The engine's replacement carries what is still to fill; FIX's OrderQty(38) is the total, filled part included.
    const filled = known?.cumQty ?? Decimal.ZERO;
    const order = { ...request.replacement, quantity: Quantity.of(request.replacement.quantity.add(filled)) };
    const answer = await this.connection.request('G', msg.orderCancelReplaceRequest({
      account: request.accountId, clOrdId, origClOrdId: known?.clientId ?? request.venueClientOrderId, ...(known === undefined ? {} : { orderId: known.orderId }), order, clock: this.deps.clock,
    }), (m) => (m.msgType === '9' || m.msgType === '8') && fieldOf(m, Tag.ClOrdID) === clOrdId);
    if (answer.msgType === '9') {
      const reason = fieldOf(answer, Tag.CxlRejReason) ?? '99';
      return { status: 'rejected', code: CXL_REJ_CODE[reason] ?? 'VENUE_REJECTED', reason: fieldOf(answer, Tag.Text) ?? 'replace rejected', venueReason: `${reason}:${fieldOf(answer, Tag.Text) ?? ''}` };
    }
    const parsed = parseExecutionReport(answer);
    if (!parsed.ok) throw new TmtError('VENUE_PROTOCOL', `FXCM ExecutionReport unreadable: ${parsed.problem}`);
    const replaced = this.byOrderId.get(parsed.value.orderId);
    if (replaced !== undefined) {
      replaced.clientId = clOrdId;
      this.byClientId.set(clOrdId, replaced);
    }
    return { status: 'modified', venueOrderId: VenueOrderId.of(parsed.value.orderId), report: orderReportOf(parsed.value, request.accountId, clOrdId, this.deps.clock.now()) };
  }

  async orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined> {
    const reqId = this.nextId('S');
    const clientId = 'venueClientOrderId' in lookup ? lookup.venueClientOrderId : undefined;
    const orderId = 'venueOrderId' in lookup ? lookup.venueOrderId : this.byClientId.get(clientId ?? '')?.orderId;
    const answer = await this.connection.request('H', msg.orderStatusRequest({ account: lookup.accountId, reqId, ...(clientId === undefined ? {} : { clOrdId: clientId }), ...(orderId === undefined ? {} : { orderId }) }), (m) => m.msgType === '8' && fieldOf(m, 790) === reqId);
    const parsed = parseExecutionReport(answer);
    if (!parsed.ok) throw new TmtError('VENUE_PROTOCOL', `FXCM ExecutionReport unreadable: ${parsed.problem}`);
    if (parsed.value.orderId === 'NONE') return undefined;
    const known = this.byOrderId.get(parsed.value.orderId) ?? this.remember(parsed.value.orderId, clientId ?? parsed.value.clOrdId, lookup.accountId, parsed.value.symbol, SIDE_TO_WIRE[parsed.value.side]);
    return orderReportOf(parsed.value, lookup.accountId, known.clientId, this.deps.clock.now());
  }

  async openOrders(accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]> {
    const reqId = this.nextId('M');
    const answers = await this.connection.requestAll('AF', msg.orderMassStatusRequest(accountId, reqId), (m) => m.msgType === '8' && fieldOf(m, Tag.MassStatusReqID) === reqId, (m) => fieldOf(m, Tag.LastRptRequested) !== 'N');
    const out: OrderStatusReport[] = [];
    for (const answer of answers) {
      const parsed = parseExecutionReport(answer);
      if (!parsed.ok || parsed.value.orderId === 'NONE') continue;
      const er = parsed.value;
      const known = this.byOrderId.get(er.orderId) ?? this.remember(er.orderId, er.clOrdId, accountId, er.symbol, SIDE_TO_WIRE[er.side]);
      const report = orderReportOf(er, accountId, known.clientId, this.deps.clock.now());
      if (instrumentId === undefined || report.instrumentId === instrumentId) out.push(report);
    }
    return out;
  }

  /** FXCM's FIX offers no fill history by time: the fills every session of this adapter received (fill-log.ts), oldest first. */
  async fillsSince(accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]> {
    const now = this.deps.clock.now();
    return this.fillLog.since(accountId, since).flatMap((logged) => {
      const message = new FixDecoder().push(logged.raw).messages[0];
      const parsed = message === undefined ? undefined : parseExecutionReport(message);
      if (parsed === undefined || !parsed.ok) {
        this.deps.logger.warn({ tradeId: logged.tradeId }, 'FXCM fill log: a stored ExecutionReport is unreadable');
        return [];
      }
      return [fillReportOf(parsed.value, accountId, logged.clientId, this.currency, now)];
    });
  }

  async positions(accountId: AccountId): Promise<readonly PositionStatusReport[]> {
    const reqId = this.nextId('P');
    const answers = await this.connection.requestAll('AN', msg.requestForPositions(accountId, reqId, this.deps.clock), (m) => (m.msgType === 'AO' || m.msgType === 'AP') && fieldOf(m, Tag.PosReqID) === reqId,
      (m) => (m.msgType === 'AO' && fieldOf(m, Tag.PosReqResult) !== '0') || (m.msgType === 'AP' && fieldOf(m, Tag.LastRptRequested) !== 'N'));
    const now = this.deps.clock.now();
    const net = new Map<string, Decimal>();
    for (const answer of answers) {
      const position = answer.msgType === 'AP' ? parsePositionReport(answer) : undefined;
      if (position !== undefined) net.set(position.symbol, (net.get(position.symbol) ?? Decimal.ZERO).add(position.signedQuantity));
    }
    return [...net].filter(([, q]) => !q.isZero()).map(([symbol, signedQuantity]) => ({ accountId, instrumentId: instrumentIdOfSymbol(symbol), signedQuantity, reportedAt: now }));
  }

  async account(accountId: AccountId): Promise<AccountReport> {
    const reqId = this.nextId('C');
    const answers = await this.connection.requestAll('BB', msg.collateralInquiry(reqId), (m) => m.msgType === 'BA' && fieldOf(m, Tag.CollInquiryID) === reqId, (m) => fieldOf(m, Tag.LastRptRequested) !== 'N');
    const report = answers.map(parseCollateralReport).find((r) => r?.account === accountId);
    if (report === undefined) throw new TmtError('VENUE_UNKNOWN_ORDER', `no CollateralReport for account ${accountId}`, { field: 'accountId' });
    const balance = Money.of(report.balance, this.currency);
    return {
      accountId, baseCurrency: this.currency, // Margin held by open positions (FXCMUsedMargin 9038) is the locked part of the balance.
      balances: [{ currency: this.currency, total: report.balance, free: report.balance.sub(report.usedMargin ?? Decimal.ZERO), locked: report.usedMargin ?? Decimal.ZERO }],
      ...(report.usedMargin === undefined ? {} : { marginUsed: Money.of(report.usedMargin, this.currency) }),
      hedgingEnabled: report.positionMaintenance === 'Y', reportedAt: this.deps.clock.now(), equity: balance,
    };
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

  /** Unsolicited ExecutionReports (and answers, which are also order news) become reports on the stream. */
  private onStream(message: FixMessage): void {
    if (message.msgType !== '8') return;
    const parsed = parseExecutionReport(message);
    if (!parsed.ok) {
      this.reports.emit({ kind: 'unrecognized', description: parsed.problem, raw: message.raw.replaceAll('\x01', '|') });
      return;
    }
    const er = parsed.value;
    // Status answers repeat what is known; a refused request (order NONE) is answered to its caller only.
    if (er.execKind === 'order-status' || er.orderId === 'NONE') return;
    const accountId = this.accountIds.find((id) => id === er.account);
    if (accountId === undefined) return;
    const known = this.byOrderId.get(er.orderId) ?? this.remember(er.orderId, this.byClientId.get(er.origClOrdId ?? '')?.clientId ?? er.clOrdId, accountId, er.symbol, SIDE_TO_WIRE[er.side]);
    if (er.cumQty.gt(known.cumQty)) known.cumQty = er.cumQty;
    const now = this.deps.clock.now();
    if (er.execKind === 'trade' && er.lastQty.isPositive()) {
      const fill = fillReportOf(er, accountId, known.clientId, this.currency, now);
      if (!this.seenTrades.has(fill.tradeId)) {
        this.seenTrades.add(fill.tradeId);
        this.fillLog.add({ account: accountId, tradeId: fill.tradeId, clientId: known.clientId, occurredAt: fill.occurredAt, raw: message.raw });
        this.reports.emit({ kind: 'fill', report: fill });
      }
    }
    this.reports.emit({ kind: 'order', report: orderReportOf(er, accountId, known.clientId, now) });
  }
}

