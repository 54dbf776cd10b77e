import { Decimal, type BookLevel, type OrderSide, type Price } from '../../core';

/** One venue's book side as the router sees it, with that venue's rules and what its balance allows. */
export interface RouteBook {
  readonly leg: number;
  /** The side the parent takes: asks for a buy, bids for a sell; best first. */
  readonly levels: readonly BookLevel[];
  /** Reference-currency units per unit of this venue's quote currency. */
  readonly quoteRate: Decimal;
  readonly feeRate: Decimal;
  readonly sizeIncrement: Decimal;
  readonly minQuantity: Decimal;
  readonly maxQuantity?: Decimal;
  readonly minNotional?: Decimal;
  /** What the balance pays for: quote currency (fees included) for a buy, base quantity for a sell. */
  readonly budget: Decimal;
}

export interface RouteAllocation {
  readonly leg: number;
  readonly quantity: Decimal;
  /** The worst level taken, in the venue's own quote: the child's IOC limit, so it never trades through it. */
  readonly price: Price;
}

export interface RouteDecision {
  readonly allocations: readonly RouteAllocation[];
  /** What no venue could take now within the limit, rules and balances. */
  readonly unrouted: Decimal;
}

const POWERS: bigint[] = Array.from({ length: 40 }, (_, k) => 10n ** BigInt(k));
const pow10 = (k: number): bigint => POWERS[k] ?? 10n ** BigInt(k);

interface Candidate {
  readonly book: number;
  readonly level: BookLevel;
  /** The price after fees in the reference currency, as an integer at the decision's common scale. */
  readonly key: bigint;
}

/**
 * Ranks every level of every venue by its price after fees in the reference currency and takes them best
 * first, each within its venue's budget, then rounds each venue's take to its lot and drops takes below its
 * minimums. Pure: the same books give the same routes (deterministic for tests and backtests).
 */
export function routeOrder(side: OrderSide, quantity: Decimal, books: readonly RouteBook[], limit?: Decimal): RouteDecision {
  const buy = side === 'buy';
  // Ranking keys are exact: price x (rate x (1 +- fee)) as integers at one common scale, compared as bigints
  // (a Decimal compare per pair would realign scales on every comparison of the sort).
  const factors = books.map((book) => book.quoteRate.mul(buy ? Decimal.ONE.add(book.feeRate) : Decimal.ONE.sub(book.feeRate)));
  let scale = limit?.scale ?? 0;
  books.forEach((book, b) => {
    for (const level of book.levels) scale = Math.max(scale, level.price.scale + (factors[b] as Decimal).scale);
  });
  const limitKey = limit === undefined ? undefined : limit.mantissa * pow10(scale - limit.scale);
  const candidates: Candidate[] = [];
  for (let b = 0; b < books.length; b++) {
    const book = books[b] as RouteBook;
    const factor = factors[b] as Decimal;
    for (const level of book.levels) {
      const key = level.price.mantissa * factor.mantissa * pow10(scale - level.price.scale - factor.scale);
      // Levels are best first: once one is beyond the limit, so is every later one of this venue.
      if (limitKey !== undefined && (buy ? key > limitKey : key < limitKey)) break;
      candidates.push({ book: b, level, key });
    }
  }
  candidates.sort((a, c) => {
    const order = a.key < c.key ? -1 : a.key > c.key ? 1 : 0;
    return buy ? order : -order;
  });

  const taken = books.map(() => Decimal.ZERO);
  const worst: (Price | undefined)[] = books.map(() => undefined);
  const budget = books.map((book) => book.budget);
  const feeFactors = books.map((book) => Decimal.ONE.add(book.feeRate));
  let left = quantity;
  for (const candidate of candidates) {
    if (!left.isPositive()) break;
    const book = books[candidate.book] as RouteBook;
    let take = left.min(candidate.level.quantity);
    if (book.maxQuantity !== undefined) take = take.min(book.maxQuantity.sub(taken[candidate.book] as Decimal));
    const room = budget[candidate.book] as Decimal;
    // A buy spends quote (price plus fee) per unit; a sell spends base units.
    const unitCost = buy ? candidate.level.price.mul(feeFactors[candidate.book] as Decimal) : Decimal.ONE;
    // The division only when the budget binds: most levels are well within it.
    let cost = buy ? take.mul(unitCost) : take;
    let changed = false;
    if (cost.gt(room)) {
      take = buy ? room.div(unitCost, book.sizeIncrement.scale, 'down') : room;
      changed = true;
    }
    // Book sizes are almost always on the lot already: the rounding (and a second cost) only when not.
    if (!take.isMultipleOf(book.sizeIncrement)) {
      take = take.roundToIncrement(book.sizeIncrement, 'down');
      changed = true;
    }
    if (!take.isPositive()) continue;
    if (changed) cost = buy ? take.mul(unitCost) : take;
    taken[candidate.book] = (taken[candidate.book] as Decimal).add(take);
    budget[candidate.book] = room.sub(cost);
    worst[candidate.book] = candidate.level.price;
    left = left.sub(take);
  }

  const allocations: RouteAllocation[] = [];
  let unrouted = left;
  for (let b = 0; b < books.length; b++) {
    const book = books[b] as RouteBook;
    const take = taken[b] as Decimal;
    const price = worst[b];
    if (!take.isPositive() || price === undefined) continue;
    const belowMinimum = take.lt(book.minQuantity) || (book.minNotional !== undefined && take.mul(price).lt(book.minNotional));
    if (belowMinimum) {
      unrouted = unrouted.add(take);
      continue;
    }
    allocations.push({ leg: book.leg, quantity: take.normalize(), price });
  }
  return { allocations, unrouted: unrouted.normalize() };
}
