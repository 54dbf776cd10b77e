import type { AccountId, InstrumentId, OrderStatusReport, VenueClient } from '../../core';
import { TmtError, isTmtError } from '../../core';
import type { EngineContext } from '../context';
import type { Dispatcher } from '../execution/dispatcher';
import { errorText } from '../execution/venue-gateway';
import type { VenueGateway } from '../execution/venue-gateway';
import type { OrderEntry } from '../oms/order-cache';

/** Cancels in flight at once per venue; the adapter's own limiter paces them to the venue's published rate. */
export const CANCEL_CONCURRENCY = 64;
/**
 * Batch cancels of one venue go one after another: each clears a whole instrument, so there are few, and a
 * request already in flight when a 429 comes back would land inside its Retry-After window, which Binance
 * answers with an IP ban (HTTP 418).
 */
export const BATCH_CONCURRENCY = 1;
/** Attempts per order when the venue refuses a cancel yet still shows the order open. */
const REFUSALS_BEFORE_GIVING_UP = 5;
/** Attempts on rate limits and bans: with the backoff cap this spans well over ten minutes. */
const RATE_LIMIT_ATTEMPTS = 40;
const BACKOFF_FIRST_MS = 100;
const BACKOFF_CAP_MS = 30_000;

const REASON = 'kill switch';
const CODE = 'RISK_TRADING_HALTED';

/** What each cancel attempt adds to the kill switch's running count. */
export interface CancelTally {
  onCanceled(entry: OrderEntry | undefined): void;
  onFailure(text: string): void;
}

/**
 * The kill switch's cancels. Unlike a user cancel, a cancel refused by a rate limit (HTTP 429, -1003) or a
 * ban (HTTP 418) is sent again after the venue's wait until the order is canceled or gone: the adapters hold
 * a request until their limiter's Retry-After has passed, and a ban carries its end (`bannedUntil`).
 */
export class KillCancels {
  constructor(
    private readonly context: EngineContext,
    private readonly dispatcher: Dispatcher,
    private readonly tally: CancelTally,
  ) {}

  /** One venue's known open orders: batched per (account, instrument) where the venue cancels in batches. */
  async cancelAtVenue(gateway: VenueGateway, entries: readonly OrderEntry[]): Promise<void> {
    const client = gateway.client;
    if (client.capabilities.cancelAll && client.cancelAllOrders !== undefined) {
      const groups = new Map<string, OrderEntry[]>();
      const doubtful = entries.filter(inDoubt);
      for (const entry of entries) {
        if (inDoubt(entry)) continue;
        const key = `${entry.order.request.accountId}\u0000${entry.order.request.instrumentId}`;
        const group = groups.get(key);
        if (group === undefined) groups.set(key, [entry]);
        else group.push(entry);
      }
      await Promise.all([
        pool([...groups.values()], BATCH_CONCURRENCY, (group) => this.cancelBatch(client, group)),
        pool(doubtful, CANCEL_CONCURRENCY, (entry) => this.cancelOne(gateway, entry)),
      ]);
      return;
    }
    await pool(entries, CANCEL_CONCURRENCY, (entry) => this.cancelOne(gateway, entry));
  }

  /**
   * One batch request for every open order of an account on an instrument. Orders the answer does not list
   * (filled meanwhile, or never there) are settled one by one, which asks the venue what became of them.
   */
  private async cancelBatch(client: VenueClient, group: readonly OrderEntry[]): Promise<void> {
    const first = group[0];
    if (first === undefined) return;
    const { accountId, instrumentId } = first.order.request;
    // No OrderPendingCancel per order here: one request covers them all, and 500 extra journaled events would
    // cost as much as the cancels. An order still shown open after a crash mid-batch is settled by
    // reconciliation against the venue, as any order whose cancel outcome is unknown.
    for (const entry of group) entry.cancelRequested = { reason: REASON, code: CODE };
    let reports: readonly OrderStatusReport[];
    try {
      reports = await this.retrying(() => this.batch(client, accountId, instrumentId), `${instrumentId} cancel-all`);
    } catch (error) {
      this.context.logger.warn({ instrumentId, error: errorText(error) }, 'batch cancel failed; canceling one by one');
      reports = [];
    }
    const byVenueOrderId = new Map<string, OrderEntry>();
    for (const entry of group) for (const id of entry.order.venueOrderIds) byVenueOrderId.set(id, entry);
    for (const report of reports) {
      const entry =
        byVenueOrderId.get(report.venueOrderId) ??
        (report.venueClientOrderId === undefined
          ? undefined
          : this.context.cache.byVenueClientOrderId(report.venueClientOrderId));
      if (entry === undefined) {
        this.tally.onCanceled(undefined); // an order TMT did not know, canceled with the rest
        continue;
      }
      await this.applyCanceled(entry, report);
    }
    const gateway = this.context.gateways.get(first.venue);
    if (gateway === undefined) return;
    const rest = group.filter((entry) => !entry.order.isTerminal());
    await pool(rest, CANCEL_CONCURRENCY, (entry) => this.cancelOne(gateway, entry));
  }

  private batch(
    client: VenueClient,
    accountId: AccountId,
    instrumentId: InstrumentId,
  ): Promise<readonly OrderStatusReport[]> {
    const cancelAll = client.cancelAllOrders?.bind(client);
    if (cancelAll === undefined) return Promise.resolve([]);
    return this.withTimeout(cancelAll(accountId, instrumentId), `${client.venue} cancel-all ${instrumentId}`);
  }

  /** Cancels one known order until the venue confirms it canceled or shows it ended (filled, gone). */
  async cancelOne(gateway: VenueGateway, entry: OrderEntry): Promise<void> {
    const order = entry.order;
    if (inDoubt(entry)) {
      // Not yet acknowledged: the venue may not know it yet. The dispatcher's cancel notes the request and
      // cancels again when the acknowledgement arrives, which an "absent" here must not pre-empt.
      await this.dispatcher.sendCancel(entry, REASON, CODE);
      if (order.isTerminal()) this.tally.onCanceled(entry);
      return;
    }
    let refusals = 0;
    for (let attempt = 0; attempt < RATE_LIMIT_ATTEMPTS; attempt++) {
      if (order.isTerminal()) return this.tally.onCanceled(entry);
      const venueClientOrderId = order.venueClientOrderId;
      if (venueClientOrderId === undefined) return;
      this.markPending(entry);
      try {
        const result = await gateway.cancel({
          accountId: order.request.accountId,
          instrumentId: order.request.instrumentId,
          venueClientOrderId,
          ...(order.venueOrderId === undefined ? {} : { venueOrderId: order.venueOrderId }),
        });
        if (result.status === 'canceled') return await this.applyCanceled(entry, result.report);
        // Refused: the order may have ended meanwhile. The venue's own view decides.
        const found = await this.dispatcher.settleByLookup(entry);
        if (order.isTerminal()) return this.tally.onCanceled(entry);
        if (found === 'absent') return this.gone(entry);
        refusals++;
        if (refusals >= REFUSALS_BEFORE_GIVING_UP) {
          return this.tally.onFailure(`${order.clientOrderId}: ${result.code} ${result.reason}`);
        }
        await this.sleep(backoff(attempt));
      } catch (error) {
        const wait = rateLimitWait(error, attempt, this.context.clock.now());
        if (wait !== undefined) {
          this.context.logger.warn(
            { clientOrderId: order.clientOrderId, error: errorText(error), waitMs: wait },
            'kill switch cancel refused by a rate limit; sending again after the wait',
          );
          await this.sleep(wait);
          continue;
        }
        // Outcome unknown (timeout, lost answer): ask the venue before sending again.
        const found = await this.dispatcher.settleByLookup(entry);
        if (order.isTerminal()) return this.tally.onCanceled(entry);
        if (found === 'absent') return this.gone(entry);
        await this.sleep(backoff(attempt));
      }
    }
    this.tally.onFailure(`${order.clientOrderId}: still open after ${RATE_LIMIT_ATTEMPTS} cancel attempts`);
  }

  /** A cancel for an order the engine does not know (placed outside TMT, or not yet reported). */
  async cancelUnknown(gateway: VenueGateway, report: OrderStatusReport, accountId: AccountId): Promise<void> {
    const venueClientOrderId = report.venueClientOrderId;
    if (venueClientOrderId === undefined) return;
    try {
      const result = await this.retrying(
        () =>
          gateway.cancel({
            accountId,
            instrumentId: report.instrumentId,
            venueClientOrderId,
            venueOrderId: report.venueOrderId,
          }),
        `cancel ${report.venueOrderId}`,
      );
      if (result.status === 'rejected') this.tally.onFailure(`${report.venueOrderId}: ${result.reason}`);
      else this.tally.onCanceled(undefined);
    } catch (error) {
      this.tally.onFailure(`${report.venueOrderId}: ${errorText(error)}`);
    }
  }

  /** Runs `call` again after each rate-limit or ban wait; any other failure is thrown. */
  async retrying<T>(call: () => Promise<T>, what: string): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const wait = rateLimitWait(error, attempt, this.context.clock.now());
        if (wait === undefined || attempt + 1 >= RATE_LIMIT_ATTEMPTS) throw error;
        this.context.logger.warn({ what, error: errorText(error), waitMs: wait }, 'rate limited; waiting');
        await this.sleep(wait);
      }
    }
  }

  private markPending(entry: OrderEntry): void {
    const { book } = this.context;
    entry.cancelRequested = { reason: REASON, code: CODE };
    if (entry.order.isTerminal() || entry.order.status === 'pending-cancel') return;
    book.apply(entry, book.events.make(entry.order, 'OrderPendingCancel', {}));
  }

  private async applyCanceled(entry: OrderEntry, report: OrderStatusReport | undefined): Promise<void> {
    const { book } = this.context;
    const order = entry.order;
    // Fills that raced the cancel are venue truth: fetched before the order is closed.
    if (report !== undefined && report.filledQuantity.gt(order.filledQuantity)) {
      await this.dispatcher.fetchMissedFills(entry).catch((error: unknown) =>
        this.context.logger.warn({ clientOrderId: order.clientOrderId, error: errorText(error) }, 'missed fills'),
      );
    }
    if (!order.isTerminal()) book.apply(entry, book.events.make(order, 'OrderCanceled', { reason: REASON, code: CODE }));
    this.tally.onCanceled(entry);
  }

  /** The venue has no such order: nothing is left to cancel. */
  private gone(entry: OrderEntry): void {
    const { book } = this.context;
    if (!entry.order.isTerminal()) {
      book.apply(
        entry,
        book.events.make(entry.order, 'OrderCanceled', { reason: `${REASON}: the venue has no such order`, code: CODE }),
      );
    }
    this.tally.onCanceled(entry);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.context.clock.setTimeout(ms, resolve));
  }

  private withTimeout<T>(request: Promise<T>, what: string): Promise<T> {
    const timeoutMs = this.context.timings.requestTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const cancel = this.context.clock.setTimeout(timeoutMs, () =>
        reject(new TmtError('VENUE_TIMEOUT', `${what}: no answer within ${timeoutMs} ms`)),
      );
      request.then(
        (value) => {
          cancel();
          resolve(value);
        },
        (error: unknown) => {
          cancel();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}

/**
 * How long to wait before sending again after a refusal that says "not now" (undefined: any other failure).
 * A ban carries its end; a 429 is held by the adapter's limiter until Retry-After, so a short pause suffices.
 */
export function rateLimitWait(error: unknown, attempt: number, now: number): number | undefined {
  if (!isTmtError(error)) return undefined;
  switch (error.code) {
    case 'VENUE_BANNED': {
      const until = Number(error.details.bannedUntil);
      return Number.isFinite(until) && until > now ? Math.min(until - now + 10, 10 * 60_000) : backoff(attempt);
    }
    case 'VENUE_RATE_LIMITED':
    case 'VENUE_CIRCUIT_OPEN':
    case 'VENUE_UNAVAILABLE': {
      const after = Number(error.details.retryAfterMs);
      return Number.isFinite(after) && after > 0 ? after : backoff(attempt);
    }
    default:
      return undefined;
  }
}

/** A submit still on its way, or one whose outcome is unknown: the venue may not have it yet. */
function inDoubt(entry: OrderEntry): boolean {
  const status = entry.order.status;
  return entry.inFlight || status === 'submitted' || status === 'unknown';
}

function backoff(attempt: number): number {
  return Math.min(BACKOFF_FIRST_MS * 2 ** attempt, BACKOFF_CAP_MS);
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
