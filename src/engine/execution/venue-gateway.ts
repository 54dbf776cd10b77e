import type {
  CancelRequest,
  CancelResult,
  Clock,
  ModifyRequest,
  ModifyResult,
  OrderLookup,
  OrderStatusReport,
  SubmitResult,
  VenueClient,
  VenueOrderSubmission,
} from '../../core';
import { TmtError, isTmtError } from '../../core';
import type { CircuitBreaker } from '../resiliency/circuit-breaker';

export interface GatewayOptions {
  /** How long to wait for a venue answer before the outcome is declared unknown. */
  readonly requestTimeoutMs: number;
}

/**
 * One venue client behind its circuit breaker and a request timeout. A timeout after the request went out
 * becomes VENUE_TIMEOUT (outcome unknown), never a rejection; a refused circuit is VENUE_CIRCUIT_OPEN, which
 * is known not to have been sent.
 */
export class VenueGateway {
  private readonly inFlight = new Set<PendingRequest>();
  private readonly submitsInFlight = new Map<string, Promise<SubmitResult>>();
  private sweepArmed = false;

  constructor(
    readonly client: VenueClient,
    readonly breaker: CircuitBreaker,
    private readonly clock: Clock,
    private readonly options: GatewayOptions,
  ) {}

  submit(submission: VenueOrderSubmission): Promise<SubmitResult> {
    if (!this.breaker.tryAcquire()) return Promise.reject(this.circuitOpen());
    const request = this.client.submit(this.nativePart(submission));
    // Kept until the client itself settles it, past our timeout: a request still queued (a rate limiter) or
    // on the wire may yet reach the venue, so no lookup may settle the order as absent meanwhile.
    const id = submission.venueClientOrderId;
    this.submitsInFlight.set(id, request);
    const done = () => {
      if (this.submitsInFlight.get(id) === request) this.submitsInFlight.delete(id);
    };
    request.then(done, done);
    return this.guard(request, 'submit');
  }

  /** The client's own submit for this id when it has not settled yet (answered, failed), even after a timeout. */
  submitInFlight(venueClientOrderId: string): Promise<SubmitResult> | undefined {
    return this.submitsInFlight.get(venueClientOrderId);
  }

  /**
   * The venue is sent only what it does natively. Order lists are always run by the engine's contingency
   * manager, and attached stop-loss / take-profit orders too unless the venue attaches them on fill itself:
   * forwarding those fields would have the venue refuse (or double) what the engine already handles.
   */
  private nativePart(submission: VenueOrderSubmission): VenueOrderSubmission {
    const request = submission.request;
    const keepAttached = request.attached === undefined || this.client.capabilities.attachedOrders;
    // The common order has neither field: it goes out as it is, with no copy on the submit path.
    if (request.contingency === undefined && keepAttached) return submission;
    const { attached, contingency: _contingency, ...rest } = request;
    return { ...submission, request: keepAttached && attached !== undefined ? { ...rest, attached } : rest };
  }

  cancel(request: CancelRequest): Promise<CancelResult> {
    if (!this.breaker.allowsCancel()) return Promise.reject(this.circuitOpen());
    return this.guard(this.client.cancel(request), 'cancel');
  }

  modify(request: ModifyRequest): Promise<ModifyResult> {
    if (!this.breaker.tryAcquire()) return Promise.reject(this.circuitOpen());
    return this.guard(this.client.modify(request), 'modify');
  }

  /** Lookups go through even when the circuit is open: they are how unknown outcomes get settled. */
  orderStatus(lookup: OrderLookup): Promise<OrderStatusReport | undefined> {
    return this.withTimeout(this.client.orderStatus(lookup), 'orderStatus');
  }

  private circuitOpen(): TmtError {
    return new TmtError('VENUE_CIRCUIT_OPEN', `the ${this.client.venue} circuit breaker is open`);
  }

  private async guard<T>(request: Promise<T>, what: string): Promise<T> {
    try {
      const result = await this.withTimeout(request, what);
      this.breaker.recordSuccess();
      return result;
    } catch (error) {
      if (isTransportFailure(error)) this.breaker.recordFailure(`${what}: ${errorText(error)}`);
      else this.breaker.recordSuccess();
      throw error;
    }
  }

  /**
   * One sweep timer for all requests in flight rather than a timer per request: a timer is an allocation and
   * a heap operation on the submit path. A request times out between 1x and 1.25x the configured timeout.
   */
  private withTimeout<T>(request: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const pending: PendingRequest = {
        deadline: this.clock.now() + this.options.requestTimeoutMs,
        expire: () =>
          reject(
            new TmtError(
              'VENUE_TIMEOUT',
              `${this.client.venue} ${what}: no answer within ${this.options.requestTimeoutMs} ms`,
            ),
          ),
      };
      this.inFlight.add(pending);
      this.armSweep();
      request.then(
        (value) => {
          if (this.inFlight.delete(pending)) resolve(value);
        },
        (error: unknown) => {
          if (this.inFlight.delete(pending))
            reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private armSweep(): void {
    if (this.sweepArmed) return;
    this.sweepArmed = true;
    this.clock.setTimeout(Math.max(1, Math.floor(this.options.requestTimeoutMs / 4)), () => {
      this.sweepArmed = false;
      const now = this.clock.now();
      for (const pending of this.inFlight) {
        if (pending.deadline > now) continue;
        this.inFlight.delete(pending);
        pending.expire();
      }
      if (this.inFlight.size > 0) this.armSweep();
    });
  }
}

interface PendingRequest {
  readonly deadline: number;
  readonly expire: () => void;
}

/** A failure of the path to the venue (not a venue decision): counts against the circuit breaker. */
export function isTransportFailure(error: unknown): boolean {
  if (!isTmtError(error)) return true;
  switch (error.code) {
    case 'VENUE_TIMEOUT':
    case 'VENUE_OUTCOME_UNKNOWN':
    case 'VENUE_UNAVAILABLE':
    case 'VENUE_PROTOCOL':
      return true;
    default:
      return false;
  }
}

/** Whether a failed submit may have reached the venue: then its outcome is unknown until looked up. */
export function mayHaveReachedVenue(error: unknown): boolean {
  if (!isTmtError(error)) return true;
  switch (error.code) {
    case 'VENUE_UNAVAILABLE':
    case 'VENUE_CIRCUIT_OPEN':
    case 'VENUE_RATE_LIMITED':
    case 'VENUE_TIMESTAMP':
    case 'VENUE_AUTHENTICATION':
    case 'VENUE_BANNED':
      return false;
    default:
      return (
        error.code === 'VENUE_TIMEOUT' ||
        error.code === 'VENUE_OUTCOME_UNKNOWN' ||
        !error.code.startsWith('VENUE_')
      );
  }
}

export function errorText(error: unknown): string {
  if (isTmtError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
