import type {
  Instrument,
  ListSubmitResult,
  OrderRequest,
  VenueListSubmission,
  VenueName,
} from '../../core';
import { TmtError, deriveVenueClientOrderId, isTmtError, listClientOrderIdOf } from '../../core';
import type { EngineContext } from '../context';
import type { ContingencyManager } from '../emulation/contingencies';
import type { OrderEntry } from '../oms/order-cache';
import type { Dispatcher } from './dispatcher';
import { listShape, venueTakesNatively, type ListShape } from './list-shape';
import { errorText, isTransportFailure, mayHaveReachedVenue, type VenueGateway } from './venue-gateway';

/**
 * Native order lists: a list the venue holds as one (it keeps working while TMT is down) goes out in one venue
 * request, every leg under its own venue client id. Like a single submit: every leg's OrderSubmitted is
 * journaled (with the list's client id) before anything leaves; a transport failure after sending leaves
 * every leg `unknown`, each settled by its own lookup, and nothing is resent. The venue runs the contingency
 * (a fill cancels the sibling, a parent fill releases its children); the engine applies what the venue
 * reports, and the contingency manager leaves natively sent legs alone.
 */
export class ListDispatch {
  constructor(
    private readonly context: EngineContext,
    private readonly dispatcher: Dispatcher,
    private readonly contingencies: ContingencyManager,
  ) {}

  /** The list's native shape when its venue takes it as one, else undefined (the engine emulates it). */
  nativeShape(requests: readonly OrderRequest[], venue: VenueName): ListShape | undefined {
    const client = this.context.gateways.get(venue)?.client;
    if (client === undefined) return undefined;
    const shape = listShape(requests);
    if (shape === undefined) return undefined;
    return venueTakesNatively(shape, client.capabilities, client.submitList !== undefined) ? shape : undefined;
  }

  /** Creates, journals and sends the list; returns the legs' entries in the order the caller listed them. */
  async submit(shape: ListShape, instrument: Instrument, venue: VenueName): Promise<readonly OrderEntry[]> {
    const { book, cache } = this.context;
    const gateway = this.context.gateways.get(venue) as VenueGateway;
    const rule = gateway.client.capabilities.clientOrderId;
    const listClientOrderId = listClientOrderIdOf(shape.listId);
    const entries = shape.legs.map((leg) => {
      const { entry } = book.create(leg.request, instrument, venue, undefined, undefined, true);
      this.contingencies.register(entry);
      return entry;
    });
    const durables = entries.map((entry) => {
      const venueClientOrderId = deriveVenueClientOrderId(entry.order.clientOrderId, rule, 0);
      cache.linkVenueClientOrderId(entry, venueClientOrderId);
      return book.applyDurable(
        entry,
        book.events.make(entry.order, 'OrderSubmitted', { venueClientOrderId, nativeListId: listClientOrderId }),
      );
    });
    // The legs are durable before the list leaves: a crash after this point is settled by lookups, never resent.
    await Promise.all(durables.filter((durable): durable is Promise<void> => durable !== undefined));
    const ordered = shape.legs
      .map((leg, i) => ({ index: leg.index, entry: entries[i] as OrderEntry }))
      .sort((a, b) => a.index - b.index)
      .map((x) => x.entry);
    if (this.context.risk.tradingState('global') === 'HALTED') {
      for (const entry of entries) this.endLocally(entry, 'OrderCanceled', 'RISK_TRADING_HALTED', 'trading HALTED before the list was sent');
      return ordered;
    }
    const submission: VenueListSubmission = {
      kind: shape.kind,
      accountId: shape.legs[0]?.request.accountId as OrderRequest['accountId'],
      instrumentId: instrument.id,
      listId: shape.listId,
      listClientOrderId,
      legs: shape.legs.map((leg, i) => {
        const entry = entries[i] as OrderEntry;
        return {
          role: leg.role,
          index: leg.index,
          request: legRequest(this.dispatcher.venueRequest(entry)),
          venueClientOrderId: entry.order.venueClientOrderId as NonNullable<OrderEntry['order']['venueClientOrderId']>,
        };
      }),
    };
    await this.send(gateway, submission, entries);
    return ordered;
  }

  private async send(gateway: VenueGateway, submission: VenueListSubmission, entries: readonly OrderEntry[]): Promise<void> {
    const submitList = gateway.client.submitList?.bind(gateway.client);
    if (submitList === undefined) {
      for (const entry of entries) this.endLocally(entry, 'OrderRejected', 'VENUE_UNSUPPORTED', `not sent: ${gateway.client.venue} has no list verb`);
      return;
    }
    if (!gateway.breaker.tryAcquire()) {
      // Certainly never left: rejected with the code, as a single submit the breaker refuses.
      for (const entry of entries) this.endLocally(entry, 'OrderRejected', 'VENUE_CIRCUIT_OPEN', `not sent: the ${gateway.client.venue} circuit breaker is open`);
      return;
    }
    for (const entry of entries) entry.inFlight = true;
    const request = submitList(submission);
    // Our wait ends at the timeout; the client's request may still reach the venue, so the legs stay in
    // flight (lookups do not settle them absent) until the client itself answers or fails.
    request.then(
      (result) => this.settleStraggler(entries, result),
      () => undefined,
    ).finally(() => {
      for (const entry of entries) entry.inFlight = false;
    });
    let result: ListSubmitResult;
    try {
      result = await this.withTimeout(request, gateway);
      gateway.breaker.recordSuccess();
    } catch (error) {
      if (isTransportFailure(error)) gateway.breaker.recordFailure(`submitList: ${errorText(error)}`);
      if (mayHaveReachedVenue(error)) {
        for (const entry of entries) this.dispatcher.markUnknown(entry, errorText(error));
        return;
      }
      const code = isTmtError(error) ? error.code : 'VENUE_UNAVAILABLE';
      for (const entry of entries) this.endLocally(entry, 'OrderRejected', code, `not sent: ${errorText(error)}`);
      return;
    }
    this.apply(entries, result);
  }

  /** An answer that came after our timeout settles the legs still unknown. */
  private settleStraggler(entries: readonly OrderEntry[], result: ListSubmitResult): void {
    if (entries.some((entry) => entry.order.status === 'unknown')) this.apply(entries, result);
  }

  private apply(entries: readonly OrderEntry[], result: ListSubmitResult): void {
    if (result.status === 'rejected') {
      const reason = result.field === undefined ? result.reason : `${result.field}: ${result.reason}`;
      for (const entry of entries) {
        this.dispatcher.applySubmitResult(entry, {
          status: 'rejected',
          code: result.code,
          reason,
          venueReason: result.venueReason,
        });
      }
      return;
    }
    entries.forEach((entry, i) => {
      const leg = result.legs.find((l) => l.venueClientOrderId === entry.order.venueClientOrderId) ?? result.legs[i];
      const venueOrderId = leg?.venueOrderId ?? leg?.report?.venueOrderId;
      if (venueOrderId === undefined) {
        // The venue took the list but names this leg only later (its stream, or a lookup, settles it).
        this.dispatcher.scheduleLookup(entry, 0);
        return;
      }
      this.dispatcher.applySubmitResult(entry, {
        status: 'accepted',
        venueOrderId,
        ...(leg?.report === undefined ? {} : { report: leg.report }),
      });
    });
  }

  private endLocally(entry: OrderEntry, type: 'OrderRejected' | 'OrderCanceled', code: string, reason: string): void {
    const { book } = this.context;
    if (entry.order.isTerminal()) return;
    book.apply(entry, book.events.make(entry.order, type, { code, reason }));
  }

  private withTimeout<T>(request: Promise<T>, gateway: VenueGateway): Promise<T> {
    const { clock, timings } = this.context;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const cancelTimer = clock.setTimeout(timings.requestTimeoutMs, () => {
        if (done) return;
        done = true;
        reject(new TmtError('VENUE_TIMEOUT', `${gateway.client.venue} submitList: no answer within ${timings.requestTimeoutMs} ms`));
      });
      request.then(
        (value) => {
          if (done) return;
          done = true;
          cancelTimer();
          resolve(value);
        },
        (error: unknown) => {
          if (done) return;
          done = true;
          cancelTimer();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}

/** A leg as the venue gets it: the list itself carries the contingency, so the legs go without theirs. */
function legRequest(request: OrderRequest): OrderRequest {
  const { contingency: _contingency, attached: _attached, ...rest } = request;
  return rest;
}
