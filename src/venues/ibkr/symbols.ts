import { InstrumentId } from '../../core/identifiers';

/** The contract fields the adapter sends for an instrument. */
export interface IbContract {
  readonly conId: number;
  readonly symbol: string;
  readonly secType: 'STK' | 'CASH';
  readonly exchange: string;
  readonly primaryExch: string;
  readonly currency: string;
  readonly localSymbol: string;
}

/**
 * The one module mapping instrument ids to IB contracts and back. Stocks: `AAPL.IBKR` is STK on SMART in USD
 * (primary exchange from contract details). FX: `EUR/USD.IBKR` is CASH EUR in USD on IDEALPRO (local symbol EUR.USD).
 */
export function contractOf(instrumentId: InstrumentId, primaryExch = '', conId = 0): IbContract {
  const symbol = InstrumentId.symbol(instrumentId);
  const slash = symbol.indexOf('/');
  if (slash > 0) {
    const base = symbol.slice(0, slash);
    const quote = symbol.slice(slash + 1);
    return { conId, symbol: base, secType: 'CASH', exchange: 'IDEALPRO', primaryExch: '', currency: quote, localSymbol: `${base}.${quote}` };
  }
  return { conId, symbol, secType: 'STK', exchange: 'SMART', primaryExch, currency: 'USD', localSymbol: '' };
}

export function instrumentIdOf(contract: { secType: string; symbol: string; currency: string }): InstrumentId | undefined {
  if (contract.secType === 'CASH') return InstrumentId.of(`${contract.symbol}/${contract.currency}`, 'IBKR');
  if (contract.secType === 'STK') return InstrumentId.of(contract.symbol, 'IBKR');
  return undefined;
}

/** The instruments the adapter loads when the configuration names none. */
export const DEFAULT_INSTRUMENTS: readonly string[] = ['AAPL.IBKR', 'MSFT.IBKR', 'IBM.IBKR', 'EUR/USD.IBKR'];
