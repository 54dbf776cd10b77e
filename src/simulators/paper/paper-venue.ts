import {
  TmtError,
  type AccountId,
  type AccountReport,
  type CancelRequest,
  type CancelResult,
  type CancelTimer,
  type CommitGroup,
  type FillReport,
  type Instrument,
  type InstrumentId,
  type MarketDataEvent,
  type ModifyRequest,
  type ModifyResult,
  type OrderLookup,
  type OrderStatusReport,
  type PositionStatusReport,
  type Price,
  type SubmitResult,
  type Timestamp,
  type Unsubscribe,
  type VenueCapabilities,
  type VenueClient,
  type VenueConnectionChanged,
  type VenueOrderSubmission,
  type VenueReport,
} from '../../core';
import {
  createMatchingEngine,
  createReplaySource,
  createSyntheticSource,
  type MatchingEngine,
  type MatchingEvent,
  type SyntheticSource,
} from '../matching';
import type { PaperCommand } from './commands';
import { accountReport, eventAccount, eventReports, fillReport, orderReport, positionReport, REJECT_CODES } from './mapping';
import { toSimRequest, unsupportedReason } from './requests';
import { applyCommand, type CommandTarget, type Settled } from './apply-command';
import { PaperGroupLog } from './group-log';
import { PaperStore } from './store';
import { PinnableClock, recordHistory, type Applied } from './support';
import { resolveOptions, type PaperVenueOptions, type ResolvedOptions } from './options';


/**
 * The in-process paper venue: the venue port over the matching engine, with its own durable store. Every
 * input is logged (committed) before the engine acts on it, so an order acknowledged to the engine is
 * never lost when the process is killed; on start, the last snapshot plus the replayed log rebuild the
 * venue exactly, and the market then catches up to the present (deterministically, from the seed).
 */
import { paperCapabilities } from './capabilities';

/** paper_meta key: the market time the venue had advanced to, written with each tick's fills. */
const MARKET_RAN_UNTIL = 'marketRanUntil';

export { paperCapabilities };

export class PaperVenue implements VenueClient {
  readonly venue = 'PAPER' as const;
  readonly capabilities: VenueCapabilities;
  readonly accountIds: readonly AccountId[];
  private readonly options: ResolvedOptions;
  private readonly clock: PinnableClock;
  private readonly engine: MatchingEngine;
  private readonly synthetic: SyntheticSource | undefined;
  private readonly store: PaperStore | undefined;
  private readonly reportHandlers = new Set<(report: VenueReport) => void>();
  private readonly connectionHandlers = new Set<(event: VenueConnectionChanged) => void>();
  private seq = 0;
  private commandsSinceSnapshot = 0;
  private lastSnapshotAt: Timestamp;
  private lastCommandAt: Timestamp = 0;
  private timer: CancelTimer | undefined;
  private connected = false;
  private failed: unknown;
  /** The engine's group commit, when lent (joinCommitGroup): commands are then logged in its transactions. */
  private group: PaperGroupLog | undefined;
  private readonly commandTarget: CommandTarget;

  constructor(options: PaperVenueOptions) {
    this.options = resolveOptions(options);
    this.clock = new PinnableClock(options.clock);
    this.accountIds = this.options.accounts.map((a) => a.accountId);
    this.capabilities = paperCapabilities(this.options.accounts.some((a) => a.type === 'margin'), this.options.accounts.some((a) => a.positionMode === 'hedging'));
    this.store = this.options.storePath === undefined ? undefined : new PaperStore(this.options.storePath);
    const storedSeed = this.store?.meta('seed');
    if (storedSeed !== undefined && storedSeed !== String(this.options.seed)) {
      // Replaying a log against another seed would rebuild a different market: refuse rather than drift.
      throw new TmtError('CONFIG_INVALID', `the paper store at ${this.options.storePath} was created with seed ${storedSeed}, found ${this.options.seed}`, { field: 'seed' });
    }
    this.store?.setMeta('seed', String(this.options.seed));
    const stored = this.store?.load();
    const startAt = Number(this.store?.meta('startAt') ?? this.clock.now());
    this.store?.setMeta('startAt', String(startAt));
    // The engine starts where the venue's history starts, whatever the clock says now: the log replays from there.
    this.clock.pinned = startAt;
    this.engine = createMatchingEngine(
      {
        clock: this.clock,
        seed: this.options.seed,
        instruments: this.options.instruments,
        accounts: this.options.accounts,
        latency: this.options.latency,
        // With a store, history lives there: memory and snapshots hold open orders and recent history only.
        ...(this.store === undefined ? {} : { retention: this.options.retention }),
      },
      stored?.snapshot,
    );
    this.clock.pinned = undefined;
    const sourceState = stored?.snapshot?.sources[0];
    if (this.options.dataFile === undefined) {
      this.synthetic = createSyntheticSource({ seed: this.options.seed, startAt, instruments: this.options.instruments, ...(sourceState === undefined ? {} : { state: sourceState }) });
      this.engine.attachSource(this.synthetic);
    } else {
      this.engine.attachSource(createReplaySource({ ...this.options.dataFile, startAt, ...(sourceState === undefined ? {} : { state: sourceState }) }));
    }
    this.commandTarget = { engine: this.engine, synthetic: this.synthetic, clock: this.clock, settle: (ticket, wrap) => this.settle(ticket, wrap) };
    this.seq = stored?.snapshotSeq ?? 0;
    const history = this.store;
    if (history !== undefined) this.engine.onEvent((event) => recordHistory(history, event));
    this.atomically(() => {
      for (const entry of stored?.commands ?? []) {
        this.seq = entry.seq;
        this.apply(entry.command, entry.at);
      }
    });
    this.lastSnapshotAt = this.clock.now();
    this.engine.onEvent((event) => this.report(event));
    this.options.logger?.info({ venue: 'PAPER', replayed: stored?.commands.length ?? 0, seq: this.seq }, 'paper venue opened');
  }

  // ---- connection --------------------------------------------------------------------------------------
  async connect(): Promise<void> {
    if (this.connected) return;
    this.connected = true;
    // How far the market ran before the venue stopped: it ticks between commands, so this can be later than the
    // last command or snapshot, and the fills it made meanwhile must be rebuilt before any pause is skipped.
    const ranUntil = Math.max(Number(this.store?.meta(MARKET_RAN_UNTIL) ?? 0), this.engine.processedUntil());
    if (this.synthetic !== undefined && this.clock.now() - ranUntil > this.options.maxCatchUpMs) {
      this.options.logger?.info({ venue: 'PAPER', pausedMs: this.clock.now() - ranUntil }, 'paper market resumes after a long pause');
      await this.log({ kind: 'skip', from: ranUntil });
    }
    this.atomically(() => this.engine.advanceTo(this.clock.now()));
    this.schedule();
    this.emitConnection('connected');
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    this.timer?.();
    this.timer = undefined;
    this.snapshot();
    this.emitConnection('disconnected');
  }

  /** Disconnects and closes the store (the venue can be reopened from the same file). */
  async close(): Promise<void> {
    await this.disconnect();
    await this.store?.close();
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(this.options.tickMs, () => {
      if (!this.connected) return;
      this.atomically(() => {
        this.engine.advanceTo(this.clock.now());
        this.store?.setMeta(MARKET_RAN_UNTIL, String(this.engine.processedUntil()));
      });
      if (this.commandsSinceSnapshot >= this.options.snapshotEvery || this.clock.now() - this.lastSnapshotAt >= this.options.snapshotIntervalMs) this.snapshot();
      this.schedule();
    });
  }

  /** See VenueClient.joinCommitGroup: without a store there is nothing to make durable, so nothing to join. */
  joinCommitGroup(group: CommitGroup): void {
    if (this.store !== undefined) this.group = new PaperGroupLog(this.store, group);
  }

  private snapshot(): void {
    // After a failed write memory may hold a command the store lost: a snapshot of it would make it "durable".
    if (this.store === undefined || this.failed !== undefined) return;
    this.store.saveSnapshot(this.seq, this.engine.saveEncoded());
    this.commandsSinceSnapshot = 0;
    this.lastSnapshotAt = this.clock.now();
  }

  // ---- commands ----------------------------------------------------------------------------------------
  async instruments(): Promise<readonly Instrument[]> {
    return this.engine.instruments();
  }

  async submit(submission: VenueOrderSubmission): Promise<SubmitResult> {
    this.ensureConnected();
    const unsupported = unsupportedReason(submission.request, this.capabilities);
    if (unsupported !== undefined) return { status: 'rejected', code: 'VENUE_UNSUPPORTED', reason: unsupported, venueReason: 'UNSUPPORTED' };
    const ref = { accountId: submission.request.accountId, clientOrderId: submission.venueClientOrderId };
    if (this.engine.order(ref) === undefined && this.store?.findOrder(ref) !== undefined) {
      // Older than the engine's memory, but the venue has seen it: still a duplicate.
      return { status: 'rejected', code: 'VENUE_DUPLICATE_ORDER', reason: `client order id ${submission.venueClientOrderId} is already used`, venueReason: 'DUPLICATE_CLIENT_ORDER_ID' };
    }
    const outcome = await this.log({ kind: 'submit', request: toSimRequest(submission) });
    if (outcome.kind !== 'submit') throw new Error('unreachable');
    const result = outcome.outcome;
    if (result.status === 'rejected') return { status: 'rejected', code: REJECT_CODES[result.code], reason: result.reason, venueReason: result.code };
    const base = this.baseCurrency(submission.request.accountId);
    return {
      status: 'accepted',
      venueOrderId: orderReport(result.order, this.clock.now()).venueOrderId,
      report: orderReport(result.order, this.clock.now()),
      fills: result.fills.map((f) => fillReport(f, base)),
    };
  }

  async cancel(request: CancelRequest): Promise<CancelResult> {
    this.ensureConnected();
    const ref = request.venueOrderId === undefined ? { accountId: request.accountId, clientOrderId: request.venueClientOrderId } : { orderId: request.venueOrderId };
    if (!this.owns(request.accountId, ref)) return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: 'no such order for this account', venueReason: 'ORDER_NOT_FOUND' };
    const outcome = await this.log({ kind: 'cancel', ref });
    if (outcome.kind !== 'cancel') throw new Error('unreachable');
    const result = outcome.outcome;
    if (result.status === 'rejected') return { status: 'rejected', code: REJECT_CODES[result.code], reason: result.reason, venueReason: result.code };
    return { status: 'canceled', report: orderReport(result.order, this.clock.now()) };
  }

  async modify(request: ModifyRequest): Promise<ModifyResult> {
    this.ensureConnected();
    const ref = request.venueOrderId === undefined ? { accountId: request.accountId, clientOrderId: request.venueClientOrderId } : { orderId: request.venueOrderId };
    if (!this.owns(request.accountId, ref)) return { status: 'rejected', code: 'VENUE_UNKNOWN_ORDER', reason: 'no such order for this account', venueReason: 'ORDER_NOT_FOUND' };
    const { quantity, price, triggerPrice } = request.amendment;
    const amendment = { ...(quantity === undefined ? {} : { quantity }), ...(price === undefined ? {} : { price }), ...(triggerPrice === undefined ? {} : { triggerPrice }) };
    const outcome = await this.log({ kind: 'modify', ref, amendment });
    if (outcome.kind !== 'modify') throw new Error('unreachable');
    const result = outcome.outcome;
    if (result.status === 'rejected') return { status: 'rejected', code: REJECT_CODES[result.code], reason: result.reason, venueReason: result.code };
    const report = orderReport(result.order, this.clock.now());
    return { status: 'modified', venueOrderId: report.venueOrderId, report };
  }

  /** The port's batch cancel (VenueClient.cancelAllOrders): one command for an account's orders on one instrument. */
  cancelAllOrders(accountId: AccountId, instrumentId: InstrumentId): Promise<readonly OrderStatusReport[]> {
    return this.cancelAll(accountId, instrumentId);
  }

  /** Cancels every open order of an account (the kill switch's fast path). */
  async cancelAll(accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]> {
    this.ensureConnected();
    const outcome = await this.log(instrumentId === undefined ? { kind: 'cancel-all', accountId } : { kind: 'cancel-all', accountId, instrumentId });
    if (outcome.kind !== 'cancel-all') throw new Error('unreachable');
    return outcome.outcome.map((o) => orderReport(o, this.clock.now()));
  }

  /**
   * Logs an input and applies it in one transaction, committed before the answer goes back: every ack is
   * durable, and the history rows the input produced commit with it (one commit per command). A crash before
   * the commit leaves neither, and the engine, which never got the answer, looks the order up.
   */
  private async log(command: PaperCommand): Promise<Applied> {
    const at = Math.max(this.clock.now(), this.lastCommandAt);
    this.seq++;
    this.commandsSinceSnapshot++;
    let applied: { wait(): Promise<Applied> };
    try {
      applied =
        this.group !== undefined && this.store !== undefined
          ? await this.applyInGroup(this.store, this.group, command, at)
          : this.atomically(() => {
              this.store?.append(this.seq, at, command);
              return this.apply(command, at);
            });
    } catch (cause) {
      // The store and memory may now disagree: stop rather than trade on state that a restart would not rebuild.
      this.failed = cause;
      await this.disconnect();
      throw new TmtError('VENUE_UNAVAILABLE', 'the paper venue stopped: its store failed while recording a command', { cause });
    }
    return applied.wait();
  }

  /**
   * With the engine's group commit: the command is applied in memory with its writes held back, and they
   * commit inside the group's transaction (every command of the run in one store transaction), before the
   * journal's COMMIT. The answer waits for that commit, so an acknowledged command is still durable first.
   */
  private async applyInGroup(store: PaperStore, group: PaperGroupLog, command: PaperCommand, at: Timestamp): Promise<{ wait(): Promise<Applied> }> {
    const seq = this.seq;
    const { result, writes } = store.defer(() => {
      store.append(seq, at, command);
      return this.apply(command, at);
    });
    await group.stage(writes);
    return result;
  }

  /** Runs engine work with its history writes batched into one store transaction. */
  private atomically<T>(work: () => T): T {
    return this.store === undefined ? work() : this.store.transaction(work);
  }

  private apply(command: PaperCommand, at: Timestamp): Settled {
    this.lastCommandAt = at;
    return applyCommand(this.commandTarget, command, at);
  }

  /** Resolves when the engine has processed the command; with latency, a timer advances it at arrival. */
  private settle<T>(ticket: { arrivesAt: number; outcome: T | undefined; done: Promise<T> }, wrap: (outcome: T) => Applied): Settled {
    if (ticket.outcome === undefined && this.connected) {
      this.clock.setTimeout(Math.max(0, ticket.arrivesAt - this.clock.now()), () => this.atomically(() => this.engine.advanceTo(this.clock.now())));
    }
    return { wait: async () => wrap(await ticket.done) };
  }

  // ---- queries -----------------------------------------------------------------------------------------
  async orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined> {
    const ref = 'venueClientOrderId' in lookup ? { accountId: lookup.accountId, clientOrderId: lookup.venueClientOrderId } : { orderId: lookup.venueOrderId };
    const order = this.engine.order(ref) ?? this.store?.findOrder(ref);
    if (order === undefined || order.request.accountId !== lookup.accountId) return undefined;
    return orderReport(order, this.clock.now());
  }

  async openOrders(accountId: AccountId, instrumentId?: InstrumentId): Promise<readonly OrderStatusReport[]> {
    return this.engine.openOrders(accountId, instrumentId).map((o) => orderReport(o, this.clock.now()));
  }

  async fillsSince(accountId: AccountId, since: Timestamp): Promise<readonly FillReport[]> {
    const base = this.baseCurrency(accountId);
    // Memory when it still holds every fill from `since` on (its oldest retained fill is older): reconciliation
    // asks for the last minute or so, and decoding that from the store each time stalled the event loop.
    const retained = this.engine.fills(accountId);
    const covered = this.store === undefined || (retained[0] !== undefined && retained[0].occurredAt < since);
    const fills = covered ? retained.filter((f) => f.occurredAt >= since) : this.store.fillsSince(accountId, since);
    return fills.map((f) => fillReport(f, base));
  }

  async positions(accountId: AccountId): Promise<readonly PositionStatusReport[]> {
    const state = this.engine.account(accountId);
    if (state.type === 'cash') return [];
    return this.engine.positions(accountId).map((p) => positionReport(p, state.baseCurrency, this.clock.now()));
  }

  async account(accountId: AccountId): Promise<AccountReport> {
    if (!this.accountIds.includes(accountId)) throw new TmtError('VENUE_REJECTED', `the paper venue has no account ${accountId}`, { field: 'accountId' });
    return accountReport(this.engine.account(accountId), this.clock.now());
  }

  // ---- streams -----------------------------------------------------------------------------------------
  onReport(handler: (report: VenueReport) => void): Unsubscribe {
    this.reportHandlers.add(handler);
    return () => this.reportHandlers.delete(handler);
  }

  onConnection(handler: (event: VenueConnectionChanged) => void): Unsubscribe {
    this.connectionHandlers.add(handler);
    return () => this.connectionHandlers.delete(handler);
  }

  subscribeMarketData(instrumentIds: readonly InstrumentId[], handler: (event: MarketDataEvent) => void): Unsubscribe {
    const wanted = new Set(instrumentIds);
    return this.engine.onMarketData((event) => {
      if (wanted.has(event.instrumentId)) handler(event);
    });
  }

  // ---- market control (tests, demos) -------------------------------------------------------------------
  /** Best bid and ask now. */
  quote(instrumentId: InstrumentId): { bid: Price; ask: Price } {
    const book = this.engine.book(instrumentId);
    const bid = book?.bestBid();
    const ask = book?.bestAsk();
    if (bid === undefined || ask === undefined) throw new TmtError('VENUE_INSUFFICIENT_LIQUIDITY', `no two-sided market on ${instrumentId} yet`, { field: 'instrumentId' });
    return { bid, ask };
  }

  /** Moves the synthetic market to `mid` now (logged like an order, so a restart repeats it). */
  async movePrice(instrumentId: InstrumentId, mid: Price): Promise<void> {
    await this.log({ kind: 'move', instrumentId, mid });
  }

  /** The matching engine underneath (read-only use: books, state). */
  get matching(): MatchingEngine {
    return this.engine;
  }

  private report(event: MatchingEvent): void {
    if (this.reportHandlers.size === 0) return;
    const reports = eventReports(event, this.engine, this.baseCurrency(eventAccount(event)), this.clock.now());
    for (const report of reports) for (const handler of this.reportHandlers) handler(report);
  }

  private emitConnection(state: 'connected' | 'disconnected'): void {
    const event: VenueConnectionChanged = { type: 'VenueConnectionChanged', venue: 'PAPER', state, occurredAt: this.clock.now() };
    for (const handler of this.connectionHandlers) handler(event);
  }

  private owns(accountId: AccountId, ref: { orderId: string } | { accountId: AccountId; clientOrderId: string }): boolean {
    return this.engine.order(ref)?.request.accountId === accountId;
  }

  private baseCurrency(accountId: AccountId): string {
    return this.options.accounts.find((a) => a.accountId === accountId)?.baseCurrency ?? 'USD';
  }

  private ensureConnected(): void {
    if (this.failed !== undefined) throw new TmtError('VENUE_UNAVAILABLE', 'the paper venue stopped after a store failure; restart it from its store', { cause: this.failed });
    if (!this.connected) throw new TmtError('VENUE_UNAVAILABLE', 'the paper venue is not connected; call connect() first');
  }
}
