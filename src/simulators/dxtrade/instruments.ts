import { InstrumentId } from '../../core/identifiers';
import type { FxPair } from '../../core/instruments';
import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import type { SimulatedInstrument } from '../matching';
import type { DxTradingHoursEvent } from './trading-hours';

/**
 * One DXtrade instrument as GET /instruments/query and GET /accounts/{account}/instruments/query describe it
 * (Instrument and Instrument Details entities of the REST spec). FOREX.com's DXtrade quotes FX in units
 * (`quantity` is "in units, not in lots"), with a lot of 100,000 and a minimum order of 1,000.
 */
export interface DxtradeInstrumentSpec {
  readonly symbol: string;
  readonly description: string;
  readonly priceIncrement: string;
  readonly pipSize: string;
  readonly lotSize: string;
  readonly minOrderSize: string;
  readonly maxOrderSize: string;
  readonly minOrderSizeIncrement: string;
  /** Margin rate for non-US accounts; US accounts pay NFA's (2% majors, 5% others). */
  readonly marginRate: string;
  readonly usMarginRate: string;
  readonly initialMid: string;
}

export const DXTRADE_INSTRUMENTS: readonly DxtradeInstrumentSpec[] = [
  { symbol: 'EUR/USD', description: 'Euro vs US Dollar', priceIncrement: '0.00001', pipSize: '0.0001', lotSize: '100000', minOrderSize: '1000', maxOrderSize: '10000000', minOrderSizeIncrement: '1000', marginRate: '0.0333', usMarginRate: '0.02', initialMid: '1.08500' },
  { symbol: 'USD/JPY', description: 'US Dollar vs Japanese Yen', priceIncrement: '0.001', pipSize: '0.01', lotSize: '100000', minOrderSize: '1000', maxOrderSize: '10000000', minOrderSizeIncrement: '1000', marginRate: '0.0333', usMarginRate: '0.02', initialMid: '151.500' },
  { symbol: 'GBP/USD', description: 'British Pound vs US Dollar', priceIncrement: '0.00001', pipSize: '0.0001', lotSize: '100000', minOrderSize: '1000', maxOrderSize: '10000000', minOrderSizeIncrement: '1000', marginRate: '0.0333', usMarginRate: '0.02', initialMid: '1.26500' },
  { symbol: 'EUR/GBP', description: 'Euro vs British Pound', priceIncrement: '0.00001', pipSize: '0.0001', lotSize: '100000', minOrderSize: '1000', maxOrderSize: '10000000', minOrderSizeIncrement: '1000', marginRate: '0.05', usMarginRate: '0.05', initialMid: '0.85700' },
];

/** FX trades round the clock from Sunday 17:00 to Friday 17:00 New York (22:00/21:00 UTC); DXtrade lists it per instrument. */
export const FX_TRADING_HOURS: readonly DxTradingHoursEvent[] = [
  { weekDay: 'SUNDAY', time: '17:00', eventType: 'SESSION_OPEN' },
  { weekDay: 'FRIDAY', time: '17:00', eventType: 'SESSION_CLOSE' },
];

export function instrumentSpec(symbol: string): DxtradeInstrumentSpec | undefined {
  return DXTRADE_INSTRUMENTS.find((i) => i.symbol === symbol);
}

export function instrumentIdOf(symbol: string): InstrumentId {
  return InstrumentId.of(symbol, 'DXTRADE');
}

export function symbolOfInstrument(id: InstrumentId): string {
  return InstrumentId.symbol(id);
}

function engineInstrument(spec: DxtradeInstrumentSpec): FxPair {
  const [base = '', quote = ''] = spec.symbol.split('/');
  const pip = Decimal.parse(spec.pipSize);
  const tick = Decimal.parse(spec.priceIncrement);
  return {
    kind: 'fx', id: instrumentIdOf(spec.symbol), venue: 'DXTRADE', venueSymbol: spec.symbol,
    baseCurrency: Currency.parse(base), quoteCurrency: Currency.parse(quote),
    priceIncrement: tick, sizeIncrement: Decimal.parse(spec.minOrderSizeIncrement),
    minQuantity: Decimal.parse(spec.minOrderSize), maxQuantity: Decimal.parse(spec.maxOrderSize), status: 'trading',
    pipLocation: -pip.significantScale(), displayPrecision: tick.scale, maxOrderUnits: Decimal.parse(spec.maxOrderSize),
    marginRate: Decimal.parse(spec.marginRate), trailingStopDistance: { min: pip, max: pip.mul(Decimal.fromInteger(1000)) },
  };
}

export function simulatedInstrument(spec: DxtradeInstrumentSpec): SimulatedInstrument {
  return {
    instrument: engineInstrument(spec),
    // DXtrade FX brokers earn the spread: no commission on FX.
    fees: { maker: Decimal.ZERO, taker: Decimal.ZERO },
    synthetic: { initialMid: Price.parse(spec.initialMid), spreadTicks: 10, volatilityTicks: 3, depth: 5, levelSize: Decimal.parse('10000000'), stepMs: 250, tradesPerStep: 1 },
  };
}
