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

  /** Ticks of a price rounded to the tick (toward the side given). */
  ticksRounded(price: Decimal, mode: 'floor' | 'ceil' | 'half-even'): number {
    return this.ticksOf(price.roundToIncrement(this.instrument.priceIncrement, mode)) as number;
  }

  lotsOf(quantity: Decimal): number | undefined {
    return countOf(quantity, this.lotMantissa, this.lotScale);
  }

  lotsRoundedDown(quantity: Decimal): number {
    return this.lotsOf(quantity.abs().roundToIncrement(this.instrument.sizeIncrement, 'down')) as number;
  }

  price(ticks: number): Price {
    return Price.of(Decimal.of(BigInt(ticks) * this.tickMantissa, this.tickScale));
  }

  quantity(lots: number): Quantity {
    return Quantity.of(Decimal.of(BigInt(lots) * this.lotMantissa, this.lotScale));
  }
}

function countOf(value: Decimal, incrementMantissa: bigint, incrementScale: number): number | undefined {
  const scale = Math.max(value.scale, incrementScale);
  const numerator = value.mantissa * 10n ** BigInt(scale - value.scale);
  const denominator = incrementMantissa * 10n ** BigInt(scale - incrementScale);
  if (numerator % denominator !== 0n) return undefined;
  const count = Number(numerator / denominator);
  if (!Number.isSafeInteger(count)) throw new RangeError(`${value.toString()} is too many increments to count exactly`);
  return count;
}
