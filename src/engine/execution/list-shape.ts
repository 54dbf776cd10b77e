import type { ListLegRole, NativeListKind, OrderListId, OrderRequest, VenueCapabilities } from '../../core';
import { needsEmulation } from '../emulation/release';
import { emulatesExpiry } from '../emulation/venue-shape';

export interface ShapedLeg {
  readonly request: OrderRequest;
  readonly role: ListLegRole;
  /** The leg's index in the list as submitted. */
  readonly index: number;
}

/** An engine list recognised as one of the kinds a venue may hold natively, legs in the venue's order. */
export interface ListShape {
  readonly kind: NativeListKind;
  readonly listId: OrderListId;
  readonly legs: readonly ShapedLeg[];
}

/**
 * Which native kind an engine list is, if any. All legs on one account and instrument under one list id,
 * and exactly one of:
 * - OCO: two legs without a parent, each linked to the other;
 * - OTO: a working leg and one child naming it as parent;
 * - OTOCO (a bracket): a working leg and two children naming it as parent, linked to each other (as OCO, or
 *   as the API's bracket form, OTO children with links).
 * Anything else (three-way OCO, OUO, a parent outside the list, attached orders) is emulated by the engine.
 */
export function listShape(requests: readonly OrderRequest[]): ListShape | undefined {
  const first = requests[0];
  const listId = first?.contingency?.listId;
  if (first === undefined || listId === undefined) return undefined;
  for (const r of requests) {
    if (r.contingency?.listId !== listId || r.attached !== undefined) return undefined;
    if (r.accountId !== first.accountId || r.instrumentId !== first.instrumentId) return undefined;
  }
  const roots = requests.filter((r) => r.contingency?.parentClientOrderId === undefined);
  const children = requests.filter((r) => r.contingency?.parentClientOrderId !== undefined);
  const index = (r: OrderRequest) => requests.indexOf(r);
  const linked = (a: OrderRequest, b: OrderRequest) =>
    a.contingency?.linkedClientOrderIds.length === 1 && a.contingency.linkedClientOrderIds[0] === b.clientOrderId;
  const [a, b] = requests;
  if (requests.length === 2 && roots.length === 2 && a !== undefined && b !== undefined) {
    if (a.contingency?.type !== 'OCO' || b.contingency?.type !== 'OCO' || !linked(a, b) || !linked(b, a)) return undefined;
    return { kind: 'OCO', listId, legs: [leg(a, 'oco', 0), leg(b, 'oco', 1)] };
  }
  const root = roots[0];
  if (roots.length !== 1 || root === undefined) return undefined;
  if (!children.every((c) => c.contingency?.parentClientOrderId === root.clientOrderId)) return undefined;
  const [c1, c2] = children;
  if (children.length === 1 && c1 !== undefined) {
    if (c1.contingency?.type !== 'OTO' || (c1.contingency.linkedClientOrderIds.length ?? 0) > 0) return undefined;
    return { kind: 'OTO', listId, legs: [leg(root, 'working', index(root)), leg(c1, 'pending', index(c1))] };
  }
  if (children.length === 2 && c1 !== undefined && c2 !== undefined && linked(c1, c2) && linked(c2, c1)) {
    return {
      kind: 'OTOCO',
      listId,
      legs: [leg(root, 'working', index(root)), leg(c1, 'pending', index(c1)), leg(c2, 'pending', index(c2))],
    };
  }
  return undefined;
}

function leg(request: OrderRequest, role: ListLegRole, index: number): ShapedLeg {
  return { request, role, index };
}

/**
 * Whether the venue takes this list natively: it declares the kind, has the list verb, and every leg goes out
 * as it is (a leg the engine must trigger or expire itself keeps the whole list in the engine).
 */
export function venueTakesNatively(shape: ListShape, capabilities: VenueCapabilities, hasVerb: boolean): boolean {
  if (!hasVerb || capabilities.nativeLists?.includes(shape.kind) !== true) return false;
  return shape.legs.every(
    ({ request }) =>
      capabilities.orderTypes.includes(request.type) &&
      !needsEmulation(request, capabilities) &&
      !emulatesExpiry(request, capabilities),
  );
}
