import type { BookLevel } from '../events/market-events';
import type { Price } from '../money/price';
import type { Quantity } from '../money/quantity';
import { BookSide } from './book-side';
import { POW10, scaledToDecimal, type ScaledValue } from './scaled-number';
import type { ScaledLevels } from './scaled-levels';

/**
 * An instrument's L2 book in exact scaled integers: one price scale and one size scale for the whole book
 * (the most fractional digits seen so far, so comparisons are plain integer comparisons), growing when a
 * value arrives with more digits. A value that cannot be held as a safe integer at the book's scale is
 * refused (`set` answers false): the caller reports it and treats the book as broken, never rounds it.
 */
export class ScaledBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  private priceDigits = 0;
  private sizeDigits = 0;

  get priceScale(): number {
    return this.priceDigits;
  }

  get sizeScale(): number {
    return this.sizeDigits;
  }

  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }

  /** Sets one level (size 0 removes it); false when the value cannot be held exactly. */
  set(bid: boolean, price: ScaledValue, size: ScaledValue): boolean {
    if (price.digits > this.priceDigits && !this.grow('price', price)) return false;
    if (size.digits > this.sizeDigits && !this.grow('size', size)) return false;
    const p = atScale(price, this.priceDigits);
    const s = atScale(size, this.sizeDigits);
    if (p < 0 || s < 0) return false;
    (bid ? this.bids : this.asks).set(p, Math.min(price.digits, this.priceDigits), s, Math.min(size.digits, this.sizeDigits));
    return true;
  }

  /** The best `depth` levels of a side as exact Decimals, each at the digits the venue wrote it with. */
  levels(depth = Number.POSITIVE_INFINITY): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: this.sideLevels(this.bids, depth), asks: this.sideLevels(this.asks, depth) };
  }

  /** The best `depth` levels of a side as scaled values (for an event that converts lazily). */
  scaledLevels(bid: boolean, depth = Number.POSITIVE_INFINITY): ScaledLevels {
    const side = bid ? this.bids : this.asks;
    const n = Math.min(side.length, depth);
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const pd = side.priceDigits(i);
      const sd = side.sizeDigits(i);
      out.push(side.price(i) / (POW10[this.priceDigits - pd] as number), pd, side.size(i) / (POW10[this.sizeDigits - sd] as number), sd);
    }
    return out;
  }

  /** Level i of a side as the venue's own price and size digits (mantissa, digits): for checksums over the wire text. */
  written(side: BookSide, index: number, out: { price: ScaledValue; size: ScaledValue }): void {
    const pd = side.priceDigits(index);
    const sd = side.sizeDigits(index);
    out.price.mantissa = side.price(index) / (POW10[this.priceDigits - pd] as number);
    out.price.digits = pd;
    out.size.mantissa = side.size(index) / (POW10[this.sizeDigits - sd] as number);
    out.size.digits = sd;
  }

  private sideLevels(side: BookSide, depth: number): BookLevel[] {
    const n = Math.min(side.length, depth);
    const out: BookLevel[] = [];
    for (let i = 0; i < n; i++) {
      const pd = side.priceDigits(i);
      const sd = side.sizeDigits(i);
      out.push({
        price: scaledToDecimal(side.price(i) / (POW10[this.priceDigits - pd] as number), pd) as Price,
        quantity: scaledToDecimal(side.size(i) / (POW10[this.sizeDigits - sd] as number), sd) as Quantity,
      });
    }
    return out;
  }

  /**
   * Raises the price (or size) scale to the value's digits when every present mantissa stays a safe integer.
   * When it would not, a value whose extra digits are trailing zeros is taken at the present scale (its
   * written text then loses those zeros); any other value is refused.
   */
  private grow(which: 'price' | 'size', value: ScaledValue): boolean {
    const current = which === 'price' ? this.priceDigits : this.sizeDigits;
    const factor = POW10[value.digits - current];
    const bids = this.bids.maxima();
    const asks = this.asks.maxima();
    const largest = which === 'price' ? Math.max(bids.price, asks.price) : Math.max(bids.size, asks.size);
    if (factor !== undefined && (largest === 0 || Number.isSafeInteger(largest * factor))) {
      if (largest !== 0) {
        this.bids.rescale(which, factor);
        this.asks.rescale(which, factor);
      }
      if (which === 'price') this.priceDigits = value.digits;
      else this.sizeDigits = value.digits;
      return true;
    }
    while (value.digits > current && value.mantissa % 10 === 0) {
      value.mantissa /= 10;
      value.digits--;
    }
    return value.digits <= current;
  }
}

/** The mantissa at `digits` (≥ the value's), or -1 when it is not a safe integer there. */
function atScale(value: ScaledValue, digits: number): number {
  if (value.digits === digits || value.mantissa === 0) return value.mantissa;
  const factor = POW10[digits - value.digits];
  if (factor === undefined) return -1;
  const scaled = value.mantissa * factor;
  return Number.isSafeInteger(scaled) ? scaled : -1;
}
