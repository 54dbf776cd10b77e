import { InstrumentId } from '../../core/identifiers';

/** DXtrade symbols ("EUR/USD") ↔ engine instrument ids ("EUR/USD.DXTRADE"): the one place the two meet. */
export function instrumentIdOfSymbol(symbol: string): InstrumentId {
  return InstrumentId.of(symbol, 'DXTRADE');
}

export function symbolOf(instrumentId: InstrumentId): string {
  if (InstrumentId.venue(instrumentId) !== 'DXTRADE') throw new RangeError(`instrument ${instrumentId} is not a DXtrade instrument`);
  return InstrumentId.symbol(instrumentId);
}
