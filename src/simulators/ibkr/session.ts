import type { Socket } from 'node:net';
import type { MarketDataEvent } from '../../core/events';
import { Decimal } from '../../core/money/decimal';
import type { Logger } from '../../shared/logger';
import type { IbAccountView } from './account';
import type { IbExchange } from './exchange';
import { completedOrder, completedOrdersEnd, isCompleted } from './completed-orders';
import { IB_CONTRACTS, engineInstrumentId, resolveContract, type IbContractSpec, type IbHoursMode } from './instruments';
import * as msg from './messages';
import { readPlaceOrder } from './place-order';
import { FieldReader, RequestReadError, readContractDetailsRequest, readMarketDataRequest, readTickByTickRequest } from './requests';
import { OUT, SIM_MAX_SERVER_VERSION, SIM_MIN_SERVER_VERSION } from './versions';
import { FrameReader, FramingError, frame, parseTwsTime, twsTime, type Field } from './wire-format';

/** What a session needs from its server. */
export interface SessionHost {
  readonly exchange: IbExchange;
  readonly account: IbAccountView;
  readonly accounts: readonly string[];
  readonly logger: Logger;
  /** How contract details describe trading hours. */
  readonly hoursMode: IbHoursMode;
  now(): number;
  /** Claims a client id; false when another live session holds it. */
  claimClientId(session: IbSession, clientId: number): boolean;
  /** Records one message's arrival (wall time) and says whether it broke the 50 messages/s pacing. */
  arrived(session: IbSession, msgId: number, at: number): boolean;
  /** Executions to replay at a reconnect (fault injection). */
  replayFor(clientId: number): readonly Field[][];
}

type Side = { readonly price: Decimal; readonly quantity?: Decimal | undefined };

interface Subscription {
  readonly reqId: number;
  readonly spec: IbContractSpec;
  readonly kind: 'mkt' | 'BidAsk' | 'Last' | 'AllLast' | 'MidPoint';
}

/** One API client connection: the handshake, START_API, and requests dispatched in arrival order. */
export class IbSession {
  private readonly reader = new FrameReader();
  serverVersion = 0;
  clientId: number | undefined;
  private readonly subscriptions = new Map<number, Subscription>();
  positionsSubscribed = false;
  /** The account of this client's reqAccountUpdates subscription (TWS keeps one per client). */
  accountSubscribed: string | undefined;
  /** While IB's side of the connection is "lost" (1100), updates are held (kept for 1102, dropped for 1101). */
  held: Field[][] | undefined;

  constructor(readonly socket: Socket, private readonly host: SessionHost) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  send(fields: Field[], urgent = false): void {
    if (this.held !== undefined && !urgent) {
      this.held.push(fields);
      return;
    }
    if (!this.socket.destroyed) this.socket.write(frame(fields));
  }

  private onData(chunk: Buffer): void {
    // Arrival is when the bytes reach the simulator, not when their turn to be processed comes.
    const at = Date.now();
    try {
      for (const incoming of this.reader.push(chunk)) {
        if (incoming.kind === 'handshake') this.onHandshake(incoming.versions);
        else this.onMessage(incoming.fields, at);
      }
    } catch (error) {
      if (!(error instanceof FramingError)) throw error;
      this.host.logger.warn({ err: error.message }, 'ibkr sim: framing error, closing');
      this.socket.destroy();
    }
  }

  /** `v<min>..<max>` (optionally followed by connect options): the highest version both sides speak. */
  private onHandshake(versions: string): void {
    const match = /^v(\d+)(?:\.\.(\d+))?/.exec(versions);
    const low = Number(match?.[1] ?? NaN);
    const high = Number(match?.[2] ?? match?.[1] ?? NaN);
    const version = Math.min(high, SIM_MAX_SERVER_VERSION);
    if (!Number.isFinite(version) || version < Math.max(low, SIM_MIN_SERVER_VERSION)) {
      // TWS drops a client whose range it cannot meet; the client's decoder reports the version it saw.
      this.socket.end(frame([SIM_MAX_SERVER_VERSION, twsTime(this.host.now())]));
      return;
    }
    this.serverVersion = version;
    this.socket.write(frame([version, twsTime(this.host.now())]));
  }

  private onMessage(fields: string[], at: number): void {
    const msgId = Number(fields[0]);
    if (this.host.arrived(this, msgId, at)) {
      this.send(msg.errorMessage(-1, 100, 'Max rate of messages per second has been exceeded:max=50'), true);
    }
    try {
      this.dispatch(msgId, fields);
    } catch (error) {
      if (!(error instanceof RequestReadError)) throw error;
      const id = Number(fields[1] ?? -1);
      this.send(msg.errorMessage(Number.isFinite(id) ? id : -1, 320, error.message), true);
    }
  }

  private dispatch(msgId: number, fields: string[]): void {
    if (this.clientId === undefined && msgId !== OUT.START_API) return; // TWS ignores requests before START_API
    const r = new FieldReader(fields);
    r.int('msgId');
    const exchange = this.host.exchange;
    const clientId = this.clientId ?? 0;
    switch (msgId) {
      case OUT.START_API:
        return this.onStartApi(r);
      case OUT.REQ_IDS:
        return this.send(msg.nextValidId(exchange.nextValidId(clientId)));
      case OUT.PLACE_ORDER:
        return exchange.placeOrder(clientId, readPlaceOrder(fields, this.serverVersion));
      case OUT.CANCEL_ORDER:
        r.int('version');
        return exchange.cancelOrder(clientId, r.int('orderId'));
      case OUT.REQ_GLOBAL_CANCEL:
        return exchange.globalCancel();
      case OUT.REQ_OPEN_ORDERS:
      case OUT.REQ_ALL_OPEN_ORDERS:
        for (const order of exchange.openOrders(msgId === OUT.REQ_OPEN_ORDERS ? clientId : undefined)) {
          this.send(msg.openOrder(order, exchange.spec(order), this.serverVersion));
          this.send(msg.orderStatus(order));
        }
        return this.send(msg.openOrderEnd());
      case OUT.REQ_COMPLETED_ORDERS: {
        // apiOnly: orders placed through the API only (every simulator order is); all clients' orders either way.
        r.bool('apiOnly');
        for (const order of exchange.allOrders().filter(isCompleted)) {
          const parent = order.parentId > 0 ? exchange.allOrders().find((o) => o.clientId === order.clientId && o.orderId === order.parentId) : undefined;
          this.send(completedOrder(order, exchange.spec(order), this.serverVersion, parent?.permId ?? 0));
        }
        return this.send(completedOrdersEnd());
      }
      case OUT.REQ_AUTO_OPEN_ORDERS:
        if (clientId !== 0) this.send(msg.errorMessage(-1, 321, 'Error validating request.-\'bO\' : cause - Only API client with clientId 0 can auto bind TWS orders'));
        return;
      case OUT.REQ_EXECUTIONS:
        return this.onReqExecutions(r);
      case OUT.REQ_CONTRACT_DATA: {
        const request = readContractDetailsRequest(r);
        const spec = resolveContract(request.contract);
        if (spec === undefined) return this.send(msg.errorMessage(request.reqId, 200, 'No security definition has been found for the request'));
        this.send(msg.contractData(request.reqId, spec, this.host.now(), this.host.hoursMode));
        return this.send(msg.contractDataEnd(request.reqId));
      }
      case OUT.REQ_MKT_DATA: {
        const request = readMarketDataRequest(r);
        return this.subscribe(request.reqId, request.contract, 'mkt');
      }
      case OUT.REQ_TICK_BY_TICK_DATA: {
        const request = readTickByTickRequest(r);
        const kind = request.tickType;
        if (kind !== 'BidAsk' && kind !== 'Last' && kind !== 'AllLast' && kind !== 'MidPoint') {
          return this.send(msg.errorMessage(request.reqId, 10189, `Failed to request tick-by-tick data:Invalid tick type ${kind}`));
        }
        return this.subscribe(request.reqId, request.contract, kind);
      }
      case OUT.CANCEL_MKT_DATA:
        r.int('version');
        this.subscriptions.delete(r.int('reqId'));
        return;
      case OUT.CANCEL_TICK_BY_TICK_DATA:
        this.subscriptions.delete(r.int('reqId'));
        return;
      case OUT.REQ_POSITIONS:
        this.positionsSubscribed = true;
        for (const account of this.host.accounts) for (const p of this.host.account.positions(account)) this.send(msg.position(account, p.spec, p.quantity, p.averageCost));
        return this.send(msg.positionEnd());
      case OUT.CANCEL_POSITIONS:
        this.positionsSubscribed = false;
        return;
      case OUT.REQ_ACCOUNT_SUMMARY:
        return this.onAccountSummary(r);
      case OUT.CANCEL_ACCOUNT_SUMMARY:
        return;
      case OUT.REQ_ACCOUNT_DATA:
        return this.onAccountUpdates(r);
      case OUT.REQ_CURRENT_TIME:
        return this.send(msg.currentTime(this.host.now()));
      case OUT.REQ_MANAGED_ACCTS:
        return this.send(msg.managedAccounts(this.host.accounts));
      case OUT.REQ_MARKET_DATA_TYPE:
        return;
      default:
        return this.send(msg.errorMessage(-1, 320, `Error reading request. Unsupported message id ${fields[0] ?? ''}`));
    }
  }

  private onStartApi(r: FieldReader): void {
    r.int('version');
    const clientId = r.int('clientId');
    if (r.remaining > 0) r.str('optionalCapabilities');
    if (!this.host.claimClientId(this, clientId)) {
      this.send(msg.errorMessage(-1, 326, 'Unable to connect as the client id is already in use. Retry with a unique client id.'), true);
      this.socket.end();
      return;
    }
    this.clientId = clientId;
    this.send(msg.managedAccounts(this.host.accounts));
    this.send(msg.nextValidId(this.host.exchange.nextValidId(clientId)));
    this.send(msg.errorMessage(-1, 2104, 'Market data farm connection is OK:usfarm'));
    this.send(msg.errorMessage(-1, 2106, 'HMDS data farm connection is OK:ushmds'));
    this.send(msg.errorMessage(-1, 2158, 'Sec-def data farm connection is OK:secdefnj'));
    for (const replay of this.host.replayFor(clientId)) this.send(replay);
  }

  private onReqExecutions(r: FieldReader): void {
    r.int('version');
    const reqId = r.int('reqId');
    const clientFilter = r.int('filter.clientId');
    const account = r.str('filter.acctCode');
    const timeText = r.str('filter.time');
    const symbol = r.str('filter.symbol');
    const secType = r.str('filter.secType');
    r.str('filter.exchange');
    const side = r.str('filter.side');
    const since = timeText === '' ? undefined : parseTwsTime(timeText);
    if (timeText !== '' && since === undefined) throw new RequestReadError('filter.time', 'be yyyyMMdd-HH:mm:ss', timeText);
    const exchange = this.host.exchange;
    for (const execution of exchange.executions()) {
      const spec = exchange.spec({ conId: execution.conId } as Parameters<IbExchange['spec']>[0]);
      if (clientFilter !== 0 && execution.clientId !== clientFilter) continue;
      if (account !== '' && execution.account !== account) continue;
      if (since !== undefined && execution.time < since) continue;
      if (symbol !== '' && spec.symbol !== symbol) continue;
      if (secType !== '' && spec.secType !== secType) continue;
      if (side !== '' && !((side === 'BUY' && execution.side === 'BOT') || (side === 'SELL' && execution.side === 'SLD'))) continue;
      this.send(msg.execDetails(reqId, execution, spec, this.serverVersion));
      this.send(msg.commissionReport(execution));
    }
    this.send(msg.execDetailsEnd(reqId));
  }

  private onAccountSummary(r: FieldReader): void {
    r.int('version');
    const reqId = r.int('reqId');
    r.str('group');
    const tags = r.str('tags').split(',').map((t) => t.trim()).filter((t) => t !== '');
    for (const account of this.host.accounts) {
      for (const line of this.host.account.summary(account)) if (tags.includes(line.tag)) this.send(msg.accountSummary(reqId, account, line.tag, line.value, line.currency));
      if (tags.some((t) => t.startsWith('$LEDGER'))) for (const line of this.host.account.ledger(account)) this.send(msg.accountSummary(reqId, account, line.tag, line.value, line.currency));
    }
    this.send(msg.accountSummaryEnd(reqId));
  }

  private onAccountUpdates(r: FieldReader): void {
    r.int('version');
    const subscribe = r.bool('subscribe');
    const code = r.str('acctCode');
    if (!subscribe) {
      this.accountSubscribed = undefined;
      return;
    }
    const account = code === '' ? (this.host.accounts[0] ?? '') : code;
    if (!this.host.accounts.includes(account)) return this.send(msg.errorMessage(-1, 321, `Error validating request.-'bc' : cause - Account ${account} is not managed by this login`));
    this.accountSubscribed = account;
    this.sendAccountBatch(account);
    this.send(msg.accountDownloadEnd(account));
  }

  /**
   * One batch of the account stream: every account value, the portfolio (one contract after a fill, a closed
   * position as zero), then the update time, as TWS sends it while subscribed.
   */
  sendAccountBatch(account: string, conId?: number): void {
    for (const line of [...this.host.account.summary(account), ...this.host.account.ledger(account).filter((l) => l.tag === 'CashBalance')]) {
      this.send(msg.accountValue(line.tag, line.value, line.currency, account));
    }
    const held = this.host.account.positions(account).filter((p) => conId === undefined || p.spec.conId === conId);
    for (const p of held) this.send(msg.portfolioValue(p.spec, { ...p, marketValue: p.quantity.mul(p.marketPrice) }, account));
    const spec = conId === undefined || held.length > 0 ? undefined : IB_CONTRACTS.find((c) => c.conId === conId);
    if (spec !== undefined) {
      const zero = Decimal.ZERO;
      this.send(msg.portfolioValue(spec, { quantity: zero, marketPrice: zero, marketValue: zero, averageCost: zero, unrealized: zero, realized: zero }, account));
    }
    this.send(msg.accountUpdateTime(this.host.now()));
  }

  private subscribe(reqId: number, contract: Parameters<typeof resolveContract>[0], kind: Subscription['kind']): void {
    const spec = resolveContract(contract);
    if (spec === undefined) return this.send(msg.errorMessage(reqId, 200, 'No security definition has been found for the request'));
    this.subscriptions.set(reqId, { reqId, spec, kind });
    if (kind === 'mkt') {
      this.send(msg.marketDataType(reqId, 1));
      this.send(msg.tickReqParams(reqId, spec.minTick, spec.secType === 'CASH' ? '' : '9c0001'));
    }
    const book = this.host.exchange.engine.book(engineInstrumentId(spec));
    const levels = book?.levels(1);
    const bid = levels?.bids[0];
    const ask = levels?.asks[0];
    if (bid !== undefined && ask !== undefined) this.quote(this.subscriptions.get(reqId) as Subscription, bid, ask);
  }

  /** Market data from the engine's books, to the subscriptions on that contract. */
  onMarketData(event: MarketDataEvent): void {
    for (const sub of this.subscriptions.values()) {
      if (engineInstrumentId(sub.spec) !== event.instrumentId) continue;
      if (event.type === 'TradeTick') {
        if (sub.kind === 'mkt') this.send(msg.tickPrice(sub.reqId, 4, event.price, event.quantity));
        else if (sub.kind === 'Last' || sub.kind === 'AllLast') this.send(msg.tickByTickLast(sub.reqId, sub.kind === 'Last' ? 1 : 2, event.occurredAt, event.price, event.quantity, sub.spec.primaryExchange));
        continue;
      }
      const bid = event.type === 'QuoteTick' ? { price: event.bid, quantity: event.bidSize } : event.bids[0];
      const ask = event.type === 'QuoteTick' ? { price: event.ask, quantity: event.askSize } : event.asks[0];
      if (bid !== undefined && ask !== undefined) this.quote(sub, bid, ask);
    }
  }

  private quote(sub: Subscription, bid: Side, ask: Side): void {
    const bidSize = bid.quantity ?? Decimal.ZERO;
    const askSize = ask.quantity ?? Decimal.ZERO;
    const now = this.host.now();
    switch (sub.kind) {
      case 'mkt':
        this.send(msg.tickPrice(sub.reqId, 1, bid.price, bidSize));
        this.send(msg.tickPrice(sub.reqId, 2, ask.price, askSize));
        return;
      case 'BidAsk':
        return this.send(msg.tickByTickBidAsk(sub.reqId, now, bid.price, ask.price, bidSize, askSize));
      case 'MidPoint':
        return this.send(msg.tickByTickMidPoint(sub.reqId, now, bid.price.add(ask.price).div(Decimal.fromInteger(2), 10, 'half-even').normalize()));
      case 'Last':
      case 'AllLast':
        return;
    }
  }
}
