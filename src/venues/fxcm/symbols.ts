import { InstrumentId } from '../../core/identifiers';

/** FXCM's Symbol(55) ("EUR/USD") is valid in an instrument id as is: EUR/USD.FXCM. The one place that maps both ways. */
export function instrumentIdOfSymbol(symbol: string): InstrumentId {
  return InstrumentId.of(symbol, 'FXCM');
}

export function symbolOf(instrumentId: InstrumentId): string {
  if (InstrumentId.venue(instrumentId) !== 'FXCM') throw new RangeError(`instrumentId must be an FXCM instrument, found ${instrumentId}`);
  return InstrumentId.symbol(instrumentId);
}
