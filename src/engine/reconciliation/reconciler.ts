import type {
  AccountId,
  CancelTimer,
  Decimal,
  FillReport,
  InstrumentId,
  OrderStatusReport,
  Timestamp,
  VenueName,
} from '../../core';
import { detach } from '../detach';
import { Decimal as D } from '../../core';
import type { EngineContext } from '../context';
import type { Dispatcher } from '../execution/dispatcher';
import type { ReportApplier } from '../execution/report-applier';
import { errorText } from '../execution/venue-gateway';
import type { OrderEntry } from '../oms/order-cache';
import type { ReconciliationView } from '../trading-engine';
import type { OrderAdoption } from './adoption';

export interface UnresolvedItem {
  readonly kind:
    | 'position-mismatch'
    | 'order-missing-at-venue'
    | 'order-live-at-venue'
    | 'lookup-failed'
    | 'venue-unreachable';
  readonly key: string;
  readonly description: string;
  readonly since: Timestamp;
}

interface AccountReconciliation {
  state: 'reconciling' | 'reconciled' | 'unresolved';
  lastRunAt: Timestamp | undefined;
  orderItems: Map<string, UnresolvedItem>;
  positionItems: Map<string, UnresolvedItem>;
  fillsCheckedUntil: Timestamp | undefined;
  /** Venue orders TMT had settled as finished, adopted when found working: unresolved until they end. */
  revived: Map<OrderEntry, string>;
  running: Promise<void> | undefined;
  again: { orders: boolean; positions: boolean } | undefined;
}

export interface ReconcileScope {
  readonly orders: boolean;
  readonly positions: boolean;
  /** At start (after replay) an order still 'submitted' was never answered: a lookup that finds nothing settles it. */
  readonly startup?: boolean;
}

/**
 * Compares the engine with each venue and repairs what the venue is the authority on: adopts venue orders
 * the engine never saw, applies missed fills and status changes, settles unknown outcomes by lookup. Position
 * differences cannot be repaired by the engine: they raise a drift alert and stay unresolved (keeping the
 * account out of ACTIVE for new exposure) until a later run finds them equal.
 */
export class Reconciler {
  private readonly accounts = new Map<AccountId, AccountReconciliation>();
  private readonly timers: CancelTimer[] = [];
  private stopped = false;

  constructor(
    private readonly context: EngineContext,
    private readonly dispatcher: Dispatcher,
    private readonly applier: ReportApplier,
    /** Shared with the operator's acceptance of venue truth (venue-truth.ts), which adopts the same way. */
    readonly adoption: OrderAdoption,
  ) {}

  isReconciled(accountId: AccountId): boolean {
    const state = this.accounts.get(accountId);
    return state === undefined || (state.orderItems.size === 0 && state.positionItems.size === 0);
  }

  unresolvedCount(): number {
    let count = 0;
    for (const state of this.accounts.values()) count += state.orderItems.size + state.positionItems.size;
    return count;
  }

  /** Runs one account; concurrent requests coalesce into one follow-up run. */
  reconcile(accountId: AccountId, scope: ReconcileScope): Promise<void> {
    const state = this.stateOf(accountId);
    if (state.running !== undefined) {
      state.again = {
        orders: scope.orders || (state.again?.orders ?? false),
        positions: scope.positions || (state.again?.positions ?? false),
      };
      return state.running;
    }
    state.running = this.run(accountId, state, scope).finally(() => {
      state.running = undefined;
      const again = state.again;
      state.again = undefined;
      if (again !== undefined && !this.stopped)
        detach(this.reconcile(accountId, again), this.context.logger, `reconciliation of ${accountId}`);
    });
    return state.running;
  }

  async reconcileAll(scope: ReconcileScope): Promise<void> {
    await Promise.all(
      [...this.context.accountVenues.keys()].map((accountId) => this.reconcile(accountId, scope)),
    );
  }

  startPeriodic(): void {
    const { clock, timings } = this.context;
    const loop = (every: number, scope: ReconcileScope) => {
      const tick = () => {
        if (this.stopped) return;
        void this.reconcileAll(scope)
          .catch((error: unknown) =>
            this.context.logger.error({ err: error }, 'periodic reconciliation failed'),
          )
          .finally(() => {
            if (!this.stopped) this.timers.push(clock.setTimeout(every, tick));
          });
      };
      this.timers.push(clock.setTimeout(every, tick));
    };
    loop(timings.reconcileOpenOrdersEveryMs, { orders: true, positions: false });
    loop(timings.reconcilePositionsEveryMs, { orders: false, positions: true });
  }

  stop(): void {
    this.stopped = true;
    for (const cancel of this.timers) cancel();
  }

  view(): ReconciliationView {
    return {
      accounts: [...this.context.accountVenues.keys()].map((accountId) => {
        const state = this.stateOf(accountId);
        return {
          accountId,
          state: state.state,
          ...(state.lastRunAt === undefined ? {} : { lastRunAt: state.lastRunAt }),
          unresolved: [...state.orderItems.values(), ...state.positionItems.values()].map((item) => ({
            kind: item.kind,
            key: item.key,
            description: item.description,
            since: item.since,
          })),
        };
      }),
    };
  }

  /** The unresolved item with that key: on the account given, or on the one account that holds it. */
  findItem(accountId: AccountId | undefined, key: string): { accountId: AccountId; item: UnresolvedItem }[] {
    const found: { accountId: AccountId; item: UnresolvedItem }[] = [];
    for (const [id, state] of this.accounts) {
      if (accountId !== undefined && id !== accountId) continue;
      const item = state.orderItems.get(key) ?? state.positionItems.get(key);
      if (item !== undefined) found.push({ accountId: id, item });
    }
    return found;
  }

  /** Drops an item the operator settled by accepting the venue's view; the account's state follows at once. */
  resolveItem(accountId: AccountId, key: string): void {
    const state = this.accounts.get(accountId);
    if (state === undefined) return;
    state.orderItems.delete(key);
    state.positionItems.delete(key);
    for (const revived of state.revived.keys()) if (revived.order.clientOrderId === key) state.revived.delete(revived);
    if (state.state === 'unresolved' && state.orderItems.size + state.positionItems.size === 0) state.state = 'reconciled';
  }

  private stateOf(accountId: AccountId): AccountReconciliation {
    let state = this.accounts.get(accountId);
    if (state === undefined) {
      state = {
        state: 'reconciling',
        lastRunAt: undefined,
        orderItems: new Map(),
        positionItems: new Map(),
        fillsCheckedUntil: undefined,
        revived: new Map(),
        running: undefined,
        again: undefined,
      };
      this.accounts.set(accountId, state);
    }
    return state;
  }

  private async run(
    accountId: AccountId,
    state: AccountReconciliation,
    scope: ReconcileScope,
  ): Promise<void> {
    const venue = this.context.accountVenues.get(accountId);
    if (venue === undefined) return;
    const startedAt = this.context.clock.now();
    if (scope.orders)
      state.orderItems = await this.reconcileOrders(accountId, venue, state, scope, startedAt);
    if (scope.positions)
      state.positionItems = await this.reconcilePositions(accountId, venue, state.positionItems, startedAt);
    state.lastRunAt = startedAt;
    state.state = state.orderItems.size + state.positionItems.size === 0 ? 'reconciled' : 'unresolved';
  }

  private async reconcileOrders(
    accountId: AccountId,
    venue: VenueName,
    state: AccountReconciliation,
    scope: ReconcileScope,
    startedAt: Timestamp,
  ): Promise<Map<string, UnresolvedItem>> {
    const items = new Map<string, UnresolvedItem>();
    const previous = state.orderItems;
    const item = (kind: UnresolvedItem['kind'], key: string, description: string) =>
      items.set(key, { kind, key, description, since: previous.get(key)?.since ?? startedAt });
    const gateway = this.context.gateways.get(venue);
    if (gateway === undefined) return items;
    const client = gateway.client;
    try {
      const seen = new Set<OrderEntry>();
      for (const report of await client.openOrders(accountId)) {
        const entry = this.applier.findEntry(report);
        if (entry === undefined) {
          seen.add(this.adoption.adopt(report, venue));
          continue;
        }
        if (entry.order.isTerminal()) {
          // The list may predate a cancel TMT has just had confirmed: only a fresh lookup proves it still works.
          const fresh = await client.orderStatus({ accountId, instrumentId: report.instrumentId, venueOrderId: report.venueOrderId });
          if (fresh !== undefined && isWorking(fresh.status)) seen.add(this.revive(accountId, venue, state, entry, fresh));
          continue;
        }
        seen.add(entry);
        this.applier.applyOrderReport(entry, report);
        if (report.filledQuantity.gt(entry.order.filledQuantity))
          await this.dispatcher.fetchMissedFills(entry);
      }
      for (const entry of this.context.cache.openFor({ accountId })) {
        if (seen.has(entry) || entry.inFlight || entry.deadLettered) continue;
        if (entry.hold !== undefined && !entry.released) continue;
        if (
          entry.order.status === 'initialized' ||
          (entry.order.status === 'triggered' && entry.order.venueClientOrderId === undefined)
        )
          continue;
        const outcome = await this.dispatcher.settleByLookup(entry);
        if (outcome === 'failed') {
          item('lookup-failed', entry.order.clientOrderId, `could not look up ${entry.order.clientOrderId}`);
        } else if (outcome === 'absent') {
          const status = entry.order.status;
          if (status === 'submitted' || status === 'unknown') {
            if (scope.startup === true || status === 'unknown') this.dispatcher.settleAbsent(entry, 1);
          } else {
            item(
              'order-missing-at-venue',
              entry.order.clientOrderId,
              `${entry.order.clientOrderId} is ${status} in the engine but unknown at ${venue}`,
            );
          }
        }
      }
      await this.reconcileFills(accountId, venue, state, startedAt);
      for (const [revived, description] of state.revived) {
        if (revived.order.isTerminal()) state.revived.delete(revived);
        else item('order-live-at-venue', revived.order.clientOrderId, description);
      }
    } catch (error) {
      item('venue-unreachable', `venue:${venue}`, `${venue} could not be reconciled: ${errorText(error)}`);
    }
    return items;
  }

  /**
   * The venue works an order TMT settled as finished (rejected after lookups found nothing, canceled, ...).
   * The venue is the truth: the order is adopted under a new engine id so that its fills and cancels are
   * managed, a drift alert goes out, and the account stays unresolved (out of ACTIVE) until the order ends.
   */
  private revive(
    accountId: AccountId,
    venue: VenueName,
    state: AccountReconciliation,
    settled: OrderEntry,
    report: OrderStatusReport,
  ): OrderEntry {
    const adopted = this.adoption.adopt(report, venue);
    const description = `${settled.order.clientOrderId} is ${settled.order.status} in TMT but working at ${venue} as ${report.venueOrderId}; adopted as ${adopted.order.clientOrderId}`;
    state.revived.set(adopted, description);
    this.context.alert('drift', 'critical', description, {
      accountId,
      venue,
      details: {
        clientOrderId: settled.order.clientOrderId,
        status: settled.order.status,
        venueOrderId: report.venueOrderId,
        adoptedAs: adopted.order.clientOrderId,
      },
    });
    return adopted;
  }

  /** Fills since the last check (with a margin) that the engine has not booked: applied, or adopted. */
  private async reconcileFills(
    accountId: AccountId,
    venue: VenueName,
    state: AccountReconciliation,
    startedAt: Timestamp,
  ): Promise<void> {
    const client = this.context.gateways.get(venue)?.client;
    if (client === undefined) return;
    const since = state.fillsCheckedUntil === undefined ? 0 : state.fillsCheckedUntil - 60_000;
    const fills = await client.fillsSince(accountId, since);
    const orphans = new Map<string, FillReport[]>();
    for (const fill of fills) {
      const entry = this.applier.findEntry(fill);
      if (entry !== undefined) {
        this.applier.applyFill(entry, fill);
        continue;
      }
      const list = orphans.get(fill.venueOrderId);
      if (list === undefined) orphans.set(fill.venueOrderId, [fill]);
      else list.push(fill);
    }
    for (const [venueOrderId, orderFills] of orphans) {
      const status = await client.orderStatus({
        accountId,
        venueOrderId: orderFills[0]?.venueOrderId ?? (venueOrderId as never),
      });
      this.adoption.adoptFromFills(orderFills, venue, status);
    }
    state.fillsCheckedUntil = startedAt;
  }

  private async reconcilePositions(
    accountId: AccountId,
    venue: VenueName,
    previous: Map<string, UnresolvedItem>,
    startedAt: Timestamp,
  ): Promise<Map<string, UnresolvedItem>> {
    const items = new Map<string, UnresolvedItem>();
    const gateway = this.context.gateways.get(venue);
    if (gateway === undefined || !gateway.client.capabilities.positions) return items;
    try {
      const venueNet = new Map<InstrumentId, Decimal>();
      for (const report of await gateway.client.positions(accountId)) {
        venueNet.set(
          report.instrumentId,
          (venueNet.get(report.instrumentId) ?? D.ZERO).add(report.signedQuantity),
        );
      }
      const instruments = new Set<InstrumentId>(venueNet.keys());
      for (const position of this.context.portfolio.positions(accountId))
        instruments.add(position.instrumentId);
      for (const instrumentId of instruments) {
        const theirs = venueNet.get(instrumentId) ?? D.ZERO;
        const ours = this.context.portfolio.netQuantity(accountId, instrumentId);
        if (theirs.eq(ours)) continue;
        const key = `position:${instrumentId}`;
        const known = previous.get(key);
        items.set(key, {
          kind: 'position-mismatch',
          key,
          description: `${instrumentId}: engine ${ours.toString()}, venue ${theirs.toString()}`,
          since: known?.since ?? startedAt,
        });
        if (known === undefined) {
          this.context.alert('drift', 'critical', `position drift on ${accountId} ${instrumentId}`, {
            accountId,
            venue,
            details: { instrumentId, engine: ours.toString(), venue: theirs.toString() },
          });
        }
      }
    } catch (error) {
      items.set(`venue:${venue}`, {
        kind: 'venue-unreachable',
        key: `venue:${venue}`,
        description: errorText(error),
        since: previous.get(`venue:${venue}`)?.since ?? startedAt,
      });
    }
    return items;
  }
}

function isWorking(status: OrderStatusReport['status']): boolean {
  return !['canceled', 'expired', 'rejected', 'filled', 'denied', 'initialized'].includes(status);
}
