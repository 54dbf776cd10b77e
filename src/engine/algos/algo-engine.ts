import {
  ClientOrderId,
  Decimal,
  Price,
  Quantity,
  TmtError,
  decodeExact,
  type CancelTimer,
  type Clock,
  type JournalStore,
  type OrderRequest,
} from '../../core';
import type { Logger } from '../../shared/logger';
import type { TradingEngine } from '../trading-engine';
import { nextIcebergDecision } from './iceberg';
import { parentUpdated } from './parent-event';
import { ParentOrder, childFills, type ParentView } from './parent-order';
import { BookCache } from './book-cache';
import { routeBooks } from './route-books';
import { routeOrder } from './router';
import { nextTwapDecision } from './twap';
import { ALGO_EVENT_TYPES, type AlgoEvent, type AlgoSpec, type IcebergSpec, type IssuedSlice, type ParentAmendment, type RouteLeg, type RouteSpec } from './types';
import { nextVwapDecision } from './vwap';
import { validateAlgoSpec, validateAmendment } from './validate';

export interface AlgoEngineOptions {
  readonly engine: TradingEngine;
  readonly clock: Clock;
  /** The engine's journal store, read once at start to fold the parents back (writes go through the engine). */
  readonly journal: JournalStore;
  /** How often the schedules are evaluated on the clock (default 250 ms). */
  readonly intervalMs?: number;
  /** Where a failed background evaluation (timer, child event) is reported; it is retried on the next tick. */
  readonly logger?: Logger;
}

const STREAM = 'algo';
const ACTOR = 'algo';

/** The child's id: derived from the parent id and the slice index only, so a restart re-derives the same id. */
export function childClientOrderId(parentId: string, index: number): ClientOrderId {
  return ClientOrderId.parse(`${parentId}.s${index}`);
}

/**
 * Runs algorithm parents (TWAP, emulated iceberg) above the engine: each child goes through the engine's normal
 * submit (risk, journal, idempotent client id, emulation). A slice is journaled before its child is submitted;
 * after a crash, a journaled slice the engine never saw is submitted again under the same client id (the
 * engine's idempotency makes a second send of a known one a no-op), so no child is sent twice.
 */
export class AlgoEngine {
  private readonly parents = new Map<string, ParentOrder>();
  /** Market volume traded per instrument since this process started, for participation caps. */
  private readonly volume = new Map<string, Decimal>();
  /** This process's volume counter when it took the parent on (created here, or folded back at start). */
  private readonly volumeAtCreate = new Map<string, Decimal>();
  private readonly books = new BookCache();
  /** The volume a parent folded back from the journal had already seen (its participation cap's memory). */
  private readonly volumeBase = new Map<string, Decimal>();
  private chain: Promise<void> = Promise.resolve();
  private timer: CancelTimer | undefined;
  private unsubscribe: (() => void)[] = [];
  private running = false;

  constructor(private readonly options: AlgoEngineOptions) {}

  private get engine(): TradingEngine {
    return this.options.engine;
  }

  /** Folds the parents back from the journal, then resumes their schedules. */
  async start(): Promise<void> {
    let after = 0;
    for (;;) {
      const batch = await this.options.journal.read(after, 1000);
      if (batch.length === 0) break;
      for (const entry of batch) if (ALGO_EVENT_TYPES.has(entry.type)) this.fold(decodeExact<AlgoEvent>(entry.payload));
      after = batch[batch.length - 1]?.sequence ?? after;
    }
    for (const parent of this.parents.values()) this.volumeBase.set(parent.id, parent.recordedVolume());
    this.running = true;
    this.unsubscribe.push(
      this.engine.bus.subscribe('OrderBookUpdate', (update) => this.books.apply(update)),
      this.engine.bus.subscribe('TradeTick', (tick) => {
        const key = tick.instrumentId as string;
        this.volume.set(key, (this.volume.get(key) ?? Decimal.ZERO).add(tick.quantity));
      }),
      // A child's fill or end is the moment an iceberg shows its next slice.
      this.engine.bus.subscribe('*', (event) => {
        if ((event.type === 'OrderFilled' || event.type === 'OrderCanceled' || event.type === 'OrderRejected' || event.type === 'OrderExpired') && this.owns(event.clientOrderId)) {
          const parent = this.parents.get(event.clientOrderId.slice(0, event.clientOrderId.lastIndexOf('.s')));
          if (parent !== undefined) this.publish(parent, event.type);
          void this.tickInBackground();
        }
      }),
    );
    this.arm();
    await this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.();
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    await this.chain;
  }

  async create(spec: AlgoSpec): Promise<ParentView> {
    validateAlgoSpec(spec);
    if (this.parents.has(spec.parentId))
      throw new TmtError('OMS_INVALID_REQUEST', `parentId must be unique, found ${spec.parentId} already used`, { field: 'parentId' });
    if (!this.engine.instruments().some((instrument) => instrument.id === spec.instrumentId))
      throw new TmtError('OMS_UNKNOWN_INSTRUMENT', `instrumentId must name a known instrument, found ${spec.instrumentId}`, { field: 'instrumentId' });
    const quote = this.engine.quotes().find((q) => q.instrumentId === spec.instrumentId);
    // The arrival price is the mid when the parent arrives: the benchmark its slippage is measured against.
    const arrivalPrice = quote === undefined ? undefined : Price.of(quote.bid.add(quote.ask).div(Decimal.fromInteger(2), 12, 'half-even').normalize());
    const event: AlgoEvent = { type: 'AlgoParentCreated', spec, ...(arrivalPrice ? { arrivalPrice } : {}), at: this.options.clock.now() };
    await this.record(event);
    this.volumeAtCreate.set(spec.parentId, this.volume.get(spec.instrumentId) ?? Decimal.ZERO);
    await this.tick();
    return this.viewOf(this.require(spec.parentId));
  }

  async pause(parentId: string): Promise<ParentView> {
    const parent = this.requireActive(parentId);
    if (parent.status === 'running') await this.record({ type: 'AlgoParentPaused', parentId, at: this.options.clock.now() });
    await this.cancelChildren(parent);
    return this.viewOf(parent);
  }

  async resume(parentId: string): Promise<ParentView> {
    const parent = this.requireActive(parentId);
    if (parent.status === 'paused') await this.record({ type: 'AlgoParentResumed', parentId, at: this.options.clock.now() });
    await this.tick();
    return this.viewOf(parent);
  }

  async cancel(parentId: string): Promise<ParentView> {
    const parent = this.requireActive(parentId);
    await this.record({ type: 'AlgoParentCanceled', parentId, at: this.options.clock.now() });
    await this.cancelChildren(parent);
    return this.viewOf(parent);
  }

  /** Quantity, end time or limit; working children are canceled so the next ones carry the new terms. */
  async modify(parentId: string, amendment: ParentAmendment): Promise<ParentView> {
    const parent = this.requireActive(parentId);
    validateAmendment(parent.spec, amendment, this.viewOf(parent).filledQuantity);
    await this.record({ type: 'AlgoParentModified', parentId, amendment, at: this.options.clock.now() });
    await this.cancelChildren(parent);
    await this.tick();
    return this.viewOf(parent);
  }

  view(parentId: string): ParentView | undefined {
    const parent = this.parents.get(parentId);
    return parent === undefined ? undefined : this.viewOf(parent);
  }

  views(): ParentView[] {
    return [...this.parents.values()].map((parent) => this.viewOf(parent));
  }

  /** Evaluates every running parent once, serialized: two evaluations never issue the same slice. */
  tick(): Promise<void> {
    const run = this.chain.then(() => this.evaluateAll());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private tickInBackground(): Promise<void> {
    return this.tick().catch((error: unknown) => {
      this.options.logger?.warn({ err: error }, 'algo evaluation failed; retried on the next tick');
    });
  }

  private arm(): void {
    if (!this.running) return;
    this.timer = this.options.clock.setTimeout(this.options.intervalMs ?? 250, () => {
      void this.tickInBackground().finally(() => this.arm());
    });
  }

  private owns(clientOrderId: string): boolean {
    const dot = clientOrderId.lastIndexOf('.s');
    return dot > 0 && this.parents.has(clientOrderId.slice(0, dot));
  }

  private fold(event: AlgoEvent): void {
    if (event.type === 'AlgoParentCreated') {
      if (!this.parents.has(event.spec.parentId)) this.parents.set(event.spec.parentId, new ParentOrder(event));
      return;
    }
    this.parents.get(event.parentId)?.apply(event);
  }

  private async record(event: AlgoEvent): Promise<void> {
    if (this.engine.recordJournal === undefined) throw new TmtError('OMS_INVALID_REQUEST', 'the engine must journal algo records (recordJournal), found none');
    await this.engine.recordJournal(event.type, STREAM, event);
    this.fold(event);
    const parent = this.parents.get(event.type === 'AlgoParentCreated' ? event.spec.parentId : event.parentId);
    if (parent !== undefined) this.publish(parent, event.type);
  }

  /** Parents and their children on the event stream (issue 16): after each record and each child's fill or end. */
  private publish(parent: ParentOrder, reason: string): void {
    this.engine.bus.publish(parentUpdated(this.viewOf(parent), reason, this.options.clock.now()));
  }

  private require(parentId: string): ParentOrder {
    const parent = this.parents.get(parentId);
    if (parent === undefined) throw new TmtError('OMS_UNKNOWN_ORDER', `parentId must name an algo order, found ${parentId}`, { field: 'parentId' });
    return parent;
  }

  private requireActive(parentId: string): ParentOrder {
    const parent = this.require(parentId);
    if (!parent.isActive()) throw new TmtError('OMS_ORDER_NOT_OPEN', `the algo order must be running or paused, found ${parent.status}`, { field: 'parentId' });
    return parent;
  }

  private viewOf(parent: ParentOrder): ParentView {
    return parent.view((id) => this.engine.order(id));
  }

  private async cancelChildren(parent: ParentOrder): Promise<void> {
    // The slices as they are now: a child issued meanwhile (after a modify) carries the new terms and stays.
    for (const slice of [...parent.slices]) {
      const child = this.engine.order(slice.clientOrderId);
      // A child already being canceled is left to finish: a second cancel would only be refused.
      if (child !== undefined && child.order.isOpen() && child.status !== 'pending-cancel') {
        try {
          await this.engine.cancel(slice.clientOrderId, ACTOR);
        } catch (error) {
          // A child that filled or ended while the cancel was on its way is no longer open: nothing to undo.
          if (!(error instanceof TmtError && error.code === 'OMS_ORDER_NOT_OPEN')) throw error;
        }
      }
    }
  }

  private async evaluateAll(): Promise<void> {
    for (const parent of this.parents.values()) if (parent.isActive()) await this.evaluate(parent);
  }

  private async evaluate(parent: ParentOrder): Promise<void> {
    // A journaled slice the engine does not know (crash between the record and the submit) is sent now.
    for (const slice of parent.slices) if (this.engine.order(slice.clientOrderId) === undefined) await this.submit(parent, slice);
    if (parent.status !== 'running') return;
    const spec = parent.spec;
    const instrument = this.engine.instruments().find((i) => i.id === spec.instrumentId);
    if (instrument === undefined) return;
    const held = this.held(parent);
    const now = this.options.clock.now();
    const index = parent.nextIndex();
    const marketVolume = this.volumeSince(parent);
    const child = (quantity: Quantity, timeInForce: 'IOC' | 'GTC', price?: Price): IssuedSlice => ({
      index,
      clientOrderId: childClientOrderId(spec.parentId, index),
      quantity,
      ...(price !== undefined ? { price } : {}),
      timeInForce,
      at: now,
      marketVolume,
    });
    if (spec.kind === 'route') return this.evaluateRoute(parent, spec, held, now);
    if (spec.kind === 'iceberg') {
      const price = this.icebergPrice(spec);
      // Re-peg: a resting slice the market left behind is canceled; its end shows the slice again at the new best.
      if (spec.repeg === true && held.open.some((slice) => slice.price !== undefined && !slice.price.eq(price))) {
        await this.cancelChildren(parent);
        return;
      }
      const displayed = held.committed.sub(held.filled);
      const decision = nextIcebergDecision(spec, { committed: held.committed, displayed, sizeIncrement: instrument.sizeIncrement, minQuantity: instrument.minQuantity, price });
      if (decision.kind === 'finish') await this.finish(parent, decision.status);
      if (decision.kind === 'child') await this.issue(parent, child(decision.quantity, 'GTC', decision.price));
      return;
    }
    const state = { now, committed: held.committed, openChildren: held.open.length, nextIndex: index, marketVolume, sizeIncrement: instrument.sizeIncrement, minQuantity: instrument.minQuantity };
    const decision = spec.kind === 'vwap' ? nextVwapDecision(spec, state) : nextTwapDecision(spec, { ...state, filled: held.filled });
    if (decision.kind === 'finish') await this.finish(parent, decision.status);
    if (decision.kind === 'child') await this.issue(parent, { ...child(decision.quantity, 'IOC', decision.price), index: decision.index, clientOrderId: childClientOrderId(spec.parentId, decision.index) });
  }

  /** What the children hold: fills, fills plus open leaves (committed), the open slices and the refused legs. */
  private held(parent: ParentOrder): { filled: Decimal; committed: Decimal; open: IssuedSlice[]; refused: Set<string> } {
    let filled = Decimal.ZERO;
    let committed = Decimal.ZERO;
    const open: IssuedSlice[] = [];
    const refused = new Set<string>();
    for (const slice of parent.slices) {
      const child = this.engine.order(slice.clientOrderId);
      const fills = childFills(child);
      filled = filled.add(fills.filled);
      committed = committed.add(fills.filled);
      if (child === undefined || !child.order.isTerminal()) {
        open.push(slice);
        committed = committed.add(slice.quantity.sub(fills.filled));
      } else if (child.status === 'rejected' || child.status === 'denied') {
        refused.add(slice.instrumentId ?? parent.spec.instrumentId);
      }
    }
    return { filled, committed, open, refused };
  }

  /** The routed parent: while no child works, what is left is routed again across the legs no venue refused. */
  private async evaluateRoute(parent: ParentOrder, spec: RouteSpec, held: ReturnType<AlgoEngine['held']>, now: number): Promise<void> {
    if (held.open.length > 0) return;
    const left = spec.quantity.sub(held.filled);
    if (!left.isPositive()) return this.finish(parent, 'completed');
    const excluded = new Set<number>();
    spec.legs.forEach((leg, index) => {
      if (held.refused.has(leg.instrumentId)) excluded.add(index);
    });
    if ((spec.endAt !== undefined && now >= spec.endAt) || excluded.size === spec.legs.length) return this.finish(parent, 'expired');
    const decision = routeOrder(spec.side, left, routeBooks(this.engine, this.books, spec, excluded), spec.limitPrice);
    const marketVolume = this.volumeSince(parent);
    let index = parent.nextIndex();
    for (const allocation of decision.allocations) {
      const leg = spec.legs[allocation.leg] as RouteLeg;
      await this.issue(parent, {
        index,
        clientOrderId: childClientOrderId(spec.parentId, index),
        quantity: Quantity.of(allocation.quantity),
        price: allocation.price,
        timeInForce: 'IOC',
        at: now,
        marketVolume,
        accountId: leg.accountId,
        instrumentId: leg.instrumentId,
      });
      index++;
    }
  }

  private icebergPrice(spec: IcebergSpec): Price {
    if (spec.repeg !== true) return spec.limitPrice;
    const quote = this.engine.quotes().find((q) => q.instrumentId === spec.instrumentId);
    if (quote === undefined) return spec.limitPrice;
    // The passive best, never beyond the limit: a buy rests at min(bid, limit), a sell at max(ask, limit).
    return spec.side === 'buy' ? Price.of(quote.bid.min(spec.limitPrice)) : Price.of(quote.ask.max(spec.limitPrice));
  }

  /** Market volume since the parent started: what its journaled slices remembered plus what this process saw. */
  private volumeSince(parent: ParentOrder): Decimal {
    const seen = (this.volume.get(parent.spec.instrumentId) ?? Decimal.ZERO).sub(this.volumeAtCreate.get(parent.id) ?? Decimal.ZERO);
    return (this.volumeBase.get(parent.id) ?? Decimal.ZERO).add(seen);
  }

  private async finish(parent: ParentOrder, status: 'completed' | 'expired'): Promise<void> {
    await this.record({ type: 'AlgoParentFinished', parentId: parent.id, status, at: this.options.clock.now() });
  }

  private async issue(parent: ParentOrder, slice: IssuedSlice): Promise<void> {
    await this.record({ type: 'AlgoSliceIssued', parentId: parent.id, slice });
    await this.submit(parent, slice);
  }

  private async submit(parent: ParentOrder, slice: IssuedSlice): Promise<void> {
    const spec = parent.spec;
    const request: OrderRequest = {
      clientOrderId: slice.clientOrderId,
      accountId: slice.accountId ?? spec.accountId,
      instrumentId: slice.instrumentId ?? spec.instrumentId,
      side: spec.side,
      type: slice.price === undefined ? 'market' : 'limit',
      quantity: slice.quantity,
      ...(slice.price !== undefined ? { price: slice.price } : {}),
      timeInForce: slice.timeInForce,
      postOnly: false,
      reduceOnly: false,
      tag: spec.tag ?? `algo:${spec.parentId}`,
    };
    // A denial is an order the engine knows (status denied): it counts as a terminal child with nothing filled.
    await this.engine.submit(request, ACTOR);
  }
}
