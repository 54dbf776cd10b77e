import { InstrumentId } from '../../core/identifiers';

/** The one place OANDA instrument names (`EUR_USD`) and engine instrument ids (`EUR_USD.OANDA`) meet. */
const OANDA_SYMBOL = /^[A-Z0-9]{2,12}_[A-Z0-9]{2,12}$/;

export function toInstrumentId(oandaName: string): InstrumentId {
  if (!OANDA_SYMBOL.test(oandaName)) {
    throw new RangeError(`OANDA instrument must look like EUR_USD, found ${JSON.stringify(oandaName)}`);
  }
  return InstrumentId.of(oandaName, 'OANDA');
}

export function toOandaSymbol(instrumentId: InstrumentId): string {
  if (InstrumentId.venue(instrumentId) !== 'OANDA') {
    throw new RangeError(`instrument ${instrumentId} is not an OANDA instrument`);
  }
  return InstrumentId.symbol(instrumentId);
}

export function currenciesOf(oandaName: string): { base: string; quote: string } {
  const [base = '', quote = ''] = oandaName.split('_');
  return { base, quote };
}
