import { Decimal } from '../../core/money/decimal';
import { UNSET_DOUBLE, UNSET_INTEGER } from './wire-format';

/** A request TWS cannot read: answered with error 320 ("Error reading request") naming the field. */
export class RequestReadError extends Error {
  constructor(readonly field: string, readonly rule: string, readonly found: string) {
    super(`Error reading request. ${field} must ${rule}, found ${JSON.stringify(found)}`);
  }
}

/** Reads one request's fields in order, as TWS does: a missing field is an error, never a default. */
export class FieldReader {
  private index = 0;

  constructor(readonly fields: readonly string[]) {}

  get remaining(): number {
    return this.fields.length - this.index;
  }

  str(field: string): string {
    const value = this.fields[this.index];
    if (value === undefined) throw new RequestReadError(field, 'be present', '<end of message>');
    this.index += 1;
    return value;
  }

  /** An int; empty reads as 0 (the official decoders do the same). */
  int(field: string): number {
    const text = this.str(field);
    if (text === '') return 0;
    if (!/^-?\d{1,19}$/.test(text)) throw new RequestReadError(field, 'be an integer', text);
    return Number(text);
  }

  /** An int that may be unset (empty or Integer.MAX_VALUE). */
  intOrUnset(field: string): number | undefined {
    const text = this.str(field);
    if (text === '' || text === UNSET_INTEGER) return undefined;
    if (!/^-?\d{1,19}$/.test(text)) throw new RequestReadError(field, 'be an integer', text);
    return Number(text);
  }

  bool(field: string): boolean {
    const text = this.str(field);
    if (text === '' || text === '0' || text === 'false') return false;
    if (text === '1' || text === 'true') return true;
    throw new RequestReadError(field, 'be 0 or 1', text);
  }

  /** A decimal that may be unset (empty, or Double.MAX_VALUE as Java or JavaScript writes it). */
  decimalOrUnset(field: string): Decimal | undefined {
    const text = this.str(field);
    if (text === '' || text === UNSET_DOUBLE || text === '1.7976931348623157e+308' || text === 'Infinity') return undefined;
    const value = Decimal.tryParse(text);
    if (value === undefined) throw new RequestReadError(field, 'be a decimal number', text);
    return value;
  }

  skip(count: number, what: string): void {
    for (let i = 0; i < count; i += 1) this.str(`${what}[${i}]`);
  }
}

/** The contract fields most requests carry, in the wire order of reqMktData/placeOrder/reqContractDetails. */
export interface WireContract {
  readonly conId: number;
  readonly symbol: string;
  readonly secType: string;
  readonly lastTradeDateOrContractMonth: string;
  readonly exchange: string;
  readonly primaryExch: string;
  readonly currency: string;
  readonly localSymbol: string;
  readonly tradingClass: string;
}

/** conId, symbol, secType, expiry, strike, right, multiplier, exchange, primaryExch, currency, localSymbol, tradingClass. */
export function readContract(r: FieldReader): WireContract {
  const conId = r.int('contract.conId');
  const symbol = r.str('contract.symbol');
  const secType = r.str('contract.secType');
  const lastTradeDateOrContractMonth = r.str('contract.lastTradeDateOrContractMonth');
  r.decimalOrUnset('contract.strike');
  r.str('contract.right');
  r.str('contract.multiplier');
  const exchange = r.str('contract.exchange');
  const primaryExch = r.str('contract.primaryExch');
  const currency = r.str('contract.currency');
  const localSymbol = r.str('contract.localSymbol');
  const tradingClass = r.str('contract.tradingClass');
  return { conId, symbol, secType, lastTradeDateOrContractMonth, exchange, primaryExch, currency, localSymbol, tradingClass };
}

export interface ExecutionFilter {
  readonly reqId: number;
  readonly clientId: number;
  readonly account: string;
  /** Executions at or after this time (ms), when given. */
  readonly since?: number;
  readonly symbol: string;
  readonly secType: string;
  readonly exchange: string;
  readonly side: string;
}

export interface MarketDataRequest {
  readonly reqId: number;
  readonly contract: WireContract;
  readonly genericTicks: string;
  readonly snapshot: boolean;
}

/** REQ_MKT_DATA v11: reqId, contract (no includeExpired), BAG legs, delta-neutral flag, generic ticks, snapshot, regulatory, options. */
export function readMarketDataRequest(r: FieldReader): MarketDataRequest {
  r.int('version');
  const reqId = r.int('reqId');
  const contract = readContract(r);
  if (contract.secType === 'BAG') {
    const legs = r.int('comboLegsCount');
    r.skip(legs * 4, 'comboLegs');
  }
  if (r.bool('deltaNeutralContract')) r.skip(3, 'deltaNeutralContract');
  const genericTicks = r.str('genericTickList');
  const snapshot = r.bool('snapshot');
  r.bool('regulatorySnapshot');
  r.str('mktDataOptions');
  return { reqId, contract, genericTicks, snapshot };
}

/** REQ_CONTRACT_DATA v8: version, reqId, contract, includeExpired, secIdType, secId, issuerId. */
export function readContractDetailsRequest(r: FieldReader): { reqId: number; contract: WireContract } {
  r.int('version');
  const reqId = r.int('reqId');
  const contract = readContract(r);
  r.bool('includeExpired');
  r.str('secIdType');
  r.str('secId');
  r.str('issuerId');
  return { reqId, contract };
}

/** REQ_TICK_BY_TICK_DATA: reqId, contract, tickType, numberOfTicks, ignoreSize. */
export function readTickByTickRequest(r: FieldReader): { reqId: number; contract: WireContract; tickType: string } {
  const reqId = r.int('reqId');
  const contract = readContract(r);
  const tickType = r.str('tickType');
  r.int('numberOfTicks');
  r.bool('ignoreSize');
  return { reqId, contract, tickType };
}
