import type { OrderListId } from '../../core';
import { TmtError } from '../../core';
import type { OrderCache, OrderEntry } from '../oms/order-cache';
import type { Dispatcher } from './dispatcher';

/**
 * Cancels a whole order list (OCO, OTO, bracket) by its list id: every leg still open, in the list's order
 * (the entry before its exits). Legs the engine holds (exits waiting for their entry's fill) end locally;
 * working legs are canceled at the venue. A leg that ended meanwhile is skipped, so on a venue that ends the
 * whole list with one leg's cancel (native OCO) the other legs settle from the venue's own report or lookup.
 */
export async function cancelOrderList(
  cache: OrderCache,
  dispatcher: Dispatcher,
  listId: OrderListId,
  actor: string,
): Promise<readonly OrderEntry[]> {
  const legs = [...cache.all()]
    .filter((entry) => entry.order.request.contingency?.listId === listId)
    .sort((a, b) => Number(isChild(a)) - Number(isChild(b)));
  if (legs.length === 0) throw new TmtError('OMS_UNKNOWN_ORDER', `listId: no order list ${listId}`);
  if (legs.every((entry) => entry.order.isTerminal()))
    throw new TmtError('OMS_ORDER_NOT_OPEN', `listId: every order of list ${listId} has ended`);
  for (const entry of legs) {
    if (entry.order.isTerminal() || entry.order.status === 'pending-cancel') continue;
    await dispatcher.sendCancel(entry, `list ${listId} canceled by ${actor}`);
  }
  return legs;
}

const isChild = (entry: OrderEntry): boolean => entry.order.request.contingency?.parentClientOrderId !== undefined;
