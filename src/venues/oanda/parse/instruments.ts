import type { Timestamp } from '../../../core/clock';
import { Currency } from '../../../core/money/currency';
import { Decimal } from '../../../core/money/decimal';
import type { FxPair } from '../../../core/instruments';
import { currenciesOf, toInstrumentId } from '../symbols';
import { InstrumentWire, readWire } from './wire';

/** 10^-n as an exact decimal: the tick for a display precision, the lot for a units precision. */
export function unitOfPrecision(precision: number): Decimal {
  return Decimal.of(1n, precision);
}

/** An OANDA Instrument as the engine's instrument rules. maximumPositionSize "0" means no limit. */
export function parseInstrument(value: unknown): FxPair {
  const wire = readWire(InstrumentWire, value, 'Instrument');
  const { base, quote } = currenciesOf(wire.name);
  const maxPosition = Decimal.parse(wire.maximumPositionSize);
  return {
    kind: 'fx',
    id: toInstrumentId(wire.name),
    venue: 'OANDA',
    venueSymbol: wire.name,
    baseCurrency: Currency.parse(base),
    quoteCurrency: Currency.parse(quote),
    priceIncrement: unitOfPrecision(wire.displayPrecision),
    sizeIncrement: unitOfPrecision(wire.tradeUnitsPrecision),
    minQuantity: Decimal.parse(wire.minimumTradeSize),
    maxQuantity: Decimal.parse(wire.maximumOrderUnits),
    status: 'trading',
    pipLocation: wire.pipLocation,
    displayPrecision: wire.displayPrecision,
    maxOrderUnits: Decimal.parse(wire.maximumOrderUnits),
    ...(maxPosition.isZero() ? {} : { maxPositionSize: maxPosition }),
    marginRate: Decimal.parse(wire.marginRate),
    trailingStopDistance: {
      min: Decimal.parse(wire.minimumTrailingStopDistance),
      max: Decimal.parse(wire.maximumTrailingStopDistance),
    },
    ...(wire.financing === undefined
      ? {}
      : { financing: { longRate: Decimal.parse(wire.financing.longRate), shortRate: Decimal.parse(wire.financing.shortRate) } }),
  };
}

export function parseInstruments(body: unknown): FxPair[] {
  const list = (body as { instruments?: unknown }).instruments;
  if (!Array.isArray(list)) throw new RangeError('AccountInstruments: instruments must be an array');
  return list.map(parseInstrument);
}

/** For reports that need a time but whose payload has none (instrument lists). */
export type ReportTime = Timestamp;
