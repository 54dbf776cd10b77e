import { Decimal, decodeExact, type AccountId, type Clock, type Instrument, type InstrumentId, type MarketDataEvent, type Timestamp } from '../../core';
import type { MatchingEngine, MatchingSnapshot } from './api';
import { fundsRefusal, lockOf as lockOfOrder, lockedByOpenOrders } from './funds';
import { bookMarks, Ledger } from './ledger';
import { InstrumentMatcher, type MatcherHost } from './matcher';
import { createLiveOrder, pruneClosedOrders, toSimOrder, type LiveOrder } from './orders';
import { decodeSnapshot, encodeSnapshot } from './saved-state';
import { createRandom, type Random } from './random';
import { InstrumentScale } from './scale';
import { applyAmendment, cancelAllOrders, cancelOrder, closeoutOrders, createTicket, dayEndAfter, drawLatency, earliestExpiry, openOrdersOf, type PendingCommand } from './commands';
import { validateRequest } from './validation';
import type { CancelOutcome, CommandTicket, MarketDataListener, MatchingEngineConfig, MatchingEvent, MatchingEventListener } from './types';
import type { MatchingRejectCode, ModifyOutcome, PriceSource, SimAmendment, SimFill, SimOrder, SimOrderRef, SimOrderRequest, SubmitOutcome } from './types';

const DEFAULT_RETAINED_ORDERS = 10_000;
const DEFAULT_RETAINED_FILLS = 50_000;
type Outcome = SubmitOutcome | CancelOutcome | ModifyOutcome | readonly SimOrder[];
type EventBody = MatchingEvent extends infer E ? (E extends MatchingEvent ? Omit<E, 'sequence' | 'at'> : never) : never;

/** A new engine, or one resuming from a snapshot (as returned by `save()`, or the text of `saveEncoded()`). */
export function createMatchingEngine(config: MatchingEngineConfig, snapshot?: MatchingSnapshot | string): MatchingEngine {
  const engine = new Engine(config);
  if (snapshot !== undefined) engine.restore(snapshot);
  return engine;
}

class Engine implements MatchingEngine, MatcherHost {
  readonly clock: Clock;
  readonly ledger: Ledger;
  private readonly matchers = new Map<InstrumentId, InstrumentMatcher>();
  private orders = new Map<string, LiveOrder>();
  private byClient = new Map<string, string>();
  private fillLog: SimFill[] = [];
  private counters = { order: 0, trade: 0, sequence: 0, command: 0, priority: 0 };
  private pending: PendingCommand[] = [];
  private readonly resolvers = new Map<number, (outcome: Outcome) => void>();
  private readonly sources: PriceSource[] = [];
  private readonly listeners = new Set<MatchingEventListener>();
  private readonly marketListeners = new Set<MarketDataListener>();
  private readonly dirtyAccounts = new Set<AccountId>();
  private random: Random;
  private time: Timestamp;
  private lastArrival: Timestamp = 0;
  private nextDayEnd: Timestamp;
  private expiryCache: Timestamp | undefined | null = null;
  private collecting: SimFill[] | undefined;
  private stepping = false;
  private listenerFailure: { error: unknown } | undefined;

  constructor(private readonly config: MatchingEngineConfig) {
    this.clock = config.clock;
    this.time = config.clock.now();
    this.random = createRandom(config.seed);
    this.nextDayEnd = this.dayEndAfter(this.time);
    for (const simulated of config.instruments) {
      this.matchers.set(simulated.instrument.id, new InstrumentMatcher(simulated, new InstrumentScale(simulated.instrument), this));
    }
    this.ledger = new Ledger(config.accounts, bookMarks((id) => this.matchers.get(id)?.book, config.instruments.map((s) => s.instrument)));
  }

  // ---- MatcherHost -------------------------------------------------------------------------------------
  now = (): Timestamp => this.time;
  nextTradeId = (): string => String(++this.counters.trade);
  nextPriority = (): number => ++this.counters.priority;
  quoteSize(instrument: Instrument): Decimal {
    return this.config.quoteSizeWithoutDepth ?? instrument.maxQuantity ?? Decimal.fromInteger(1_000_000_000);
  }
  emitOrder(type: 'order-triggered' | 'order-canceled' | 'order-modified' | 'order-expired' | 'order-accepted', order: LiveOrder): void {
    // Only an order with an expiry moves the earliest one; rescanning on every event was 7% of a 500-order kill switch.
    if (order.expireAt !== undefined) this.expiryCache = null;
    this.emit({ type, order: this.view(order) });
  }
  emitFill(order: LiveOrder, fill: SimFill): void {
    if (order.expireAt !== undefined && order.status === 'filled') this.expiryCache = null;
    this.fillLog.push(fill);
    const keepFills = this.config.retention?.fills ?? DEFAULT_RETAINED_FILLS;
    // Trimmed in batches of a tenth so the cost of a splice is spread over many fills.
    if (this.fillLog.length > keepFills + Math.ceil(keepFills / 10)) this.fillLog.splice(0, this.fillLog.length - keepFills);
    this.collecting?.push(fill);
    this.emit({ type: 'order-filled', order: this.view(order), fill });
  }
  lockOf = (order: LiveOrder) => lockOfOrder(order, this.matcher(order.request.instrumentId));
  affordable(order: LiveOrder): boolean {
    if (this.ledger.config(order.request.accountId).type !== 'cash') return true;
    return fundsRefusal(order, this.matcher(order.request.instrumentId), this.ledger, this.matchers.values()) === undefined;
  }

  // ---- queries -----------------------------------------------------------------------------------------
  instruments(): readonly Instrument[] {
    return this.config.instruments.map((s) => s.instrument);
  }
  instrument = (instrumentId: InstrumentId): Instrument | undefined => this.matchers.get(instrumentId)?.simulated.instrument;
  book = (instrumentId: InstrumentId) => this.matchers.get(instrumentId)?.book;
  order(ref: SimOrderRef): SimOrder | undefined {
    const order = this.find(ref);
    return order === undefined ? undefined : this.view(order);
  }
  openOrders(accountId: AccountId, instrumentId?: InstrumentId): readonly SimOrder[] {
    return openOrdersOf(this.matchers.values(), accountId, instrumentId).map((o) => this.view(o));
  }
  fills(accountId: AccountId, since?: Timestamp): readonly SimFill[] {
    return this.fillLog.filter((f) => f.accountId === accountId && (since === undefined || f.occurredAt >= since));
  }
  positions = (accountId: AccountId) => this.ledger.positions(accountId);
  account(accountId: AccountId) {
    return this.ledger.state(accountId, lockedByOpenOrders(accountId, this.matchers.values()));
  }
  accountType = (accountId: AccountId) => this.ledger.config(accountId).type;
  onEvent = (listener: MatchingEventListener): (() => void) => (this.listeners.add(listener), () => this.listeners.delete(listener));
  onMarketData = (listener: MarketDataListener): (() => void) => (this.marketListeners.add(listener), () => this.marketListeners.delete(listener));

  // ---- time --------------------------------------------------------------------------------------------
  attachSource(source: PriceSource): void {
    this.sources.push(source);
  }

  advanceTo(time: Timestamp): void {
    this.within(() => this.step(time));
  }

  /** Runs engine work as one step: commands listeners send from inside it are sent at the step's time. */
  private within(work: () => void): void {
    const outer = this.stepping;
    this.stepping = true;
    try {
      work();
    } finally {
      this.stepping = outer;
    }
    // A listener that threw does not stop the step half way (that would corrupt the books): it throws here, after.
    const failure = outer ? undefined : this.listenerFailure;
    if (failure === undefined) return;
    this.listenerFailure = undefined;
    throw failure.error;
  }

  private step(time: Timestamp): void {
    for (;;) {
      let source: PriceSource | undefined;
      let marketAt = Infinity;
      for (const s of this.sources) {
        const at = s.peekTime();
        if (at !== undefined && at < marketAt) {
          marketAt = at;
          source = s;
        }
      }
      const commandAt = this.pending[0]?.arrivesAt ?? Infinity;
      const expiryAt = this.nextExpiry();
      const next = Math.min(marketAt, commandAt, expiryAt);
      if (next > time) break;
      this.time = Math.max(this.time, next);
      if (source !== undefined && marketAt === next) this.market(source.take() as MarketDataEvent);
      else if (commandAt === next) this.runCommand(this.pending.shift() as PendingCommand);
      else this.expire(next);
      this.flushAccounts();
    }
    this.time = Math.max(this.time, time);
  }

  processedUntil = (): Timestamp => this.time;

  applyMarketData(event: MarketDataEvent): void {
    this.advanceTo(event.occurredAt);
    this.within(() => {
      this.market(event);
      this.flushAccounts();
    });
  }

  private market(event: MarketDataEvent): void {
    const matcher = this.matchers.get(event.instrumentId);
    if (matcher === undefined) return;
    matcher.applyMarketData(event);
    for (const listener of this.marketListeners) this.safely(() => listener(event));
    this.checkCloseouts();
  }

  // ---- commands ----------------------------------------------------------------------------------------
  submit(request: SimOrderRequest): CommandTicket<SubmitOutcome> {
    return this.enqueue({ kind: 'submit', request });
  }
  cancel(ref: SimOrderRef): CommandTicket<CancelOutcome> {
    return this.enqueue({ kind: 'cancel', ref });
  }
  modify(ref: SimOrderRef, amendment: SimAmendment): CommandTicket<ModifyOutcome> {
    return this.enqueue({ kind: 'modify', ref, amendment });
  }
  cancelAll(accountId: AccountId, instrumentId?: InstrumentId): CommandTicket<readonly SimOrder[]> {
    return this.enqueue(instrumentId === undefined ? { kind: 'cancel-all', accountId } : { kind: 'cancel-all', accountId, instrumentId });
  }

  private enqueue<T extends Outcome>(body: DistributiveOmit<PendingCommand, 'id' | 'arrivesAt'>): CommandTicket<T> {
    const id = ++this.counters.command;
    // From inside a step (a listener placing an on-fill order) the command is sent at the step's time, so
    // it cannot pull the market past the event being handled.
    const sentAt = this.stepping ? this.time : Math.max(this.clock.now(), this.time);
    // Commands keep their send order (one connection): a later one never overtakes an earlier one.
    const arrivesAt = Math.max(sentAt + this.drawLatency(), this.lastArrival);
    this.lastArrival = arrivesAt;
    const ticket = createTicket<T>(id, arrivesAt, (settle) => this.resolvers.set(id, settle as (outcome: Outcome) => void));
    this.pending.push({ ...body, id, arrivesAt });
    this.advanceTo(sentAt);
    return ticket;
  }

  private runCommand(command: PendingCommand): void {
    let outcome: Outcome;
    switch (command.kind) {
      case 'submit':
        outcome = this.runSubmit(command.request);
        break;
      case 'cancel': {
        const order = this.find(command.ref);
        outcome = cancelOrder(order, order === undefined ? undefined : this.matcher(order.request.instrumentId), (o) => this.view(o));
        break;
      }
      case 'modify': {
        const order = this.find(command.ref);
        const [outer, fills] = [this.collecting, (this.collecting = [])];
        outcome = order === undefined ? { status: 'rejected', code: 'ORDER_NOT_FOUND', reason: 'no such order' } : applyAmendment(order, this.matcher(order.request.instrumentId), command.amendment, (o) => this.view(o), fills);
        this.collecting = outer;
        break;
      }
      case 'cancel-all':
        outcome = cancelAllOrders(this.matchers.values(), command.accountId, command.instrumentId, (o) => this.view(o));
        break;
    }
    const resolve = this.resolvers.get(command.id);
    this.resolvers.delete(command.id);
    resolve?.(outcome);
  }

  private runSubmit(request: SimOrderRequest): SubmitOutcome {
    const rejected = (code: MatchingRejectCode, reason: string): SubmitOutcome => {
      this.emit({ type: 'order-rejected', request, code, reason });
      return { status: 'rejected', code, reason };
    };
    const matcher = this.matchers.get(request.instrumentId);
    if (matcher === undefined) return rejected('UNKNOWN_INSTRUMENT', `no instrument ${request.instrumentId}`);
    if (!this.ledger.has(request.accountId)) return rejected('UNKNOWN_ACCOUNT', `no account ${request.accountId}`);
    if (this.byClient.has(clientKey(request.accountId, request.clientOrderId))) return rejected('DUPLICATE_CLIENT_ORDER_ID', `client order id ${request.clientOrderId} is already used`);
    const touch = request.side === 'buy' ? matcher.book.bestAsk() : matcher.book.bestBid();
    const invalid = validateRequest(request, matcher.simulated.instrument, matcher.scale, this.time, touch);
    if (invalid !== undefined) return rejected(invalid.code, invalid.reason);
    const dayEnd = () => dayEndAfter(this.time, this.config.tradingDay?.endMinuteUtc, matcher.simulated.instrument.kind);
    const expireAt = request.timeInForce === 'GTD' ? request.expireAt : request.timeInForce === 'DAY' ? dayEnd() : undefined;
    const order = createLiveOrder(request, matcher.scale, String(++this.counters.order), this.nextPriority(), this.time, expireAt);
    const refusal = matcher.refusal(order, this.config.immediateTrigger ?? 'trigger') ?? fundsRefusal(order, matcher, this.ledger, this.matchers.values());
    if (refusal !== undefined) {
      this.counters.order--;
      return typeof refusal === 'string' ? rejected(refusal, `refused on arrival: ${refusal}`) : rejected(refusal.code, refusal.reason);
    }
    this.orders.set(order.orderId, order);
    this.byClient.set(clientKey(request.accountId, request.clientOrderId), order.orderId);
    this.emitOrder('order-accepted', order);
    // A listener may submit from inside an event (an on-fill order): each command collects its own fills.
    const outer = this.collecting;
    const fills: SimFill[] = [];
    this.collecting = fills;
    matcher.arrive(order);
    this.collecting = outer;
    return { status: 'accepted', order: this.view(order), fills };
  }

  // ---- expiry, financing, closeout ---------------------------------------------------------------------
  private nextExpiry(): Timestamp {
    if (this.expiryCache === null) this.expiryCache = earliestExpiry(this.matchers.values());
    return Math.min(this.expiryCache ?? Infinity, this.nextDayEnd);
  }

  private expire(at: Timestamp): void {
    for (const matcher of this.matchers.values()) {
      for (const order of [...matcher.open]) if (order.expireAt !== undefined && order.expireAt <= at) matcher.close(order, 'expired', 'expired');
    }
    this.expiryCache = null;
    if (at >= this.nextDayEnd) {
      for (const accountId of this.ledger.accountIds()) {
        for (const { instrumentId, amount } of this.ledger.chargeFinancing(accountId)) {
          this.emit({ type: 'financing', accountId, instrumentId, amount });
          this.dirtyAccounts.add(accountId);
        }
      }
      this.nextDayEnd = this.dayEndAfter(at);
    }
  }

  private dayEndAfter = (time: Timestamp): Timestamp => dayEndAfter(time, this.config.tradingDay?.endMinuteUtc);

  /** A margin account whose equity falls below its closeout level has every position closed at market. */
  private checkCloseouts(): void {
    for (const accountId of this.ledger.accountIds()) {
      const orders = closeoutOrders(accountId, this.ledger, this.matchers, this.counters.order);
      if (orders === undefined) continue;
      this.emit({ type: 'margin-closeout', accountId });
      for (const { matcher, request } of orders) {
        for (const order of [...matcher.open]) if (order.request.accountId === accountId) matcher.close(order, 'canceled', 'MARGIN_CLOSEOUT');
        this.runSubmit(request);
      }
    }
  }

  // ---- plumbing ----------------------------------------------------------------------------------------
  private emit(body: EventBody): void {
    // Callers pass a fresh literal: stamping it in place saves a copy on the hot path.
    const event = body as EventBody & { sequence: number; at: Timestamp };
    event.sequence = ++this.counters.sequence;
    event.at = this.time;
    if ('order' in event) this.dirtyAccounts.add(event.order.request.accountId);
    for (const listener of this.listeners) this.safely(() => listener(event));
  }

  private safely(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.listenerFailure ??= { error };
    }
  }

  private pruneClosed(): void {
    let open = 0;
    for (const matcher of this.matchers.values()) open += matcher.open.length;
    const forgotten = pruneClosedOrders(this.orders, open, this.config.retention?.closedOrders ?? DEFAULT_RETAINED_ORDERS);
    for (const order of forgotten) this.byClient.delete(clientKey(order.request.accountId, order.request.clientOrderId));
  }

  private flushAccounts(): void {
    this.pruneClosed();
    if (this.dirtyAccounts.size === 0) return;
    const accounts = [...this.dirtyAccounts].sort();
    this.dirtyAccounts.clear();
    for (const accountId of accounts) if (this.ledger.has(accountId)) this.emit({ type: 'account-changed', account: this.account(accountId) });
  }

  private drawLatency = (): number => drawLatency(this.config.latency ?? { kind: 'fixed', ms: 0 }, this.random);

  private find(ref: SimOrderRef): LiveOrder | undefined {
    const id = 'orderId' in ref ? ref.orderId : this.byClient.get(clientKey(ref.accountId, ref.clientOrderId));
    return id === undefined ? undefined : this.orders.get(id);
  }

  private matcher(instrumentId: InstrumentId): InstrumentMatcher {
    return this.matchers.get(instrumentId) as InstrumentMatcher;
  }

  private view(order: LiveOrder): SimOrder {
    return toSimOrder(order, this.matcher(order.request.instrumentId).scale);
  }

  save(): MatchingSnapshot {
    // A deep copy through the exact codec: later changes never leak into a saved snapshot.
    return decodeExact<MatchingSnapshot>(this.saveEncoded());
  }

  saveEncoded(): string {
    return encodeSnapshot({
      time: this.time,
      counters: { ...this.counters },
      orders: [...this.orders.values()],
      open: [...this.matchers.entries()].map(([id, m]) => [id, m.open.map((o) => o.orderId)]),
      books: [...this.matchers.entries()].map(([id, m]) => [id, m.book.save()]),
      fills: this.fillLog,
      pending: this.pending,
      ledger: this.ledger.save(),
      random: this.random.state(),
      lastArrival: this.lastArrival,
      nextDayEnd: this.nextDayEnd,
      sources: this.sources.map((s) => s.save()),
    });
  }

  /** Adopts a snapshot: a string is decoded (and owned); an object is deep-copied first. */
  restore(snapshot: MatchingSnapshot | string): void {
    const state = decodeSnapshot(snapshot);
    // Exactly the saved time, even when the clock is far ahead: what happened since is replayed from there.
    this.time = state.time;
    this.counters = state.counters;
    // Orders on an instrument no longer configured cannot trade here: they are left out rather than half-restored.
    const orders = state.orders.filter((o) => this.matchers.has(o.request.instrumentId));
    this.orders = new Map(orders.map((o) => [o.orderId, o]));
    this.byClient = new Map(orders.map((o) => [clientKey(o.request.accountId, o.request.clientOrderId), o.orderId]));
    for (const [id, ids] of state.open) {
      const matcher = this.matchers.get(id);
      if (matcher === undefined) continue;
      matcher.open = ids.map((orderId) => this.orders.get(orderId) as LiveOrder);
      matcher.locks.reset(matcher.open);
    }
    for (const [id, book] of state.books) this.matchers.get(id)?.book.restore(book);
    this.fillLog = state.fills;
    this.pending = state.pending;
    this.ledger.restore(state.ledger);
    this.random = createRandom(state.random);
    this.lastArrival = state.lastArrival;
    this.nextDayEnd = state.nextDayEnd;
    this.expiryCache = null;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function clientKey(accountId: AccountId, clientOrderId: string): string {
  return `${accountId}\u0000${clientOrderId}`;
}
