import { Decimal, Price, Quantity, type Instrument } from '../../core';

/**
 * Converts between exact Decimals and the integer tick and lot counts the book works in. Counts are plain
 * integers (checked to stay safe), so comparisons and sums on them are exact and cheap.
 */
export class InstrumentScale {
  private readonly tickMantissa: bigint;
  private readonly tickScale: number;
  private readonly lotMantissa: bigint;
  private readonly lotScale: number;

  constructor(readonly instrument: Instrument) {
    this.tickMantissa = instrument.priceIncrement.mantissa;
    this.tickScale = instrument.priceIncrement.scale;
    this.lotMantissa = instrument.sizeIncrement.mantissa;
    this.lotScale = instrument.sizeIncrement.scale;
  }

  /** Ticks of a price, or undefined when the price is not a multiple of the tick. */
  ticksOf(price: Decimal): number | undefined {
    return countOf(price, this.tickMantissa, this.tickScale);
  }

  /** Ticks of a price rounded to the tick (toward the side given); exact prices skip the rounding. */
  ticksRounded(price: Decimal, mode: 'floor' | 'ceil' | 'half-even'): number {
    return this.ticksOf(price) ?? (this.ticksOf(price.roundToIncrement(this.instrument.priceIncrement, mode)) as number);
  }

  lotsOf(quantity: Decimal): number | undefined {
    return countOf(quantity, this.lotMantissa, this.lotScale);
  }

  lotsRoundedDown(quantity: Decimal): number {
    const abs = quantity.abs();
    return this.lotsOf(abs) ?? (this.lotsOf(abs.roundToIncrement(this.instrument.sizeIncrement, 'down')) as number);
  }

  price(ticks: number): Price {
    return Price.of(Decimal.of(BigInt(ticks) * this.tickMantissa, this.tickScale));
  }

  quantity(lots: number): Quantity {
    return Quantity.of(Decimal.of(BigInt(lots) * this.lotMantissa, this.lotScale));
  }
}

function countOf(value: Decimal, incrementMantissa: bigint, incrementScale: number): number | undefined {
  if (value.scale === incrementScale) {
    // The common case (a venue's price at its own tick scale): one bigint division.
    if (value.mantissa % incrementMantissa !== 0n) return undefined;
    return checkedCount(value, value.mantissa / incrementMantissa);
  }
  const scale = Math.max(value.scale, incrementScale);
  const numerator = value.mantissa * 10n ** BigInt(scale - value.scale);
  const denominator = incrementMantissa * 10n ** BigInt(scale - incrementScale);
  if (numerator % denominator !== 0n) return undefined;
  return checkedCount(value, numerator / denominator);
}

function checkedCount(value: Decimal, count: bigint): number {
  const result = Number(count);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${value.toString()} is too many increments to count exactly`);
  return result;
}
