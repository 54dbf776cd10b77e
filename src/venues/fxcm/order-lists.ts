import type { ListSubmitResult, NativeListKind, VenueListSubmission } from '../../core/ports/venue-lists';
import type { SubmitResult } from '../../core/ports/venue';

/** The engine's native list kinds as FXCM's ContingencyType on NewOrderList (E): a bracket is ELS. */
export const FXCM_LIST_KIND: Readonly<Record<NativeListKind, 'OCO' | 'OTO' | 'ELS'>> = { OCO: 'OCO', OTO: 'OTO', OTOCO: 'ELS' };

/** FIX tags FXCM's refusal texts name, as the engine's order fields. */
const FIELD_OF_TAG: Readonly<Record<string, string>> = {
  '1': 'accountId', '38': 'quantity', '40': 'type', '44': 'price', '54': 'side', '55': 'instrumentId', '59': 'timeInForce', '99': 'triggerPrice', '126': 'expireAt', '11': 'clientOrderId',
};

/**
 * One list result from the legs' first ExecutionReports (NewOrderList is all or nothing: a refused leg
 * refuses the list). The refusal names the leg, and the field when FXCM's text names a tag (`OrderQty(38)`).
 */
export function listResult(list: VenueListSubmission, legs: readonly SubmitResult[]): ListSubmitResult {
  const refusedAt = legs.findIndex((leg) => leg.status === 'rejected');
  const refused = legs[refusedAt];
  if (refused !== undefined && refused.status === 'rejected') {
    // Every leg is refused with the reason of the one at fault; the one whose text names a tag is that one.
    const named = legs.findIndex((leg) => leg.status === 'rejected' && /\((\d+)\)/.test(leg.reason));
    const at = named >= 0 ? named : refusedAt;
    const leg = legs[at];
    const reason = leg?.status === 'rejected' ? leg : refused;
    const tag = /\((\d+)\)/.exec(reason.reason)?.[1];
    const index = list.legs[at]?.index ?? at;
    const field = tag === undefined ? `orders.${index}` : `orders.${index}.${FIELD_OF_TAG[tag] ?? `tag${tag}`}`;
    return { status: 'rejected', code: reason.code, reason: reason.reason, venueReason: reason.venueReason, field };
  }
  return {
    status: 'accepted',
    legs: list.legs.map((leg, i) => {
      const answer = legs[i];
      if (answer === undefined || answer.status !== 'accepted') return { venueClientOrderId: leg.venueClientOrderId };
      return { venueClientOrderId: leg.venueClientOrderId, venueOrderId: answer.venueOrderId, ...(answer.report === undefined ? {} : { report: answer.report }) };
    }),
  };
}
