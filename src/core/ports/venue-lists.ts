import type { AccountId, InstrumentId, OrderListId, VenueClientOrderId, VenueOrderId } from '../identifiers';
import type { OrderRequest } from '../orders/types';
import type { OrderStatusReport } from '../reports';

/**
 * The order lists a venue can hold as one, natively (it keeps them working while TMT is down):
 * - OCO: two orders, a fill (even partial) or a cancel of one ends the other;
 * - OTO: a working order and one pending order that goes on the book once the working order fills;
 * - OTOCO: a working order and a pending OCO pair (take-profit and stop-loss), a bracket.
 */
export type NativeListKind = 'OCO' | 'OTO' | 'OTOCO';

/** What each leg is in its list: the venue's adapter maps these onto its own wire form. */
export type ListLegRole = 'oco' | 'working' | 'pending';

/** One leg as the adapter sends it (the shape of a VenueOrderSubmission, plus its place in the list). */
export interface VenueListLeg {
  readonly request: OrderRequest;
  readonly venueClientOrderId: VenueClientOrderId;
  readonly role: ListLegRole;
  /** The leg's index in the list as the caller sent it: a refusal names `orders.<index>.<field>`. */
  readonly index: number;
}

/**
 * One native list. Legs are in order: OCO its two legs; OTO the working leg, then the pending one; OTOCO the
 * working leg, then the two pending legs. Every leg carries its own venue client id (derived from the engine's
 * client order id, so a restarted engine derives the same); `listClientOrderId` is derived from the list id.
 */
export interface VenueListSubmission {
  readonly kind: NativeListKind;
  readonly accountId: AccountId;
  readonly instrumentId: InstrumentId;
  readonly listId: OrderListId;
  readonly listClientOrderId: string;
  readonly legs: readonly VenueListLeg[];
}

export interface ListLegResult {
  readonly venueClientOrderId: VenueClientOrderId;
  /** Absent when the venue has not given the leg an id yet (a leg it creates only when its parent fills). */
  readonly venueOrderId?: VenueOrderId;
  /** The leg's state as the answer shows it (a pending leg: accepted; a leg that filled at once: filled). */
  readonly report?: OrderStatusReport;
}

/**
 * The answer to a list submit. All or nothing: a venue that refuses one leg refuses the list. As for a single
 * submit, a transport failure after sending is never a rejection: the adapter throws VENUE_TIMEOUT or
 * VENUE_OUTCOME_UNKNOWN and the engine settles each leg by its own lookup.
 */
export type ListSubmitResult =
  | { readonly status: 'accepted'; readonly venueListId?: string; readonly legs: readonly ListLegResult[] }
  | {
      readonly status: 'rejected';
      readonly code: string;
      readonly reason: string;
      readonly venueReason: string;
      /** The field the refusal is about, as `orders.<index>.<field>` of the list the engine sent. */
      readonly field?: string;
    };

/** A venue client id for the list as a whole: Binance listClientOrderId takes at most 36 characters. */
export function listClientOrderIdOf(listId: OrderListId | string, maxLength = 36): string {
  const plain = String(listId).replace(/[^A-Za-z0-9._-]/g, '');
  return plain.length <= maxLength ? plain : plain.slice(plain.length - maxLength);
}
