import type { TmtError} from '../../core/errors/tmt-error';
import { isTmtError } from '../../core/errors/tmt-error';
import { VenueOrderId } from '../../core/identifiers';
import type { ModifyRequest, ModifyResult } from '../../core/ports/venue';
import type { ExecutionClientDeps } from './execution-deps';
import { isVenueRejection, rejection } from './rejections';
import { isRefusal, newOrderParams } from './parse/order-params';
import { orderReport, type ReportContext } from './parse/reports';
import type { WireCancelReplace, WireOrder } from './parse/wire';

function isWireOrder(value: unknown): value is WireOrder {
  return typeof value === 'object' && value !== null && 'orderId' in value;
}

/**
 * A modify on Binance. A quantity decrease alone uses amend keep-priority where the profile has it (the order
 * keeps its place in the queue); anything else is POST /api/v3/order/cancelReplace in STOP_ON_FAILURE mode,
 * so the new order is placed only if the cancel succeeded. A 409 (-2021) is a partial success: both halves
 * are read from its `data`.
 */
export async function modifyOrder(deps: ExecutionClientDeps, request: ModifyRequest, context: ReportContext): Promise<ModifyResult> {
  const symbol = deps.symbols.symbol(request.instrumentId);
  const { amendment } = request;
  // An increase is refused by the venue (-2038) and then goes through cancel-replace.
  const onlyQuantityDown =
    amendment.quantity !== undefined &&
    amendment.price === undefined &&
    amendment.triggerPrice === undefined &&
    amendment.trailingOffset === undefined;
  if (deps.profile.amendKeepPriority && onlyQuantityDown && amendment.quantity !== undefined) {
    try {
      // Without newClientOrderId the venue gives the amended order a random client id; reusing the current
      // one (which the docs allow) keeps it. The engine is told the id from the answer either way.
      const answer = await deps.api.amendKeepPriority(symbol, request.venueClientOrderId, amendment.quantity.toString(), request.venueClientOrderId);
      const report = orderReport(answer.amendedOrder, context);
      return { status: 'modified', venueOrderId: report.venueOrderId, venueClientOrderId: report.venueClientOrderId ?? request.venueClientOrderId, report };
    } catch (error) {
      // Not enabled on the symbol, or a quantity increase: fall through to cancel-replace.
      if (!(isTmtError(error) && error.details.venueCode === '-2038')) {
        if (isVenueRejection(error)) return rejection(error);
        throw error;
      }
    }
  }
  const built = newOrderParams(symbol, request.replacement, request.replacementVenueClientOrderId, deps.selfTradePreventionMode);
  if (isRefusal(built)) return { status: 'rejected', code: built.code, reason: built.reason, venueReason: `local: ${built.reason}` };
  const withoutSymbol = built.filter(([key]) => key !== 'symbol');
  const cancelReplaceParams: [string, string | number | boolean][] = [
    ['symbol', symbol],
    ['cancelReplaceMode', 'STOP_ON_FAILURE'],
    ['cancelOrigClientOrderId', request.venueClientOrderId],
    ...withoutSymbol,
  ];
  try {
    const answer = await deps.api.cancelReplace(cancelReplaceParams);
    return fromAnswer(answer, context);
  } catch (error) {
    if (isTmtError(error) && error.details.body !== undefined) {
      const body = JSON.parse(error.details.body) as { data?: WireCancelReplace };
      if (body.data !== undefined) return fromAnswer(body.data, context, error);
    }
    if (isVenueRejection(error)) return rejection(error);
    throw error;
  }
}

function fromAnswer(answer: WireCancelReplace, context: ReportContext, error?: TmtError): ModifyResult {
  if (answer.newOrderResult === 'SUCCESS' && isWireOrder(answer.newOrderResponse)) {
    const report = orderReport(answer.newOrderResponse, context);
    return {
      status: 'modified',
      venueOrderId: VenueOrderId.of(String(answer.newOrderResponse.orderId)),
      ...(report.venueClientOrderId === undefined ? {} : { venueClientOrderId: report.venueClientOrderId }),
      report,
    };
  }
  const newFailure = answer.newOrderResponse !== null && !isWireOrder(answer.newOrderResponse) ? answer.newOrderResponse : undefined;
  const cancelFailure = !isWireOrder(answer.cancelResponse) ? answer.cancelResponse : undefined;
  const failure = newFailure ?? cancelFailure;
  // cancelResult SUCCESS with a failed new order: the original is gone; the engine learns it from the report.
  const canceled = answer.cancelResult === 'SUCCESS' ? ' (the original order was canceled)' : '';
  return {
    status: 'rejected',
    code: answer.cancelResult === 'SUCCESS' ? 'VENUE_REJECTED' : 'VENUE_UNKNOWN_ORDER',
    reason: `${failure?.msg ?? error?.message ?? 'cancel-replace failed'}${canceled}`,
    venueReason: failure === undefined ? (error?.details.venueCode ?? 'cancel-replace') : `${failure.code} ${failure.msg}`,
  };
}
