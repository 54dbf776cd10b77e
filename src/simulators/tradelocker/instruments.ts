import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { InstrumentId } from '../../core/identifiers';
import type { FxPair } from '../../core/instruments';
import type { SimulatedInstrument } from '../matching';

/**
 * What TradeLocker publishes for an instrument: the list entry (GET /trade/accounts/{id}/instruments: ids and
 * routes) and the details (GET /trade/instruments/{id}: lot size, lot step, min/max lot, tick size). Sizes on
 * the wire are lots; one lot is `lotSize` units of the base currency (100,000 for FX).
 */
export interface TlInstrumentSpec {
  readonly tradableInstrumentId: number;
  /** The symbol id (`id` in the list). */
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly type: 'FOREX' | 'CRYPTO';
  readonly tradeRouteId: number;
  readonly infoRouteId: number;
  readonly tickSize: string;
  readonly lotSize: string;
  readonly lotStep: string;
  readonly minLot: string;
  readonly maxLot: string;
  readonly marginRate: string;
  readonly initialMid: string;
  readonly baseCurrency: string;
  readonly quotingCurrency: string;
  /** Trade session: 1 = FX (Sunday 22:00 to Friday 22:00 UTC), 2 = around the clock. */
  readonly tradeSessionId: number;
}

const fx = (tradableInstrumentId: number, name: string, tickSize: string, marginRate: string, initialMid: string): TlInstrumentSpec => ({
  tradableInstrumentId,
  id: tradableInstrumentId - 200,
  name,
  description: `${name.slice(0, 3)}/${name.slice(3)}`,
  type: 'FOREX',
  tradeRouteId: 902,
  infoRouteId: 903,
  tickSize,
  lotSize: '100000',
  lotStep: '0.01',
  minLot: '0.01',
  maxLot: '100',
  marginRate,
  initialMid,
  baseCurrency: name.slice(0, 3),
  quotingCurrency: name.slice(3),
  tradeSessionId: 1,
});

/** Majors with five-digit pricing (three for JPY) and the retail margin rates of an international account. */
export const TL_INSTRUMENTS: readonly TlInstrumentSpec[] = [
  fx(278, 'EURUSD', '0.00001', '0.01', '1.08500'),
  fx(279, 'GBPUSD', '0.00001', '0.01', '1.26500'),
  fx(280, 'USDJPY', '0.001', '0.01', '151.500'),
  fx(281, 'AUDUSD', '0.00001', '0.01', '0.65800'),
  fx(282, 'USDCAD', '0.00001', '0.01', '1.36200'),
];

export function specByName(name: string): TlInstrumentSpec | undefined {
  return TL_INSTRUMENTS.find((spec) => spec.name === name);
}

export function specById(tradableInstrumentId: string): TlInstrumentSpec | undefined {
  return TL_INSTRUMENTS.find((spec) => String(spec.tradableInstrumentId) === tradableInstrumentId);
}

export function engineInstrumentId(spec: TlInstrumentSpec): InstrumentId {
  return InstrumentId.of(spec.name, 'TRADELOCKER');
}

/** Lots on the wire → units in the matching engine (which keeps P&L and margin per unit of base currency). */
export function lotsToUnits(spec: TlInstrumentSpec, lots: Decimal): Decimal {
  return lots.mul(Decimal.parse(spec.lotSize));
}

export function unitsToLots(spec: TlInstrumentSpec, units: Decimal): Decimal {
  return units.div(Decimal.parse(spec.lotSize), 8, 'half-even').normalize();
}

/** The matching engine's instrument: prices on the tick, sizes in units with the lot step as the increment. */
export function engineInstrument(spec: TlInstrumentSpec): FxPair {
  const tick = Decimal.parse(spec.tickSize);
  const step = lotsToUnits(spec, Decimal.parse(spec.lotStep));
  return {
    kind: 'fx',
    id: engineInstrumentId(spec),
    venue: 'TRADELOCKER',
    venueSymbol: spec.name,
    baseCurrency: Currency.parse(spec.baseCurrency),
    quoteCurrency: Currency.parse(spec.quotingCurrency),
    priceIncrement: tick,
    sizeIncrement: step,
    minQuantity: lotsToUnits(spec, Decimal.parse(spec.minLot)),
    maxQuantity: lotsToUnits(spec, Decimal.parse(spec.maxLot)),
    status: 'trading',
    pipLocation: tick.significantScale() === 3 ? -2 : -4,
    displayPrecision: tick.significantScale(),
    maxOrderUnits: lotsToUnits(spec, Decimal.parse(spec.maxLot)),
    marginRate: Decimal.parse(spec.marginRate),
    trailingStopDistance: { min: tick, max: tick.mul(Decimal.fromInteger(100_000)) },
  };
}

/** No commission (the spread pays the broker), a seeded walk for the synthetic market. */
export function simulatedInstrument(spec: TlInstrumentSpec): SimulatedInstrument {
  return {
    instrument: engineInstrument(spec),
    fees: { maker: Decimal.ZERO, taker: Decimal.ZERO },
    synthetic: {
      initialMid: Price.parse(spec.initialMid),
      spreadTicks: 12,
      volatilityTicks: 3,
      depth: 5,
      levelSize: Decimal.parse('50000000'),
      stepMs: 250,
      tradesPerStep: 1,
    },
  };
}
