import type { OrderAmendment, OrderRequest, SubmitResult, VenueClientOrderId, VenueOrderId } from '../../core';
import { Quantity, TmtError, deriveVenueClientOrderId } from '../../core';
import type { EngineContext } from '../context';
import type { OrderEntry } from '../oms/order-cache';
import { detach } from '../detach';
import { currentRequest, type Dispatcher } from './dispatcher';
import { errorText } from './venue-gateway';

/**
 * modify: natively where the venue amends, by the venue's own cancel-replace, or by the engine (cancel,
 * then a new venue order). A replacement is a new venue order linked to the same engine order: its venue
 * client id is revision n+1 of the same client order id, so fills on it land on the same engine order.
 */
export class Modifier {
  constructor(
    private readonly context: EngineContext,
    private readonly dispatcher: Dispatcher,
  ) {}

  async modify(entry: OrderEntry, amendment: OrderAmendment): Promise<void> {
    const { book, risk } = this.context;
    const order = entry.order;
    if (order.isTerminal())
      throw new TmtError('OMS_ORDER_NOT_OPEN', `order ${order.clientOrderId} is ${order.status}`);
    if (
      amendment.quantity === undefined &&
      amendment.price === undefined &&
      amendment.triggerPrice === undefined
    ) {
      throw new TmtError('OMS_INVALID_REQUEST', 'a modify needs quantity, price or triggerPrice', {
        field: 'amendment',
      });
    }
    if (amendment.quantity !== undefined && amendment.quantity.lte(order.filledQuantity)) {
      throw new TmtError('OMS_INVALID_REQUEST', 'the new quantity must exceed the filled quantity', {
        field: 'quantity',
        details: { found: amendment.quantity.toString(), filled: order.filledQuantity.toString() },
      });
    }
    const decision = risk.checkModify(order, amendment);
    if (!decision.allowed) {
      throw new TmtError(decision.code, decision.reason, {
        details: decision.details,
        ...(decision.field === undefined ? {} : { field: decision.field }),
      });
    }
    const fields = {
      ...(amendment.quantity === undefined ? {} : { quantity: amendment.quantity }),
      ...(amendment.price === undefined ? {} : { price: amendment.price }),
      ...(amendment.triggerPrice === undefined ? {} : { triggerPrice: amendment.triggerPrice }),
    };
    if (entry.hold !== undefined && !entry.released) {
      book.apply(entry, book.events.make(order, 'OrderUpdated', fields));
      return;
    }
    if (order.status !== 'accepted' && order.status !== 'partially-filled' && order.status !== 'triggered') {
      throw new TmtError(
        'OMS_ORDER_NOT_OPEN',
        `order ${order.clientOrderId} cannot be modified while ${order.status}`,
      );
    }
    const gateway = this.context.gateways.get(entry.venue);
    const venueClientOrderId = order.venueClientOrderId;
    if (gateway === undefined || venueClientOrderId === undefined)
      throw new TmtError('OMS_MODIFY_NOT_SUPPORTED', 'no venue for the order');
    // A replacement is a new venue order: it carries what is still to fill, so the venue works exactly the
    // open quantity TMT shows (the old order's fills stay on the engine order).
    const current = { ...currentRequest(entry), ...fields };
    const replacement: OrderRequest = { ...current, quantity: Quantity.of(current.quantity.sub(order.filledQuantity)) };
    await book.applyDurable(entry, book.events.make(order, 'OrderPendingUpdate', { amendment }));
    const mode = gateway.client.capabilities.modify;
    const revision = entry.revision + 1;
    const replacementId = deriveVenueClientOrderId(
      order.clientOrderId,
      gateway.client.capabilities.clientOrderId,
      revision,
    );
    this.context.cache.linkVenueClientOrderId(entry, replacementId);
    entry.replacing = { venueClientOrderId, venueOrderId: order.venueOrderId, held: undefined };
    try {
      if (mode === 'none') {
        await this.cancelThenReplace(entry, replacement, replacementId, revision, fields);
        return;
      }
      const result = await gateway.modify({
        accountId: order.request.accountId,
        instrumentId: order.request.instrumentId,
        venueClientOrderId,
        ...(order.venueOrderId === undefined ? {} : { venueOrderId: order.venueOrderId }),
        amendment,
        replacement,
        replacementVenueClientOrderId: replacementId,
      });
      if (result.status === 'rejected') {
        book.apply(
          entry,
          book.events.make(order, 'OrderModifyRejected', { code: result.code, reason: result.reason }),
        );
        this.afterFailedReplace(entry);
        return;
      }
      // The venue says which order now works: amended in place (the id stays) or replaced (a new id).
      const live = result.venueClientOrderId ?? (mode === 'native' ? venueClientOrderId : replacementId);
      if (live === replacementId) entry.revision = revision;
      else if (live !== venueClientOrderId) this.context.cache.linkVenueClientOrderId(entry, live);
      entry.replacing = undefined;
      this.updated(entry, fields, result.venueOrderId, live === venueClientOrderId ? undefined : live);
      if (result.report !== undefined) this.dispatcher.applyReport(entry, result.report);
    } catch (error) {
      if ((order.status as string) === 'pending-update') await this.unknownOutcome(entry, mode, replacementId, fields, error);
    } finally {
      entry.replacing = undefined;
    }
  }

  /**
   * The modify's answer was lost. A venue replace may have happened: the replacement is looked up first, and
   * when it is there the engine order follows it; otherwise the order is in doubt, settled by the old id.
   */
  private async unknownOutcome(
    entry: OrderEntry,
    mode: 'native' | 'cancel-replace' | 'none',
    replacementId: VenueClientOrderId,
    fields: Record<string, unknown>,
    error: unknown,
  ): Promise<void> {
    const order = entry.order;
    entry.replacing = undefined;
    const gateway = this.context.gateways.get(entry.venue);
    if (mode !== 'native' && gateway !== undefined) {
      const found = await gateway.client
        .orderStatus({ accountId: order.request.accountId, instrumentId: order.request.instrumentId, venueClientOrderId: replacementId })
        .catch(() => undefined);
      if (found !== undefined) {
        entry.revision += 1;
        this.updated(entry, fields, found.venueOrderId, replacementId);
        this.dispatcher.applyReport(entry, found);
        return;
      }
    }
    this.dispatcher.markUnknown(entry, `modify: ${errorText(error)}`);
  }

  /**
   * The modify failed: the old venue order may still work, or may be gone (a cancel-replace whose cancel
   * went through and whose new order was refused). Its held report says which; the venue is asked as well.
   */
  private afterFailedReplace(entry: OrderEntry): void {
    const held = entry.replacing?.held;
    entry.replacing = undefined;
    if (held !== undefined) this.dispatcher.applyReport(entry, held);
    detach(this.dispatcher.settleByLookup(entry), this.context.logger, `lookup after the modify of ${entry.order.clientOrderId}`);
  }

  private async cancelThenReplace(
    entry: OrderEntry,
    replacement: OrderRequest,
    replacementId: VenueClientOrderId,
    revision: number,
    fields: Record<string, unknown>,
  ): Promise<void> {
    const { book } = this.context;
    const order = entry.order;
    const gateway = this.context.gateways.get(entry.venue);
    if (gateway === undefined || order.venueClientOrderId === undefined) return;
    const filledBefore = order.filledQuantity;
    const canceled = await gateway.cancel({
      accountId: order.request.accountId,
      instrumentId: order.request.instrumentId,
      venueClientOrderId: order.venueClientOrderId,
      ...(order.venueOrderId === undefined ? {} : { venueOrderId: order.venueOrderId }),
    });
    if (canceled.status === 'rejected') {
      book.apply(
        entry,
        book.events.make(order, 'OrderModifyRejected', {
          code: canceled.code,
          reason: `the cancel of the cancel/replace was refused: ${canceled.reason}`,
        }),
      );
      this.afterFailedReplace(entry);
      return;
    }
    // Fills may have landed on the old venue order before it was canceled: the replacement carries the rest.
    const rest = Quantity.of(replacement.quantity.add(filledBefore).sub(order.filledQuantity));
    if (!rest.isPositive()) {
      book.apply(
        entry,
        book.events.make(order, 'OrderModifyRejected', {
          code: 'OMS_ORDER_NOT_OPEN',
          reason: 'filled before the replacement',
        }),
      );
      this.afterFailedReplace(entry);
      return;
    }
    entry.revision = revision;
    let result: SubmitResult;
    try {
      result = await gateway.submit({ request: { ...replacement, quantity: rest }, venueClientOrderId: replacementId });
    } catch (error) {
      // The old order is certainly gone; only the replacement is in doubt: the lookup asks for it.
      entry.replacing = undefined;
      book.apply(entry, book.events.make(order, 'OrderUpdated', { ...fields, venueClientOrderId: replacementId }));
      this.dispatcher.markUnknown(entry, `replacement: ${errorText(error)}`);
      return;
    }
    if (result.status === 'rejected') {
      book.apply(
        entry,
        book.events.make(order, 'OrderCanceled', {
          code: result.code,
          reason: `canceled for a replacement the venue rejected: ${result.reason}`,
        }),
      );
      return;
    }
    this.updated(entry, fields, result.venueOrderId, replacementId);
    for (const fill of result.fills ?? [])
      this.dispatcher.applySubmitResult(entry, {
        status: 'accepted',
        venueOrderId: result.venueOrderId,
        fills: [fill],
      });
  }

  private updated(
    entry: OrderEntry,
    fields: Record<string, unknown>,
    venueOrderId: VenueOrderId,
    venueClientOrderId: VenueClientOrderId | undefined,
  ): void {
    const { book } = this.context;
    book.apply(
      entry,
      book.events.make(entry.order, 'OrderUpdated', {
        ...fields,
        venueOrderId,
        ...(venueClientOrderId === undefined ? {} : { venueClientOrderId }),
      }),
    );
  }
}
