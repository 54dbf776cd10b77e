import type { Instrument, OrderDenied, OrderRequest, Price, Quantity, VenueName } from '../../core';
import { detach } from '../detach';
import { InstrumentId, TmtError, deriveVenueClientOrderId, isVenueName } from '../../core';
import type { EngineContext } from '../context';
import type { ContingencyManager } from '../emulation/contingencies';
import type { OrderEmulator } from '../emulation/emulator';
import { isSupported, needsEmulation } from '../emulation/release';
import type { HoldReason, OrderEntry } from '../oms/order-cache';
import { sameContent } from '../oms/same-request';
import { validateRequest } from '../oms/validate-request';
import type { SubmitContext } from '../ports-internal';
import type { OrderView, SubmitOutcome } from '../trading-engine';
import type { Dispatcher } from './dispatcher';
import type { SubmitOptions } from './submit-options';
import { ListDispatch } from './list-dispatch';

/** Engine-side state the pipeline consults before risk. */
export interface SubmitGuards {
  accepting(): boolean;
  accountEnabled(accountId: string): boolean;
  accountReconciled(accountId: string): boolean;
}

interface Denial {
  /** An ErrorCode, or a venue's own code passed through. */
  readonly code: string;
  readonly reason: string;
  readonly details: Readonly<Record<string, string>>;
}

export function viewOf(entry: OrderEntry): OrderView {
  return {
    order: entry.order,
    status: entry.order.status,
    emulated: entry.hold !== undefined || entry.released,
  };
}

/**
 * submit: validate -> idempotency -> engine guards -> risk -> journal (OrderInitialized + OrderSubmitted,
 * group-committed) -> dispatch. A denial is journaled as OrderDenied with its code and numbers. The venue
 * client id is derived from the client order id, so a restarted engine derives the same one.
 */
export class SubmitPipeline {
  constructor(
    private readonly context: EngineContext,
    private readonly dispatcher: Dispatcher,
    private readonly emulator: OrderEmulator,
    private readonly contingencies: ContingencyManager,
    private readonly guards: SubmitGuards,
  ) {
    this.lists = new ListDispatch(context, dispatcher, contingencies);
  }

  private readonly lists: ListDispatch;

  async submit(
    request: OrderRequest,
    actor: string,
    submitContext: SubmitContext = {},
    options: SubmitOptions = {},
  ): Promise<SubmitOutcome> {
    const internal = submitContext.killSwitchFlatten === true || submitContext.skipThrottle === true;
    if (!internal && !this.guards.accepting()) {
      throw new TmtError(
        'OMS_NOT_ACCEPTING',
        'the engine is not taking new intents (stopped, stopping or intake off)',
      );
    }
    const existing = this.context.cache.get(request.clientOrderId);
    if (existing !== undefined) return this.existingOutcome(existing, request);

    const instrument = this.context.instruments.get(request.instrumentId);
    const denial = this.check(request, instrument, actor, submitContext);
    const venue = this.venueOf(request, instrument);
    if (denial !== undefined) return this.deny(request, instrument, venue, denial, options.companion);
    return this.accept(
      request,
      instrument as Instrument,
      venue,
      submitContext.killSwitchFlatten === true,
      options.companion,
    );
  }

  /** OCO / OTO / bracket: every order is checked first; if one is denied, all are denied. */
  async submitList(requests: readonly OrderRequest[], actor: string): Promise<readonly SubmitOutcome[]> {
    if (!this.guards.accepting())
      throw new TmtError('OMS_NOT_ACCEPTING', 'the engine is not taking new intents');
    if (requests.length === 0)
      throw new TmtError('OMS_INVALID_REQUEST', 'an order list needs at least one order', {
        field: 'orders',
      });
    const existing = requests.map((r) => this.context.cache.get(r.clientOrderId));
    if (existing.every((e) => e !== undefined))
      return requests.map((r, i) => this.existingOutcome(existing[i] as OrderEntry, r));
    if (existing.some((e) => e !== undefined)) {
      throw new TmtError(
        'OMS_DUPLICATE_CLIENT_ORDER_ID',
        'some client order ids of the list are already used',
        { field: 'orders' },
      );
    }
    const ids = new Set(requests.map((r) => r.clientOrderId as string));
    if (ids.size !== requests.length)
      throw new TmtError('OMS_INVALID_REQUEST', 'client order ids in a list must differ', {
        field: 'orders',
      });
    const denials = requests.map((r) => {
      const parent = r.contingency?.parentClientOrderId;
      if (parent !== undefined && !ids.has(parent) && this.context.cache.get(parent) === undefined) {
        return {
          code: 'OMS_INVALID_REQUEST',
          reason: `parent ${parent} is not in the list`,
          details: { field: 'contingency.parentClientOrderId' },
        };
      }
      return this.check(r, this.context.instruments.get(r.instrumentId), actor, {});
    });
    const firstDenial = denials.find((d) => d !== undefined);
    if (firstDenial !== undefined) {
      return Promise.all(
        requests.map((r, i) => {
          const instrument = this.context.instruments.get(r.instrumentId);
          const own = denials[i] ?? {
            code: firstDenial.code,
            reason: `another order of the list was denied: ${firstDenial.reason}`,
            details: firstDenial.details,
          };
          return this.deny(r, instrument, this.venueOf(r, instrument), own);
        }),
      );
    }
    // A list its venue holds natively goes out as one (list-dispatch.ts); any other is emulated leg by leg.
    const native = this.lists.nativeShape(requests, this.venueOf(requests[0] as OrderRequest, undefined));
    if (native !== undefined) {
      const instrument = this.context.instruments.get(
        requests[0]?.instrumentId as Instrument['id'],
      ) as Instrument;
      const entries = await this.lists.submit(native, instrument, instrument.venue);
      return entries.map((entry) => ({ status: 'accepted', order: viewOf(entry), existing: false }));
    }
    return Promise.all(
      requests.map((r) =>
        this.accept(
          r,
          this.context.instruments.get(r.instrumentId) as Instrument,
          this.venueOf(r, undefined),
          false,
        ),
      ),
    );
  }

  /** Sends a held order (triggered by the emulator or released by its parent) to the venue. */
  async release(entry: OrderEntry, triggerPrice: Price | undefined): Promise<void> {
    const { book } = this.context;
    if (entry.order.isTerminal()) return;
    if (triggerPrice !== undefined) {
      entry.released = true;
      book.apply(entry, book.events.make(entry.order, 'OrderTriggered', { triggerPrice }));
    }
    entry.hold = undefined;
    await this.sendToVenue(entry, false);
  }

  /** An OTO child whose parent filled: to the emulator when the venue cannot take it, else to the venue. */
  releaseChild(entry: OrderEntry, quantity: Quantity): void {
    const { book } = this.context;
    if (!quantity.eq(entry.order.quantity))
      book.apply(entry, book.events.make(entry.order, 'OrderUpdated', { quantity }));
    const capabilities = this.context.gateways.get(entry.venue)?.client.capabilities;
    if (capabilities !== undefined && needsEmulation(entry.order.request, capabilities)) {
      entry.hold = 'emulated';
      this.emulator.arm(entry);
      return;
    }
    detach(this.release(entry, undefined), this.context.logger, `release of ${entry.order.clientOrderId}`);
  }

  private async accept(
    request: OrderRequest,
    instrument: Instrument,
    venue: VenueName,
    flatten: boolean,
    companion?: SubmitOptions['companion'],
  ): Promise<SubmitOutcome> {
    const gateway = this.context.gateways.get(venue);
    const capabilities = gateway?.client.capabilities;
    const hold: HoldReason | undefined =
      request.contingency?.parentClientOrderId !== undefined
        ? 'awaiting-parent'
        : capabilities !== undefined && needsEmulation(request, capabilities)
          ? 'emulated'
          : undefined;
    const { entry, durable } = this.context.book.create(
      request,
      instrument,
      venue,
      hold,
      undefined,
      hold === undefined,
    );
    this.contingencies.register(entry);
    if (hold === 'emulated') this.emulator.arm(entry);
    if (hold !== undefined) {
      const joined = this.join(companion, 'ok');
      await durable;
      await joined;
      return { status: 'accepted', order: viewOf(entry), existing: false };
    }
    await this.sendToVenue(entry, flatten, companion);
    return { status: 'accepted', order: viewOf(entry), existing: false };
  }

  /** The caller's record of the intent, queued into the same group commit as the journal records just made. */
  private join(companion: SubmitOptions['companion'], outcome: 'ok' | 'denied'): Promise<void> | undefined {
    if (companion === undefined) return undefined;
    const joined = this.context.journal.join(companion(outcome));
    joined.catch(() => undefined);
    return joined;
  }

  private async sendToVenue(
    entry: OrderEntry,
    flatten: boolean,
    companion?: SubmitOptions['companion'],
  ): Promise<void> {
    const { book, cache } = this.context;
    const gateway = this.context.gateways.get(entry.venue);
    if (gateway === undefined) return;
    const venueClientOrderId = deriveVenueClientOrderId(
      entry.order.clientOrderId,
      gateway.client.capabilities.clientOrderId,
      entry.revision,
    );
    cache.linkVenueClientOrderId(entry, venueClientOrderId);
    const durable = book.applyDurable(
      entry,
      book.events.make(entry.order, 'OrderSubmitted', { venueClientOrderId }),
    );
    const joined = this.join(companion, 'ok');
    // The command is durable before it leaves: a crash after this point is settled by lookup, never lost.
    await durable;
    await joined;
    if (!flatten && this.context.risk.tradingState('global') === 'HALTED') {
      // The kill switch fired while this submit waited for the journal: its cancels go first, this never leaves.
      book.apply(
        entry,
        book.events.make(entry.order, 'OrderCanceled', {
          code: 'RISK_TRADING_HALTED',
          reason: 'trading HALTED before the order was sent',
        }),
      );
      return;
    }
    await this.dispatcher.sendSubmit(entry);
  }

  private async deny(
    request: OrderRequest,
    instrument: Instrument | undefined,
    venue: VenueName,
    denial: Denial,
    companion?: SubmitOptions['companion'],
  ): Promise<SubmitOutcome> {
    const { book } = this.context;
    const { entry, durable } = book.create(request, instrument, venue, undefined);
    const event: OrderDenied = book.events.make(entry.order, 'OrderDenied', {
      code: denial.code,
      reason: denial.reason,
      details: denial.details,
    });
    const deniedDurable = book.applyDurable(entry, event);
    const joined = this.join(companion, 'denied');
    await durable;
    await deniedDurable;
    await joined;
    return { status: 'denied', order: viewOf(entry), denial: event };
  }

  private existingOutcome(entry: OrderEntry, request: OrderRequest): SubmitOutcome {
    if (!sameContent(entry.order.request, request)) {
      throw new TmtError(
        'OMS_DUPLICATE_CLIENT_ORDER_ID',
        `client order id ${request.clientOrderId} is already used by an order with different content`,
        { field: 'clientOrderId', details: { clientOrderId: request.clientOrderId } },
      );
    }
    const denied = entry.order.events.find((e): e is OrderDenied => e.type === 'OrderDenied');
    if (denied !== undefined) return { status: 'denied', order: viewOf(entry), denial: denied };
    return { status: 'accepted', order: viewOf(entry), existing: true };
  }

  private venueOf(request: OrderRequest, instrument: Instrument | undefined): VenueName {
    if (instrument !== undefined) return instrument.venue;
    const accountVenue = this.context.accountVenues.get(request.accountId);
    if (accountVenue !== undefined) return accountVenue;
    const suffix = request.instrumentId.slice(request.instrumentId.lastIndexOf('.') + 1);
    return isVenueName(suffix) ? InstrumentId.venue(request.instrumentId) : 'PAPER';
  }

  private check(
    request: OrderRequest,
    instrument: Instrument | undefined,
    actor: string,
    submitContext: SubmitContext,
  ): Denial | undefined {
    const problem = validateRequest(request, this.context.clock);
    if (problem !== undefined) return problem;
    if (instrument === undefined) {
      return {
        code: 'OMS_UNKNOWN_INSTRUMENT',
        reason: `unknown instrument ${request.instrumentId}`,
        details: { field: 'instrumentId', found: request.instrumentId },
      };
    }
    const accountVenue = this.context.accountVenues.get(request.accountId);
    if (accountVenue === undefined) {
      return {
        code: 'OMS_UNKNOWN_ACCOUNT',
        reason: `unknown account ${request.accountId}`,
        details: { field: 'accountId', found: request.accountId },
      };
    }
    if (accountVenue !== instrument.venue) {
      return {
        code: 'OMS_INVALID_REQUEST',
        reason: `account ${request.accountId} trades on ${accountVenue}, not ${instrument.venue}`,
        details: { field: 'instrumentId' },
      };
    }
    if (!this.guards.accountEnabled(request.accountId)) {
      return {
        code: 'RISK_ACCOUNT_DISABLED',
        reason: `trading is disabled on account ${request.accountId}`,
        details: { field: 'accountId' },
      };
    }
    if (
      !request.reduceOnly &&
      submitContext.killSwitchFlatten !== true &&
      !this.guards.accountReconciled(request.accountId)
    ) {
      return {
        code: 'RISK_ACCOUNT_UNRECONCILED',
        reason: `account ${request.accountId} has unresolved reconciliation items`,
        details: { field: 'accountId' },
      };
    }
    const capabilities = this.context.gateways.get(instrument.venue)?.client.capabilities;
    if (capabilities !== undefined && !isSupported(request, capabilities)) {
      return {
        code: 'RISK_UNSUPPORTED_ORDER',
        reason: `${instrument.venue} cannot take a ${request.type} order and the engine cannot emulate it`,
        details: { field: 'type', found: request.type },
      };
    }
    // The opening auction is a venue's own: the engine cannot keep an OPG order, so a venue must declare it.
    if (
      capabilities !== undefined &&
      request.timeInForce === 'OPG' &&
      !(capabilities.timeInForce[request.type] ?? []).includes('OPG')
    ) {
      return {
        code: 'RISK_UNSUPPORTED_ORDER',
        reason: `${instrument.venue} takes no OPG (at-the-open) ${request.type} order`,
        details: { field: 'timeInForce', found: 'OPG' },
      };
    }
    // A venue without the option would work the order in regular hours only: refused rather than ignored.
    if (
      capabilities !== undefined &&
      request.outsideRth === true &&
      capabilities.outsideRegularHours !== true
    ) {
      return {
        code: 'RISK_UNSUPPORTED_ORDER',
        reason: `${instrument.venue} takes no order outside regular trading hours`,
        details: { field: 'outsideRth', found: 'true' },
      };
    }
    const decision = this.context.risk.checkSubmit(request, { ...submitContext, actor });
    if (decision.allowed) return undefined;
    return {
      code: decision.code,
      reason: decision.reason,
      details:
        decision.field === undefined ? decision.details : { field: decision.field, ...decision.details },
    };
  }
}
