import type { OrderAmendment, OrderRequest, VenueClientOrderId, VenueOrderId } from '../../core';
import { Quantity, TmtError, deriveVenueClientOrderId } from '../../core';
import type { EngineContext } from '../context';
import type { OrderEntry } from '../oms/order-cache';
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
    const replacement: OrderRequest = { ...currentRequest(entry), ...fields };
    await book.applyDurable(entry, book.events.make(order, 'OrderPendingUpdate', { amendment }));
    const mode = gateway.client.capabilities.modify;
    const revision = mode === 'native' ? entry.revision : entry.revision + 1;
    const replacementId = deriveVenueClientOrderId(
      order.clientOrderId,
      gateway.client.capabilities.clientOrderId,
      revision,
    );
    this.context.cache.linkVenueClientOrderId(entry, replacementId);
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
        return;
      }
      entry.revision = revision;
      this.updated(entry, fields, result.venueOrderId, mode === 'native' ? undefined : replacementId);
    } catch (error) {
      if ((order.status as string) === 'pending-update')
        this.dispatcher.markUnknown(entry, `modify: ${errorText(error)}`);
    }
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
      return;
    }
    // Fills may have landed on the old venue order before it was canceled: the replacement carries the rest.
    const rest = Quantity.of(replacement.quantity.sub(order.filledQuantity));
    if (!rest.isPositive()) {
      book.apply(
        entry,
        book.events.make(order, 'OrderModifyRejected', {
          code: 'OMS_ORDER_NOT_OPEN',
          reason: 'filled before the replacement',
        }),
      );
      return;
    }
    entry.revision = revision;
    const result = await gateway.submit({
      request: { ...replacement, quantity: rest },
      venueClientOrderId: replacementId,
    });
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
