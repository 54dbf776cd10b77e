import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { InstrumentId } from '../../core/identifiers';
import type { Instrument } from '../../core/instruments';
import { addDays, zonedDay } from '../../shared/time-zone';
import type { SimulatedInstrument } from '../matching';

/** One contract as TWS describes it in contractDetails (the fields the simulator serves). */
export interface IbContractSpec {
  readonly conId: number;
  readonly symbol: string;
  readonly secType: 'STK' | 'CASH';
  readonly exchange: string;
  readonly primaryExchange: string;
  readonly currency: string;
  readonly localSymbol: string;
  readonly tradingClass: string;
  readonly longName: string;
  readonly marketName: string;
  readonly minTick: string;
  readonly minSize: string;
  readonly sizeIncrement: string;
  readonly orderTypes: string;
  readonly validExchanges: string;
  readonly timeZoneId: string;
  readonly marketRuleIds: string;
  readonly stockType: string;
  readonly initialMid: string;
  /** Commission per share (stocks) or fraction of notional (FX), and its minimum, in USD. */
  readonly commission: { readonly rate: string; readonly minimum: string; readonly perShare: boolean };
}

const ORDER_TYPES = 'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,GTC,GTD,GTT,HID,IOC,LIT,LMT,MIT,MKT,NONALGO,OCA,OPG,OPGREROUT,POSTONLY,RTH,SCALE,SCALERST,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF';

const stock = (conId: number, symbol: string, primary: string, longName: string, mid: string): IbContractSpec => ({
  conId, symbol, secType: 'STK', exchange: 'SMART', primaryExchange: primary, currency: 'USD', localSymbol: symbol, tradingClass: primary === 'NASDAQ' ? 'NMS' : symbol,
  longName, marketName: primary === 'NASDAQ' ? 'NMS' : symbol, minTick: '0.01', minSize: '1', sizeIncrement: '1', orderTypes: ORDER_TYPES,
  validExchanges: 'SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,NASDAQ,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,LTSE,MEMX,PEARL', timeZoneId: 'US/Eastern',
  marketRuleIds: '26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26', stockType: 'COMMON',
  initialMid: mid, commission: { rate: '0.005', minimum: '1', perShare: true },
});

/** The paper account's tradable contracts: two US stocks on SMART with their primary exchange, and EUR.USD on IDEALPRO. */
export const IB_CONTRACTS: readonly IbContractSpec[] = [
  stock(265598, 'AAPL', 'NASDAQ', 'APPLE INC', '190.00'),
  stock(272093, 'MSFT', 'NASDAQ', 'MICROSOFT CORP', '410.00'),
  stock(8314, 'IBM', 'NYSE', 'INTL BUSINESS MACHINES CORP', '165.00'),
  {
    conId: 12087792, symbol: 'EUR', secType: 'CASH', exchange: 'IDEALPRO', primaryExchange: '', currency: 'USD', localSymbol: 'EUR.USD', tradingClass: 'EUR.USD',
    longName: 'European Monetary Union Euro', marketName: 'EUR.USD', minTick: '0.00005', minSize: '1', sizeIncrement: '1', orderTypes: ORDER_TYPES,
    validExchanges: 'IDEALPRO', timeZoneId: 'US/Eastern',
    marketRuleIds: '239', stockType: '', initialMid: '1.08500',
    commission: { rate: '0.00002', minimum: '2', perShare: false },
  },
];

/** How the simulator describes trading hours: back to back around the clock (default), or a US stock's real day. */
export type IbHoursMode = 'around-the-clock' | 'regular';

/**
 * Trading-hours and liquid-hours text for the days around `now`, as wall times in the contract's time zone
 * (DST-correct). Around the clock, the sessions run back to back (20:00 to 20:00) since the simulator matches
 * at any hour; 'regular' serves a US stock's day (04:00-20:00 with extended hours, 09:30-16:00 regular) and
 * FX's 17:15-17:00, and CLOSED on Saturdays and Sundays.
 */
export function sessionsAround(now: number, spec: Pick<IbContractSpec, 'timeZoneId' | 'secType'>, mode: IbHoursMode = 'around-the-clock'): { tradingHours: string; liquidHours: string } {
  const today = zonedDay(now, spec.timeZoneId);
  const days = [-1, 0, 1].map((o) => addDays(today, o));
  if (mode === 'around-the-clock') {
    const hours = days.map((d) => `${d}:2000-${addDays(d, 1)}:2000`).join(';');
    return { tradingHours: hours, liquidHours: hours };
  }
  const weekend = (d: string): boolean => [0, 6].includes(new Date(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)))).getUTCDay());
  const session = (d: string, from: string, to: string, overnight: boolean): string =>
    weekend(d) ? `${d}:CLOSED` : `${overnight ? addDays(d, -1) : d}:${from}-${d}:${to}`;
  if (spec.secType === 'CASH') {
    const hours = days.map((d) => session(d, '1715', '1700', true)).join(';');
    return { tradingHours: hours, liquidHours: hours };
  }
  return {
    tradingHours: days.map((d) => session(d, '0400', '2000', false)).join(';'),
    liquidHours: days.map((d) => session(d, '0930', '1600', false)).join(';'),
  };
}

/** The matching engine's key for a contract: the contract id, so no venue symbol leaks into the engine. */
export function engineInstrumentId(spec: IbContractSpec): InstrumentId {
  return InstrumentId.of(`C${spec.conId}`, 'IBKR');
}

export function specByConId(conId: number): IbContractSpec | undefined {
  return IB_CONTRACTS.find((c) => c.conId === conId);
}

/** Resolves a request's contract the way TWS does: by conId when given, else by symbol, type, currency (and exchange). */
export function resolveContract(c: { conId: number; symbol: string; secType: string; currency: string; exchange: string; localSymbol: string }): IbContractSpec | undefined {
  if (c.conId > 0) return specByConId(c.conId);
  return IB_CONTRACTS.find((spec) =>
    (c.symbol === '' ? spec.localSymbol === c.localSymbol : spec.symbol === c.symbol) &&
    (c.secType === '' || spec.secType === c.secType) &&
    (c.currency === '' || spec.currency === c.currency) &&
    (c.exchange === '' || spec.validExchanges.split(',').includes(c.exchange) || spec.exchange === c.exchange));
}

export function simulatedInstrument(spec: IbContractSpec): SimulatedInstrument {
  const tick = Decimal.parse(spec.minTick);
  const base: Omit<Instrument, 'kind'> = {
    id: engineInstrumentId(spec), venue: 'IBKR', venueSymbol: spec.localSymbol,
    baseCurrency: Currency.parse(spec.secType === 'CASH' ? spec.symbol : spec.currency), quoteCurrency: Currency.parse(spec.currency),
    priceIncrement: tick, sizeIncrement: Decimal.parse(spec.sizeIncrement), minQuantity: Decimal.parse(spec.minSize),
    maxQuantity: Decimal.parse('100000000'), status: 'trading',
  };
  const instrument: Instrument = spec.secType === 'CASH'
    ? { ...base, kind: 'fx', pipLocation: -4, displayPrecision: 5, maxOrderUnits: Decimal.parse('100000000'), marginRate: Decimal.parse('0.03'), trailingStopDistance: { min: tick, max: Decimal.parse('1') } }
    : { ...base, kind: 'equity', exchange: spec.primaryExchange };
  // The engine charges fees as a fraction of notional; IB's per-share schedule is applied by the front end.
  return {
    instrument,
    fees: { maker: Decimal.ZERO, taker: Decimal.ZERO },
    synthetic: {
      initialMid: Price.parse(spec.initialMid), spreadTicks: spec.secType === 'CASH' ? 2 : 2, volatilityTicks: 1, depth: 5,
      levelSize: Decimal.parse(spec.secType === 'CASH' ? '5000000' : '2000'), stepMs: 250, tradesPerStep: 1,
    },
  };
}
