import { InstrumentId } from '../../core/identifiers';
import type { FxPair } from '../../core/instruments';
import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import type { SimulatedInstrument } from '../matching';

/** What FXCM's TradingSessionStatus (h) publishes per security, in wire terms (FXCM custom fields 9000-9096). */
export interface FxcmSecuritySpec {
  /** Symbol(55) as FXCM writes it: "EUR/USD". */
  readonly symbol: string;
  /** FXCMSymID (9000). */
  readonly symId: number;
  /** FXCMSymPrecision (9001): decimals of a price. */
  readonly precision: number;
  /** FXCMSymPointSize (9002): one pip. */
  readonly pointSize: string;
  readonly marginRate: string;
  readonly initialMid: string;
  /** FXCMSymInterestBuy/Sell (9003/9004): rollover per BASE_UNIT_SIZE, account currency. */
  readonly interestBuy: string;
  readonly interestSell: string;
}

/** The lot: FXCM's BASE_UNIT_SIZE system parameter and the CollateralReport's Quantity(53) (a micro lot). */
export const BASE_UNIT_SIZE = '1000';
/** FXCMMaxQuantity (9094) as FXCM publishes it for FX. */
export const MAX_QUANTITY = '50000000';

export const FXCM_SECURITIES: readonly FxcmSecuritySpec[] = [
  { symbol: 'EUR/USD', symId: 1, precision: 5, pointSize: '0.0001', marginRate: '0.02', initialMid: '1.08500', interestBuy: '-0.55', interestSell: '0.12' },
  { symbol: 'USD/JPY', symId: 2, precision: 3, pointSize: '0.01', marginRate: '0.04', initialMid: '151.500', interestBuy: '0.71', interestSell: '-1.62' },
  { symbol: 'GBP/USD', symId: 3, precision: 5, pointSize: '0.0001', marginRate: '0.05', initialMid: '1.26500', interestBuy: '-0.38', interestSell: '0.05' },
  { symbol: 'EUR/JPY', symId: 10, precision: 3, pointSize: '0.01', marginRate: '0.04', initialMid: '164.400', interestBuy: '0.20', interestSell: '-0.90' },
];

export function securityOf(symbol: string): FxcmSecuritySpec | undefined {
  return FXCM_SECURITIES.find((s) => s.symbol === symbol);
}

export function instrumentIdOf(symbol: string): InstrumentId {
  return InstrumentId.of(symbol, 'FXCM');
}

export function engineInstrument(spec: FxcmSecuritySpec): FxPair {
  const [base = '', quote = ''] = spec.symbol.split('/');
  const point = Decimal.parse(spec.pointSize);
  return {
    kind: 'fx', id: instrumentIdOf(spec.symbol), venue: 'FXCM', venueSymbol: spec.symbol,
    baseCurrency: Currency.parse(base), quoteCurrency: Currency.parse(quote),
    priceIncrement: Decimal.of(1n, spec.precision), sizeIncrement: Decimal.parse(BASE_UNIT_SIZE),
    minQuantity: Decimal.parse(BASE_UNIT_SIZE), maxQuantity: Decimal.parse(MAX_QUANTITY), status: 'trading',
    pipLocation: -point.significantScale(), displayPrecision: spec.precision, maxOrderUnits: Decimal.parse(MAX_QUANTITY),
    marginRate: Decimal.parse(spec.marginRate), trailingStopDistance: { min: point, max: point.mul(Decimal.fromInteger(1000)) },
  };
}

export function simulatedInstrument(spec: FxcmSecuritySpec): SimulatedInstrument {
  return {
    instrument: engineInstrument(spec),
    fees: { maker: Decimal.ZERO, taker: Decimal.ZERO },
    synthetic: { initialMid: Price.parse(spec.initialMid), spreadTicks: 8, volatilityTicks: 3, depth: 5, levelSize: Decimal.parse('10000000'), stepMs: 250, tradesPerStep: 1 },
  };
}
