import { Decimal, type AccountId } from '../../core';
import type { LiveOrder } from './orders';

/** What one open order locks (funds.ts lockOf), or undefined when it cannot be valued now. */
export type LockValuation = (order: LiveOrder) => { currency: string; amount: Decimal } | undefined;

interface Contribution {
  readonly accountId: AccountId;
  readonly currency: string;
  readonly amount: Decimal;
}

// Powers of ten by exponent, built once: `10n ** BigInt(n)` on every add and remove showed in profiles.
const POWERS: bigint[] = Array.from({ length: 40 }, (_, n) => 10n ** BigInt(n));
const pow10 = (exponent: number): bigint => POWERS[exponent] ?? 10n ** BigInt(exponent);

/**
 * The exact sum of some decimals, written as a chain of Decimal.add from zero would write it: at the largest
 * scale among the terms present (a removed finer term does not leave trailing zeros behind).
 */
class ExactSum {
  private mantissa = 0n;
  private scale = 0;
  private count = 0;
  private readonly scales = new Map<number, number>();

  add(amount: Decimal): void {
    if (amount.scale > this.scale) {
      this.mantissa *= pow10(amount.scale - this.scale);
      this.scale = amount.scale;
    }
    this.mantissa +=
      amount.scale === this.scale ? amount.mantissa : amount.mantissa * pow10(this.scale - amount.scale);
    this.count++;
    this.scales.set(amount.scale, (this.scales.get(amount.scale) ?? 0) + 1);
  }

  remove(amount: Decimal): void {
    this.mantissa -=
      amount.scale === this.scale ? amount.mantissa : amount.mantissa * pow10(this.scale - amount.scale);
    this.count--;
    const left = (this.scales.get(amount.scale) ?? 0) - 1;
    if (left > 0) this.scales.set(amount.scale, left);
    else this.scales.delete(amount.scale);
  }

  /** The sum without `except` (one of its terms), or undefined when no term is left. */
  value(except: Decimal | undefined): Decimal | undefined {
    const count = except === undefined ? this.count : this.count - 1;
    if (count === 0) return undefined;
    let mantissa = this.mantissa;
    let written = 0;
    for (const [scale, terms] of this.scales) {
      const present = except !== undefined && except.scale === scale ? terms - 1 : terms;
      if (present > 0 && scale > written) written = scale;
    }
    if (except !== undefined) mantissa -= except.mantissa * pow10(this.scale - except.scale);
    return Decimal.of(mantissa / pow10(this.scale - written), written);
  }
}

/**
 * What the open orders of one instrument lock, per account and currency, kept as running sums so that an
 * account update or a cash funds check does not recompute every open order's lock (it was O(open orders) per
 * matching step: 12% of the paper venue's CPU, O(n^2) in a burst of n orders; bench/engine.bench.ts).
 *
 * The matcher reports every change of its open list and of an open order's leaves, prices and trigger; a
 * changed order is recounted with lockOf before the next read. A buy with neither a price nor a trigger locks
 * at the best ask, which moves with the market: those few are valued at each read, as before.
 */
export class OpenLocks {
  private readonly counted = new Map<LiveOrder, Contribution>();
  private readonly dirty = new Set<LiveOrder>();
  private readonly atMarket = new Set<LiveOrder>();
  private readonly sums = new Map<AccountId, Map<string, ExactSum>>();

  constructor(private readonly lockOf: LockValuation) {}

  opened(order: LiveOrder): void {
    this.dirty.add(order);
  }

  changed(order: LiveOrder): void {
    this.dirty.add(order);
  }

  closed(order: LiveOrder): void {
    this.dirty.delete(order);
    this.atMarket.delete(order);
    this.uncount(order);
  }

  /** After a restore: the open list was replaced wholesale. */
  reset(open: readonly LiveOrder[]): void {
    this.counted.clear();
    this.dirty.clear();
    this.atMarket.clear();
    this.sums.clear();
    for (const order of open) this.dirty.add(order);
  }

  /** Adds what this instrument's open orders of the account lock (`except` left out) into `locked`. */
  addTo(accountId: AccountId, locked: Map<string, Decimal>, except: LiveOrder | undefined): void {
    this.settle();
    const sums = this.sums.get(accountId);
    const left = except === undefined ? undefined : this.counted.get(except);
    if (sums !== undefined) {
      for (const [currency, sum] of sums) {
        const value = sum.value(
          left !== undefined && left.currency === currency && left.accountId === accountId
            ? left.amount
            : undefined,
        );
        if (value !== undefined) locked.set(currency, (locked.get(currency) ?? Decimal.ZERO).add(value));
      }
    }
    for (const order of this.atMarket) {
      if (order.request.accountId !== accountId || order === except) continue;
      const lock = this.lockOf(order);
      if (lock !== undefined)
        locked.set(lock.currency, (locked.get(lock.currency) ?? Decimal.ZERO).add(lock.amount));
    }
  }

  private settle(): void {
    if (this.dirty.size === 0) return;
    for (const order of this.dirty) {
      this.uncount(order);
      this.atMarket.delete(order);
      if (order.request.type === 'market') continue;
      if (
        order.request.side === 'buy' &&
        order.priceTicks === undefined &&
        order.triggerTicks === undefined
      ) {
        this.atMarket.add(order);
        continue;
      }
      const lock = this.lockOf(order);
      if (lock === undefined) continue;
      const contribution = {
        accountId: order.request.accountId,
        currency: lock.currency,
        amount: lock.amount,
      };
      this.counted.set(order, contribution);
      this.sumFor(contribution).add(contribution.amount);
    }
    this.dirty.clear();
  }

  private uncount(order: LiveOrder): void {
    const contribution = this.counted.get(order);
    if (contribution === undefined) return;
    this.counted.delete(order);
    this.sumFor(contribution).remove(contribution.amount);
  }

  private sumFor(contribution: Contribution): ExactSum {
    let sums = this.sums.get(contribution.accountId);
    if (sums === undefined) {
      sums = new Map();
      this.sums.set(contribution.accountId, sums);
    }
    let sum = sums.get(contribution.currency);
    if (sum === undefined) {
      sum = new ExactSum();
      sums.set(contribution.currency, sum);
    }
    return sum;
  }
}
