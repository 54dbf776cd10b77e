import type { ClientOrderId, OrderFilled, OrderListId, OrderRequest, Quantity } from '../../core';
import { ClientOrderId as Cid, OrderListId as ListId, oppositeSide } from '../../core';
import { createHash } from 'node:crypto';
import type { OrderListener } from '../oms/order-book';
import type { OrderCache, OrderEntry } from '../oms/order-cache';

/** What the contingency manager asks the engine to do. */
export interface ContingencyActions {
  cancel(entry: OrderEntry, reason: string): void;
  /** Releases an OTO child held for its parent (to the venue, or to the emulator). */
  releaseChild(entry: OrderEntry, quantity: Quantity): void;
  /** Submits engine-generated orders (attached stop-loss / take-profit) as one OCO group. */
  submitAttached(parent: OrderEntry, requests: readonly OrderRequest[]): void;
}

/**
 * OCO, OTO and attached orders, run by the engine where the venue does not hold the list itself (a native
 * list goes out through execution/list-dispatch.ts, and its legs are left to the venue here). OCO: a fill (even partial) or a cancel of one cancels the
 * others. OTO: children wait in the engine until the parent is filled; a parent that ends partly filled
 * releases them for the filled quantity, one that ends unfilled cancels them. Attached SL/TP/trailing
 * orders are created when the parent fills, as a reduce-only OCO group, unless the venue attaches natively.
 */
export class ContingencyManager implements OrderListener {
  private readonly childrenByParent = new Map<string, OrderEntry[]>();

  constructor(
    private readonly cache: OrderCache,
    private readonly actions: ContingencyActions,
    private readonly venueAttachesNatively: (entry: OrderEntry) => boolean,
  ) {}

  register(entry: OrderEntry): void {
    const parent = entry.order.request.contingency?.parentClientOrderId;
    if (parent === undefined) return;
    const list = this.childrenByParent.get(parent);
    if (list === undefined) this.childrenByParent.set(parent, [entry]);
    else list.push(entry);
  }

  children(parent: ClientOrderId): readonly OrderEntry[] {
    return this.childrenByParent.get(parent) ?? [];
  }

  onFilled(entry: OrderEntry, _fill: OrderFilled): void {
    // Every venue's native OCO ends the siblings of a fill itself: the engine leaves that to the venue.
    if (!sentNatively(entry)) this.cancelOcoSiblings(entry, 'an OCO sibling was filled');
    if (entry.order.status === 'filled') this.parentDone(entry);
  }

  onClosed(entry: OrderEntry): void {
    if (entry.order.status === 'filled') return;
    this.cancelOcoSiblings(entry, `an OCO sibling was ${entry.order.status}`);
    this.parentDone(entry);
  }

  private parentDone(parent: OrderEntry): void {
    const filled = parent.order.filledQuantity;
    for (const child of this.children(parent.order.clientOrderId)) {
      if (child.order.status !== 'initialized' || child.hold !== 'awaiting-parent') continue;
      if (filled.isZero())
        this.actions.cancel(child, `the OTO parent ended ${parent.order.status} without a fill`);
      else this.actions.releaseChild(child, filled.lt(child.order.quantity) ? filled : child.order.quantity);
    }
    if (!filled.isZero()) this.attach(parent, filled);
  }

  private cancelOcoSiblings(entry: OrderEntry, reason: string): void {
    const contingency = entry.order.request.contingency;
    // A cancel of one leg does not end the others at every venue (an IBKR OCA group reacts to fills only), so
    // the engine cancels the siblings of a leg that ended unfilled even on a native list; where the venue has
    // already ended them (Binance cancels the whole list), the cancel finds them ended.
    if (contingency === undefined) return;
    // The bracket's exits as the API builds them are OTO children linked to each other: an OCO pair as well.
    const pairedChild = contingency.parentClientOrderId !== undefined && contingency.linkedClientOrderIds.length > 0;
    if (contingency.type !== 'OCO' && !pairedChild) return;
    for (const id of contingency.linkedClientOrderIds) {
      const sibling = this.cache.get(id);
      if (sibling !== undefined && sibling !== entry && !sibling.order.isTerminal())
        this.actions.cancel(sibling, reason);
    }
  }

  private attach(parent: OrderEntry, quantity: Quantity): void {
    const attached = parent.order.request.attached;
    if (attached === undefined || this.venueAttachesNatively(parent)) return;
    const base = parent.order.request;
    const listId: OrderListId = ListId.of(`${base.clientOrderId}:attached`.slice(0, 64));
    const ids = {
      stopLoss: childId(base.clientOrderId, 'sl'),
      takeProfit: childId(base.clientOrderId, 'tp'),
      trailingStop: childId(base.clientOrderId, 'ts'),
    };
    const present = (Object.keys(ids) as (keyof typeof ids)[]).filter((key) => attached[key] !== undefined);
    const common = {
      accountId: base.accountId,
      instrumentId: base.instrumentId,
      side: oppositeSide(base.side),
      quantity,
      timeInForce: 'GTC' as const,
      postOnly: false,
      reduceOnly: true,
      ...(base.tag === undefined ? {} : { tag: base.tag }),
    };
    const requests: OrderRequest[] = [];
    for (const key of present) {
      const contingency = {
        listId,
        type: 'OCO' as const,
        linkedClientOrderIds: present.filter((other) => other !== key).map((other) => ids[other]),
      };
      const clientOrderId = ids[key];
      if (key === 'stopLoss' && attached.stopLoss !== undefined) {
        requests.push({
          ...common,
          clientOrderId,
          type: 'stop-market',
          triggerPrice: attached.stopLoss.triggerPrice,
          contingency,
        });
      } else if (key === 'takeProfit' && attached.takeProfit !== undefined) {
        requests.push({
          ...common,
          clientOrderId,
          type: 'limit',
          price: attached.takeProfit.price,
          contingency,
        });
      } else if (key === 'trailingStop' && attached.trailingStop !== undefined) {
        requests.push({
          ...common,
          clientOrderId,
          type: 'trailing-stop',
          trailingOffset: attached.trailingStop.offset,
          contingency,
        });
      }
    }
    if (requests.length > 0) this.actions.submitAttached(parent, requests);
  }
}

/**
 * A leg of a native venue list (its OrderSubmitted names the list): the venue ends its siblings and releases
 * its children itself, so the engine only applies what the venue reports. Read from the journaled events, so
 * it holds after a restart too.
 */
export function sentNatively(entry: OrderEntry): boolean {
  return entry.order.events.some((event) => event.type === 'OrderSubmitted' && event.nativeListId !== undefined);
}

/** A deterministic child id: the parent id plus a suffix, or a digest when that would be too long. */
export function childId(parent: ClientOrderId, suffix: string): ClientOrderId {
  const plain = `${parent}.${suffix}`;
  if (plain.length <= 64) return Cid.parse(plain);
  const digest = createHash('sha256').update(plain).digest('hex').slice(0, 40);
  return Cid.parse(`${digest}.${suffix}`);
}
