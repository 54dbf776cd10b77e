import type { Clock } from '../../../core/clock';
import type { VenueConnectionState } from '../../../core/events';
import type { AccountId } from '../../../core/identifiers';
import type { VenueReport } from '../../../core/reports';
import type { Logger } from '../../../shared/logger';
import { readOrder, reportOf, fillOf, type TlOrder } from '../parse/orders';
import type { Row } from '../parse/wire';
import type { InstrumentTable } from '../symbols';

/** What the poller reads each round; the execution client supplies it over the REST client. */
export interface PollSource {
  openOrders(): Promise<readonly Row[]>;
  history(fromMs: number): Promise<readonly Row[]>;
  executions(): Promise<readonly Row[]>;
}

export interface ReportPollerOptions {
  readonly accountId: AccountId;
  readonly currency: string;
  readonly source: PollSource;
  readonly instruments: () => InstrumentTable;
  readonly clientIdOf: (orderId: string) => string | undefined;
  /** Every order row read (open or final): the client's index learns venue ids and positions from it. */
  readonly onOrder: (order: TlOrder) => void;
  readonly emit: (report: VenueReport) => void;
  readonly onState: (state: VenueConnectionState, reason?: string) => void;
  readonly intervalMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * TradeLocker's public REST API has no push channel for orders or fills, so the report stream is made by
 * polling: each round reads open orders and executions, reports every new execution once (by its id) and
 * every order whose status, filled size or modification time moved; an order that left the open list is read
 * from the orders history for its final state. A failed round is logged; the first good one after it reports
 * a gap, so the engine reconciles what it may have missed. `poke()` runs a round now (after a submit).
 */
export class ReportPoller {
  private readonly open = new Map<string, string>();
  /** Rounds an order has been missing from both the open list and the history (dropped after a few). */
  private readonly missing = new Map<string, number>();
  private readonly seenFills = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private failing = false;
  private started = false;

  constructor(private readonly options: ReportPollerOptions) {}

  /** Baseline: what exists now is known, not news; then rounds every intervalMs. */
  async start(): Promise<void> {
    this.stopped = false;
    this.options.onState('connecting');
    const [orders, executions] = await Promise.all([this.options.source.openOrders(), this.options.source.executions()]);
    for (const row of executions) this.seenFills.add(String(row['id']));
    for (const row of orders) {
      const read = readOrder(row, this.options.instruments());
      if (read.ok) {
        this.open.set(read.order.orderId, signature(read.order));
        this.options.onOrder(read.order);
      }
    }
    this.started = true;
    this.options.onState('connected');
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.options.onState('disconnected');
  }

  /**
   * An order the adapter just placed: followed from now on even if it never shows in the open list (a market
   * order fills at once), so its final state is reported from the history.
   */
  track(orderId: string): void {
    if (!this.open.has(orderId)) this.open.set(orderId, '');
  }

  /** A round now (or right after the one under way), so a submit's fill is reported without waiting a period. */
  poke(): Promise<void> {
    if (!this.started || this.stopped) return Promise.resolve();
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.poke();
      }
    });
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.poke().finally(() => this.schedule());
    }, this.options.intervalMs);
    this.timer.unref?.();
  }

  private async round(): Promise<void> {
    try {
      await this.readOnce();
      if (this.failing) {
        this.failing = false;
        this.options.onState('connected');
        this.options.emit({ kind: 'gap', accountId: this.options.accountId, reason: 'tradelocker polling resumed after failures' });
      }
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.options.onState('reconnecting', error instanceof Error ? error.message : String(error));
      }
      this.options.logger.warn({ err: error, accountId: this.options.accountId }, 'tradelocker poll failed');
    }
  }

  private async readOnce(): Promise<void> {
    const { accountId, currency } = this.options;
    const instruments = this.options.instruments();
    const now = this.options.clock.now();
    // Executions first: a fill is reported before the order status that counts it.
    for (const row of await this.options.source.executions()) {
      const id = String(row['id']);
      if (this.seenFills.has(id)) continue;
      const fill = fillOf(accountId, currency, row, instruments, this.options.clientIdOf);
      if (fill === undefined) {
        this.options.emit({ kind: 'unrecognized', description: `execution ${id} on an instrument the adapter does not trade`, raw: JSON.stringify(row) });
        this.seenFills.add(id);
        continue;
      }
      this.seenFills.add(id);
      this.options.emit({ kind: 'fill', report: fill });
    }
    const stillOpen = new Set<string>();
    for (const row of await this.options.source.openOrders()) {
      const read = readOrder(row, instruments);
      if (!read.ok) {
        this.options.emit({ kind: 'unrecognized', description: read.description, raw: JSON.stringify(row) });
        continue;
      }
      stillOpen.add(read.order.orderId);
      this.options.onOrder(read.order);
      const seen = signature(read.order);
      if (this.open.get(read.order.orderId) !== seen) {
        this.open.set(read.order.orderId, seen);
        this.options.emit({ kind: 'order', report: reportOf(accountId, read.order, now) });
      }
    }
    const gone = [...this.open.keys()].filter((id) => !stillOpen.has(id));
    if (gone.length === 0) return;
    const wanted = new Set(gone);
    for (const row of await this.options.source.history(now - 86_400_000)) {
      const read = readOrder(row, instruments);
      if (!read.ok || !wanted.has(read.order.orderId)) continue;
      this.options.onOrder(read.order);
      this.open.delete(read.order.orderId);
      this.missing.delete(read.order.orderId);
      wanted.delete(read.order.orderId);
      this.options.emit({ kind: 'order', report: reportOf(accountId, read.order, now) });
    }
    // An order in neither list (history trimmed by the broker): after a few rounds it is left to reconciliation.
    for (const id of wanted) {
      const rounds = (this.missing.get(id) ?? 0) + 1;
      if (rounds < MISSING_ROUNDS) this.missing.set(id, rounds);
      else {
        this.missing.delete(id);
        this.open.delete(id);
        this.options.emit({ kind: 'gap', accountId, reason: `tradelocker order ${id} left the open orders and is not in the history` });
      }
    }
  }
}

const MISSING_ROUNDS = 5;

function signature(order: TlOrder): string {
  return `${order.wireStatus}|${order.filledQuantity.toString()}|${order.quantity.toString()}|${order.price?.toString() ?? ''}|${order.stopPrice?.toString() ?? ''}|${order.lastModified}`;
}
