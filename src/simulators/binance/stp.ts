import { Decimal } from '../../core';
import type { SimOrder } from '../matching';
import type { WireError } from './auth';
import type { ParsedOrder } from './validation';
import type { OrderMeta, Prevention } from './wire-format';

/**
 * Self-trade prevention (faqs/stp_faq.md) for the simulator's one account. The shared matching engine never matches
 * our orders against each other (they are not in its book), so prevention is decided here, before the taker
 * reaches the engine, with the taker's mode (the FAQ: "STP behavior is typically determined by the STP mode of the
 * taker order only"):
 * - EXPIRE_MAKER: every resting order of ours the taker crosses expires (EXPIRED_IN_MATCH); the taker goes on.
 * - EXPIRE_TAKER: the taker takes only liquidity strictly better than our best crossed order (its price is capped
 *   one tick short of it, as IOC), and whatever remains when it would reach our order expires (EXPIRED_IN_MATCH).
 * - EXPIRE_BOTH: as EXPIRE_TAKER, and the first of our orders it reached expires too.
 * - NONE: no prevention; (deviation) the engine still cannot trade our orders with each other.
 * DECREMENT and TRANSFER are not offered (exchangeInfo's allowedSelfTradePreventionModes omits them).
 */
export { ALLOWED_STP_MODES, DEFAULT_STP_MODE } from './symbols';

/** faqs/stp_faq.md: a mode the symbol does not allow. */
export const STP_NOT_ALLOWED: WireError = { status: 400, code: -1013, msg: 'This symbol does not allow the specified self-trade prevention mode.' };

export interface PreventionPlan {
  /** Our resting orders to expire before the taker is submitted. */
  readonly expireMakers: readonly { readonly order: SimOrder; readonly prevention: Prevention }[];
  /** The taker's capped price and its prevention record, when the taker is the one to expire. */
  readonly capTaker?: { readonly price: Decimal; readonly prevention: Prevention; readonly firstMaker?: { readonly order: SimOrder; readonly prevention: Prevention } };
}

const takesLiquidity = (parsed: ParsedOrder): boolean => parsed.wireType === 'LIMIT' || parsed.wireType === 'MARKET';

/** Our resting orders the new order would meet, in the order it would meet them (price, then time). */
export function crossedOwnOrders(parsed: ParsedOrder, open: readonly SimOrder[], metaOf: (orderId: string) => OrderMeta | undefined): SimOrder[] {
  if (!takesLiquidity(parsed)) return [];
  const limit = parsed.wireType === 'MARKET' ? undefined : parsed.price;
  const resting = open.filter((o) => {
    const meta = metaOf(o.orderId);
    if (meta === undefined || meta.symbol !== parsed.symbol.symbol || o.request.side === parsed.side || o.price === undefined) return false;
    // Untriggered stops are not on the book; a triggered stop-limit rests like a limit.
    if (o.status !== 'accepted' && o.status !== 'partially-filled' && o.status !== 'triggered') return false;
    if (o.status === 'accepted' && (meta.stopPrice !== undefined || meta.trailingDelta !== undefined)) return false;
    if (limit === undefined) return true;
    return parsed.side === 'buy' ? limit.gte(o.price) : limit.lte(o.price);
  });
  return resting.sort((a, b) => {
    const byPrice = (a.price as Decimal).compare(b.price as Decimal);
    if (byPrice !== 0) return parsed.side === 'buy' ? byPrice : -byPrice;
    return a.createdAt - b.createdAt;
  });
}

/** What prevention does for a new order, or undefined when it meets none of our orders (or its mode is NONE). */
export function planPrevention(
  parsed: ParsedOrder,
  quantity: Decimal,
  crossed: readonly SimOrder[],
  nextMatchId: () => number,
): PreventionPlan | undefined {
  const mode = parsed.selfTradePreventionMode;
  const first = crossed[0];
  if (mode === 'NONE' || first === undefined) return undefined;
  const remaining = (o: SimOrder): Decimal => o.quantity.sub(o.filledQuantity);
  const symbol = parsed.symbol.symbol;
  if (mode === 'EXPIRE_MAKER') {
    return {
      expireMakers: crossed.map((order) => ({
        order,
        prevention: { preventedMatchId: nextMatchId(), counterOrderId: -1, counterSymbol: symbol, price: order.price as Decimal, quantity: remaining(order) },
      })),
    };
  }
  const tick = Decimal.parse(parsed.symbol.tickSize);
  const makerPrice = first.price as Decimal;
  const capped = parsed.side === 'buy' ? makerPrice.sub(tick) : makerPrice.add(tick);
  const matchId = nextMatchId();
  const prevention: Prevention = { preventedMatchId: matchId, counterOrderId: Number(first.orderId), counterSymbol: symbol, price: makerPrice, quantity };
  const firstMaker =
    mode === 'EXPIRE_BOTH'
      ? { order: first, prevention: { preventedMatchId: matchId, counterOrderId: -1, counterSymbol: symbol, price: makerPrice, quantity: remaining(first) } }
      : undefined;
  return { expireMakers: [], capTaker: { price: capped.isPositive() ? capped : tick, prevention, ...(firstMaker === undefined ? {} : { firstMaker }) } };
}
