/**
 * One side of an L2 book as sorted parallel arrays, best level first (bids descending, asks ascending):
 * price and size mantissas at the book's scales (safe integers, exact), and the fractional digits each was
 * written with, so a level reads back as the venue's own text. Typed arrays with room to grow: an insert or
 * a removal is one binary search and a native block move, with no object per level.
 */
export class BookSide {
  private priceMantissas = new Float64Array(64);
  private sizeMantissas = new Float64Array(64);
  private priceWritten = new Uint8Array(64);
  private sizeWritten = new Uint8Array(64);
  private count = 0;

  constructor(readonly descending: boolean) {}

  get length(): number {
    return this.count;
  }

  price(index: number): number {
    return this.priceMantissas[index] as number;
  }

  size(index: number): number {
    return this.sizeMantissas[index] as number;
  }

  /** Fractional digits the level's price was written with (≤ the book's price scale). */
  priceDigits(index: number): number {
    return this.priceWritten[index] as number;
  }

  sizeDigits(index: number): number {
    return this.sizeWritten[index] as number;
  }

  clear(): void {
    this.count = 0;
  }

  /** Index of the level at `price`, or -(insertion point) - 1 when there is none. */
  find(price: number): number {
    const prices = this.priceMantissas;
    let low = 0;
    let high = this.count;
    if (this.descending) {
      while (low < high) {
        const mid = (low + high) >>> 1;
        const at = prices[mid] as number;
        if (at === price) return mid;
        if (at > price) low = mid + 1;
        else high = mid;
      }
    } else {
      while (low < high) {
        const mid = (low + high) >>> 1;
        const at = prices[mid] as number;
        if (at === price) return mid;
        if (at < price) low = mid + 1;
        else high = mid;
      }
    }
    return -low - 1;
  }

  /** Sets the level at `price` to `size`; size 0 removes it. Mantissas are at the book's scales. */
  set(price: number, priceDigits: number, size: number, sizeDigits: number): void {
    const found = this.find(price);
    if (found >= 0) {
      if (size === 0) this.removeAt(found);
      else {
        this.sizeMantissas[found] = size;
        this.sizeWritten[found] = sizeDigits;
        this.priceWritten[found] = priceDigits;
      }
      return;
    }
    if (size === 0) return;
    const at = -found - 1;
    if (this.count === this.priceMantissas.length) this.grow();
    if (at < this.count) {
      this.priceMantissas.copyWithin(at + 1, at, this.count);
      this.sizeMantissas.copyWithin(at + 1, at, this.count);
      this.priceWritten.copyWithin(at + 1, at, this.count);
      this.sizeWritten.copyWithin(at + 1, at, this.count);
    }
    this.priceMantissas[at] = price;
    this.sizeMantissas[at] = size;
    this.priceWritten[at] = priceDigits;
    this.sizeWritten[at] = sizeDigits;
    this.count++;
  }

  /** Appends a level known to sort after every present one (a snapshot in best-first order). */
  push(price: number, priceDigits: number, size: number, sizeDigits: number): void {
    if (this.count === this.priceMantissas.length) this.grow();
    const at = this.count++;
    this.priceMantissas[at] = price;
    this.sizeMantissas[at] = size;
    this.priceWritten[at] = priceDigits;
    this.sizeWritten[at] = sizeDigits;
  }

  removeAt(index: number): void {
    this.priceMantissas.copyWithin(index, index + 1, this.count);
    this.sizeMantissas.copyWithin(index, index + 1, this.count);
    this.priceWritten.copyWithin(index, index + 1, this.count);
    this.sizeWritten.copyWithin(index, index + 1, this.count);
    this.count--;
  }

  /** The largest price and size mantissas present, to check a rescale stays exact. */
  maxima(): { price: number; size: number } {
    let price = 0;
    let size = 0;
    for (let i = 0; i < this.count; i++) {
      price = Math.max(price, this.priceMantissas[i] as number);
      size = Math.max(size, this.sizeMantissas[i] as number);
    }
    return { price, size };
  }

  /** Multiplies every price (or size) mantissa by 10^k, when the book's scale grows; the caller checked it is safe. */
  rescale(which: 'price' | 'size', factor: number): void {
    const values = which === 'price' ? this.priceMantissas : this.sizeMantissas;
    for (let i = 0; i < this.count; i++) values[i] = (values[i] as number) * factor;
  }

  private grow(): void {
    const capacity = this.priceMantissas.length * 2;
    const prices = new Float64Array(capacity);
    const sizes = new Float64Array(capacity);
    const priceWritten = new Uint8Array(capacity);
    const sizeWritten = new Uint8Array(capacity);
    prices.set(this.priceMantissas);
    sizes.set(this.sizeMantissas);
    priceWritten.set(this.priceWritten);
    sizeWritten.set(this.sizeWritten);
    this.priceMantissas = prices;
    this.sizeMantissas = sizes;
    this.priceWritten = priceWritten;
    this.sizeWritten = sizeWritten;
  }
}
