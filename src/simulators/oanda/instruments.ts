import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { InstrumentId } from '../../core/identifiers';
import type { FxPair } from '../../core/instruments';
import type { SimulatedInstrument } from '../matching';

/** What OANDA publishes for an instrument (GET /accounts/{id}/instruments), in wire terms. */
export interface OandaInstrumentSpec {
  readonly name: string;
  readonly displayName: string;
  readonly pipLocation: number;
  readonly displayPrecision: number;
  readonly tradeUnitsPrecision: number;
  readonly minimumTradeSize: string;
  readonly maximumTrailingStopDistance: string;
  readonly minimumTrailingStopDistance: string;
  readonly maximumPositionSize: string;
  readonly maximumOrderUnits: string;
  readonly marginRate: string;
  /** Annual rates; OANDA's newer API publishes them per instrument. */
  readonly longRate: string;
  readonly shortRate: string;
  readonly initialMid: string;
}

const fx = (name: string, precision: number, pip: number, marginRate: string, mid: string, longRate: string, shortRate: string): OandaInstrumentSpec => ({
  name,
  displayName: name.replace('_', '/'),
  pipLocation: pip,
  displayPrecision: precision,
  tradeUnitsPrecision: 0,
  minimumTradeSize: '1',
  maximumTrailingStopDistance: pip === -2 ? '100.000' : '1.00000',
  minimumTrailingStopDistance: pip === -2 ? '0.050' : '0.00050',
  maximumPositionSize: '0',
  maximumOrderUnits: '100000000',
  marginRate,
  longRate,
  shortRate,
  initialMid: mid,
});

/** The majors the issue names and a few minors, with OANDA's precisions and typical retail margin rates. */
export const OANDA_INSTRUMENTS: readonly OandaInstrumentSpec[] = [
  fx('EUR_USD', 5, -4, '0.02', '1.08500', '-0.0423', '0.0187'),
  fx('GBP_USD', 5, -4, '0.05', '1.26500', '-0.0391', '0.0161'),
  fx('USD_JPY', 3, -2, '0.04', '151.500', '0.0312', '-0.0570'),
  fx('AUD_USD', 5, -4, '0.03', '0.65800', '-0.0380', '0.0150'),
  fx('USD_CAD', 5, -4, '0.02', '1.36200', '0.0010', '-0.0250'),
  fx('USD_CHF', 5, -4, '0.03', '0.90300', '0.0230', '-0.0480'),
  fx('NZD_USD', 5, -4, '0.03', '0.60100', '-0.0350', '0.0120'),
  fx('EUR_GBP', 5, -4, '0.05', '0.85800', '-0.0310', '0.0090'),
  fx('EUR_JPY', 3, -2, '0.04', '164.400', '0.0110', '-0.0390'),
  fx('GBP_JPY', 3, -2, '0.05', '191.700', '0.0140', '-0.0420'),
];

export function specOf(name: string): OandaInstrumentSpec | undefined {
  return OANDA_INSTRUMENTS.find((spec) => spec.name === name);
}

/** The matching engine's view of an OANDA instrument: tick 10^-displayPrecision, lot 10^-tradeUnitsPrecision. */
export function engineInstrument(spec: OandaInstrumentSpec): FxPair {
  const [base = '', quote = ''] = spec.name.split('_');
  const tick = Decimal.of(1n, spec.displayPrecision);
  return {
    kind: 'fx',
    id: InstrumentId.of(spec.name, 'OANDA'),
    venue: 'OANDA',
    venueSymbol: spec.name,
    baseCurrency: Currency.parse(base),
    quoteCurrency: Currency.parse(quote),
    priceIncrement: tick,
    sizeIncrement: Decimal.of(1n, spec.tradeUnitsPrecision),
    minQuantity: Decimal.parse(spec.minimumTradeSize),
    maxQuantity: Decimal.parse(spec.maximumOrderUnits),
    status: 'trading',
    pipLocation: spec.pipLocation,
    displayPrecision: spec.displayPrecision,
    maxOrderUnits: Decimal.parse(spec.maximumOrderUnits),
    marginRate: Decimal.parse(spec.marginRate),
    trailingStopDistance: { min: Decimal.parse(spec.minimumTrailingStopDistance), max: Decimal.parse(spec.maximumTrailingStopDistance) },
    financing: { longRate: Decimal.parse(spec.longRate), shortRate: Decimal.parse(spec.shortRate) },
  };
}

/** The engine's simulated instrument: no commission (OANDA charges through the spread), a synthetic profile per pair. */
export function simulatedInstrument(spec: OandaInstrumentSpec): SimulatedInstrument {
  return {
    instrument: engineInstrument(spec),
    fees: { maker: Decimal.ZERO, taker: Decimal.ZERO },
    synthetic: {
      initialMid: Price.parse(spec.initialMid),
      spreadTicks: spec.displayPrecision === 3 ? 14 : 14,
      volatilityTicks: 3,
      depth: 5,
      levelSize: Decimal.parse('10000000'),
      stepMs: 250,
      tradesPerStep: 1,
    },
  };
}
