import type { VenueClientOrderId } from '../../../core/identifiers';
import type { Instrument } from '../../../core/instruments';
import type { OrderRequest } from '../../../core/orders/types';

export interface Refusal {
  readonly code: 'VENUE_UNSUPPORTED' | 'VENUE_FILTER_FAILURE';
  readonly reason: string;
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'reason' in value && 'code' in value && !('instId' in value);
}

/** The ordType for an engine order (docs-v5 "Place order"): market, limit, post_only, fok, ioc. */
function ordTypeOf(request: OrderRequest): string | Refusal {
  if (request.type === 'market') return 'market';
  if (request.type !== 'limit') return { code: 'VENUE_UNSUPPORTED', reason: `okx spot takes market and limit orders here, not ${request.type}` };
  if (request.postOnly) {
    if (request.timeInForce !== 'GTC') return { code: 'VENUE_UNSUPPORTED', reason: 'okx post_only orders are GTC' };
    return 'post_only';
  }
  switch (request.timeInForce) {
    case 'GTC':
      return 'limit';
    case 'IOC':
      return 'ioc';
    case 'FOK':
      return 'fok';
    case 'GTD':
    case 'DAY':
    case 'OPG':
      return { code: 'VENUE_UNSUPPORTED', reason: `okx has no ${request.timeInForce} time in force` };
  }
}

/**
 * The body of POST /api/v5/trade/order for an engine order, fields as on the wire. A market buy sized in
 * quote currency sends `tgtCcy: quote_ccy` and the quote amount as `sz`; any other market order states
 * `tgtCcy: base_ccy`, since OKX would read a bare market-buy `sz` as quote currency.
 */
export function orderBody(instId: string, request: OrderRequest, clOrdId: VenueClientOrderId): Record<string, string> | Refusal {
  const ordType = ordTypeOf(request);
  if (typeof ordType !== 'string') return ordType;
  if (request.displayQuantity !== undefined) return { code: 'VENUE_UNSUPPORTED', reason: 'okx icebergs are algo orders, not supported here' };
  const body: Record<string, string> = { instId, tdMode: 'cash', clOrdId, side: request.side, ordType };
  if (request.type === 'market') {
    if (request.quoteQuantity !== undefined && request.side === 'buy') {
      body.tgtCcy = 'quote_ccy';
      body.sz = request.quoteQuantity.normalize().toString();
    } else {
      body.tgtCcy = 'base_ccy';
      body.sz = request.quantity.normalize().toString();
    }
  } else {
    body.sz = request.quantity.normalize().toString();
    if (request.price === undefined) return { code: 'VENUE_FILTER_FAILURE', reason: 'a limit order needs a price (field price)' };
    body.px = request.price.normalize().toString();
  }
  return body;
}

/** Instrument rules checked before sending (tick, lot, minimum), so a bad order costs no request. */
export function checkRules(instrument: Instrument, request: OrderRequest): Refusal | undefined {
  if (request.type === 'market' && request.quoteQuantity !== undefined && request.side === 'buy') return undefined;
  if (!request.quantity.isMultipleOf(instrument.sizeIncrement)) return { code: 'VENUE_FILTER_FAILURE', reason: `quantity must be a multiple of lotSz ${instrument.sizeIncrement.toString()}` };
  if (request.quantity.lt(instrument.minQuantity)) return { code: 'VENUE_FILTER_FAILURE', reason: `quantity must be at least minSz ${instrument.minQuantity.toString()}` };
  if (request.price !== undefined && !request.price.isMultipleOf(instrument.priceIncrement)) return { code: 'VENUE_FILTER_FAILURE', reason: `price must be a multiple of tickSz ${instrument.priceIncrement.toString()}` };
  return undefined;
}
