import type { OrderRequest, OrderStatusReport, SubmitResult } from '../../core';
import { detach } from '../detach';
import { TmtError, isTmtError } from '../../core';
import type { EngineContext } from '../context';
import type { OrderEntry } from '../oms/order-cache';
import { DEFAULT_BACKOFF, withRetry } from '../resiliency/backoff';
import type { DeadLetterQueue } from '../resiliency/dead-letter-queue';
import { releasedRequest } from '../emulation/release';
import { venueShaped } from '../emulation/venue-shape';
import type { ReportApplier } from './report-applier';
import { errorText, mayHaveReachedVenue } from './venue-gateway';

/**
 * Sends submits and cancels to venues and turns every answer into order events. A failure after sending
 * leaves the order in 'unknown' until a lookup by venue client id settles it; nothing is resent before.
 * A failure known to have happened before sending (connection refused, circuit open) is retried with
 * backoff, then dead-lettered.
 */
export class Dispatcher {
  constructor(
    private readonly context: EngineContext,
    private readonly applier: ReportApplier,
    private readonly deadLetters: DeadLetterQueue | undefined,
  ) {}

  /** The order as the venue sees it: an emulated order triggered into its plain form. */
  venueRequest(entry: OrderEntry): OrderRequest {
    const request = entry.released ? releasedRequest(entry.order) : currentRequest(entry);
    const capabilities = this.context.gateways.get(entry.venue)?.client.capabilities;
    return capabilities === undefined ? request : venueShaped(request, capabilities);
  }

  async sendSubmit(entry: OrderEntry): Promise<void> {
    const { context } = this;
    const order = entry.order;
    const gateway = context.gateways.get(entry.venue);
    const venueClientOrderId = order.venueClientOrderId;
    if (gateway === undefined || venueClientOrderId === undefined) {
      throw new Error(`order ${order.clientOrderId} cannot be sent: no gateway or venue client id`);
    }
    const submission = { request: this.venueRequest(entry), venueClientOrderId };
    let result: SubmitResult;
    entry.inFlight = true;
    try {
      result = await withRetry(
        () => gateway.submit(submission),
        context.clock,
        DEFAULT_BACKOFF,
        context.random,
      );
      entry.inFlight = false;
    } catch (error) {
      entry.inFlight = false;
      if (mayHaveReachedVenue(error)) {
        this.markUnknown(entry, errorText(error));
        this.followStraggler(entry, gateway.submitInFlight(venueClientOrderId));
        return;
      }
      if (refusedBeforeSending(error)) {
        // Certainly never left: rejected with the code, so it neither counts as open nor waits for a timeout.
        this.context.book.apply(
          entry,
          this.context.book.events.make(order, 'OrderRejected', {
            code: error.code,
            reason: `not sent: ${error.message}`,
          }),
        );
        return;
      }
      await this.deadLetter(entry, 'SubmitOrder', error);
      return;
    }
    this.applySubmitResult(entry, result);
  }

  /**
   * A submit we stopped waiting for is still with the client (held by a rate limiter, or on the wire). When it
   * finally answers, the answer settles the order if nothing else has yet; a transport failure leaves it to
   * the lookups, which meanwhile do not settle it as absent.
   */
  private followStraggler(entry: OrderEntry, request: Promise<SubmitResult> | undefined): void {
    if (request === undefined) return;
    request.then(
      (result) => {
        if (entry.order.status === 'unknown') this.applySubmitResult(entry, result);
      },
      () => undefined,
    );
  }

  applySubmitResult(entry: OrderEntry, result: SubmitResult): void {
    const { book } = this.context;
    const order = entry.order;
    if (result.status === 'rejected') {
      if (order.status === 'submitted' || order.status === 'unknown' || order.status === 'pending-cancel') {
        book.apply(
          entry,
          book.events.make(order, 'OrderRejected', {
            code: result.code,
            reason: result.reason,
            venueReason: result.venueReason,
          }),
        );
      }
      return;
    }
    if (order.status === 'submitted' || order.status === 'unknown' || order.status === 'pending-cancel') {
      this.applier.accept(entry, result.venueOrderId, this.context.clock.now());
    }
    for (const fill of result.fills ?? []) this.applier.applyFill(entry, fill);
    if (result.report !== undefined) this.applier.applyOrderReport(entry, result.report);
    // A cancel asked for while the submit was still on its way may have found nothing at the venue: again.
    const wanted = entry.cancelRequested;
    if (wanted !== undefined && !order.isTerminal() && order.status !== 'pending-cancel') {
      detach(
        this.sendCancel(entry, wanted.reason, wanted.code),
        this.context.logger,
        `cancel of ${order.clientOrderId}`,
      );
    }
  }

  async sendCancel(entry: OrderEntry, reason: string, code?: string): Promise<void> {
    const { context } = this;
    const { book } = context;
    const order = entry.order;
    if (order.isTerminal()) return;
    if (entry.hold !== undefined && !entry.released) {
      // Held by the engine: nothing is at the venue, the cancel is local.
      book.apply(
        entry,
        book.events.make(order, 'OrderCanceled', { reason, ...(code === undefined ? {} : { code }) }),
      );
      return;
    }
    const gateway = context.gateways.get(entry.venue);
    const venueClientOrderId = order.venueClientOrderId;
    if (gateway === undefined || venueClientOrderId === undefined) return;
    entry.cancelRequested = { reason, code };
    book.apply(entry, book.events.make(order, 'OrderPendingCancel', {}));
    try {
      const result = await gateway.cancel({
        accountId: order.request.accountId,
        instrumentId: order.request.instrumentId,
        venueClientOrderId,
        ...(order.venueOrderId === undefined ? {} : { venueOrderId: order.venueOrderId }),
      });
      if (result.status === 'canceled') {
        if (result.report !== undefined) this.applier.applyOrderReport(entry, result.report);
        if (!order.isTerminal()) {
          book.apply(
            entry,
            book.events.make(order, 'OrderCanceled', { reason, ...(code === undefined ? {} : { code }) }),
          );
        }
        return;
      }
      if (order.status === 'pending-cancel') {
        book.apply(
          entry,
          book.events.make(order, 'OrderCancelRejected', { code: result.code, reason: result.reason }),
        );
      }
      // The venue may refuse because the order already ended (filled, canceled): ask it what happened.
      this.scheduleLookup(entry, 0);
    } catch (error) {
      if (isTmtError(error, 'VENUE_CIRCUIT_OPEN') || isTmtError(error, 'VENUE_UNAVAILABLE')) {
        await this.deadLetter(entry, 'CancelOrder', error);
        return;
      }
      context.logger.warn(
        { clientOrderId: order.clientOrderId, error: errorText(error) },
        'cancel outcome unknown',
      );
      this.scheduleLookup(entry, 0);
    }
  }

  /** Applies what the venue says about the order (a modify's answer, a held report). */
  applyReport(entry: OrderEntry, report: OrderStatusReport): void {
    this.applier.applyOrderReport(entry, report);
  }

  markUnknown(entry: OrderEntry, reason: string): void {
    const { book } = this.context;
    book.apply(entry, book.events.make(entry.order, 'OrderOutcomeUnknown', { reason }));
    this.scheduleLookup(entry, 0);
  }

  scheduleLookup(entry: OrderEntry, attempt: number): void {
    const { timings, clock } = this.context;
    const delay = Math.min(timings.lookupDelayMs * 2 ** attempt, 60_000);
    clock.setTimeout(delay, () => {
      detach(this.lookup(entry, attempt), this.context.logger, `lookup of ${entry.order.clientOrderId}`);
    });
  }

  /**
   * Asks the venue for the order by its venue client id and applies what it says. Returns 'absent' when the
   * venue has never seen it, 'failed' when the lookup itself failed.
   */
  async settleByLookup(entry: OrderEntry): Promise<'found' | 'absent' | 'failed'> {
    const { context } = this;
    const order = entry.order;
    const gateway = context.gateways.get(entry.venue);
    if (gateway === undefined || order.venueClientOrderId === undefined) return 'failed';
    try {
      const report = await gateway.orderStatus({
        accountId: order.request.accountId,
        instrumentId: order.request.instrumentId,
        venueClientOrderId: order.venueClientOrderId,
      });
      if (report === undefined) return 'absent';
      this.applier.applyOrderReport(entry, report);
      if (report.filledQuantity.gt(order.filledQuantity)) await this.fetchMissedFills(entry);
      if (order.status === 'pending-cancel' && report.status !== 'pending-cancel') {
        context.book.apply(
          entry,
          context.book.events.make(order, 'OrderCancelRejected', {
            code: 'VENUE_REJECTED',
            reason: `venue reports ${report.status}`,
          }),
        );
      }
      return 'found';
    } catch (error) {
      context.logger.warn(
        { clientOrderId: order.clientOrderId, error: errorText(error) },
        'order lookup failed',
      );
      return 'failed';
    }
  }

  /** The venue has never seen the order: it is settled as rejected, never resent behind the client's back. */
  settleAbsent(entry: OrderEntry, lookups: number): void {
    const { book } = this.context;
    const order = entry.order;
    if (order.status !== 'submitted' && order.status !== 'unknown') return;
    if (this.requestStillOut(entry)) return;
    book.apply(
      entry,
      book.events.make(order, 'OrderRejected', {
        code: 'VENUE_UNKNOWN_ORDER',
        reason: `the venue has no order with client id ${order.venueClientOrderId ?? '?'} after ${lookups} lookup(s): it never arrived`,
      }),
    );
  }

  async fetchMissedFills(entry: OrderEntry): Promise<void> {
    const { context } = this;
    const gateway = context.gateways.get(entry.venue);
    if (gateway === undefined) return;
    const since = entry.order.events[0]?.occurredAt ?? 0;
    const fills = await gateway.client.fillsSince(entry.order.request.accountId, since);
    for (const fill of fills) {
      if (this.applier.findEntry(fill) === entry) this.applier.applyFill(entry, fill);
    }
  }

  async resendFromDeadLetter(entry: OrderEntry, commandType: string): Promise<void> {
    entry.deadLettered = false;
    // Sent again: the order counts as open once more (it stopped counting when its submit was dead-lettered).
    if (commandType === 'SubmitOrder') this.context.risk.onOrderOpened?.(entry.order);
    if (commandType === 'CancelOrder') await this.sendCancel(entry, 'retried from the dead-letter queue');
    else await this.sendSubmit(entry);
  }

  private async lookup(entry: OrderEntry, attempt: number): Promise<void> {
    const status = entry.order.status;
    if (status !== 'unknown' && status !== 'submitted' && status !== 'pending-cancel') return;
    const outcome = await this.settleByLookup(entry);
    if (outcome === 'found') return;
    // Not found while our request may still arrive proves nothing: ask again later, without counting.
    if (outcome === 'absent' && this.requestStillOut(entry)) {
      this.scheduleLookup(entry, attempt);
      return;
    }
    if (outcome === 'failed' || attempt + 1 < this.context.timings.lookupAttempts) {
      this.scheduleLookup(entry, attempt + 1);
      return;
    }
    this.settleAbsent(entry, attempt + 1);
  }

  /** A submit for the order that the venue client has not yet answered or failed (it may still arrive). */
  requestStillOut(entry: OrderEntry): boolean {
    const id = entry.order.venueClientOrderId;
    if (entry.inFlight) return true;
    return id !== undefined && this.context.gateways.get(entry.venue)?.submitInFlight(id) !== undefined;
  }

  private async deadLetter(
    entry: OrderEntry,
    commandType: 'SubmitOrder' | 'CancelOrder',
    error: unknown,
  ): Promise<void> {
    const { context } = this;
    const order = entry.order;
    entry.deadLettered = true;
    // A submit that certainly never left is not open at the venue: it waits in the queue for an operator and
    // stops counting toward open-order limits and pending exposure meanwhile (issue 15 item 15).
    if (commandType === 'SubmitOrder') context.risk.onOrderClosed?.(order);
    if (this.deadLetters === undefined) {
      context.logger.error(
        { clientOrderId: order.clientOrderId, error: errorText(error) },
        'undeliverable command and no dead-letter store',
      );
      return;
    }
    const letter = await this.deadLetters.add(
      { commandType, accountId: order.request.accountId, clientOrderId: order.clientOrderId },
      error,
      isTmtError(error, 'VENUE_CIRCUIT_OPEN') ? 1 : DEFAULT_BACKOFF.attempts,
    );
    context.alert(
      'dead-letter',
      'warning',
      `${commandType} for ${order.clientOrderId} could not be delivered`,
      {
        accountId: order.request.accountId,
        venue: entry.venue,
        details: { deadLetterId: letter.id, error: letter.error },
      },
    );
  }
}

/**
 * Refusals that prove the order was not sent and that the caller acts on (wait, retry later): the breaker
 * refused it, or the venue's rate limit or ban held after the retries. Other never-sent failures (the venue
 * unreachable) go to the dead-letter queue, from which an operator can resend the same order.
 */
function refusedBeforeSending(error: unknown): error is TmtError {
  return (
    isTmtError(error, 'VENUE_CIRCUIT_OPEN') ||
    isTmtError(error, 'VENUE_RATE_LIMITED') ||
    isTmtError(error, 'VENUE_BANNED')
  );
}

/** The request with any modifications applied (quantity, prices). */
export function currentRequest(entry: OrderEntry): OrderRequest {
  const order = entry.order;
  const request = order.request;
  if (
    order.quantity === request.quantity &&
    order.price === request.price &&
    order.triggerPrice === request.triggerPrice
  ) {
    return request;
  }
  return {
    ...request,
    quantity: order.quantity,
    ...(order.price === undefined ? {} : { price: order.price }),
    ...(order.triggerPrice === undefined ? {} : { triggerPrice: order.triggerPrice }),
  };
}

export function unsupported(message: string): TmtError {
  return new TmtError('OMS_MODIFY_NOT_SUPPORTED', message);
}
