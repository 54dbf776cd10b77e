import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import { Price } from '../../core/money/price';
import { InstrumentId } from '../../core/identifiers';
import type { Instrument } from '../../core/instruments';
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
  readonly tradingHours: string;
  readonly liquidHours: string;
  readonly marketRuleIds: string;
  readonly stockType: string;
  readonly initialMid: string;
  /** Commission per share (stocks) or fraction of notional (FX), and its minimum, in USD. */
  readonly commission: { readonly rate: string; readonly minimum: string; readonly perShare: boolean };
}

const ORDER_TYPES = 'ACTIVETIM,AD,ADJUST,ALERT,ALGO,ALLOC,AVGCOST,BASKET,COND,CONDORDER,DAY,DEACT,DEACTDIS,DEACTEOD,GAT,GTC,GTD,GTT,HID,IOC,LIT,LMT,MIT,MKT,NONALGO,OCA,OPG,OPGREROUT,POSTONLY,RTH,SCALE,SCALERST,STP,STPLMT,TRAIL,TRAILLIT,TRAILLMT,TRAILMIT,WHATIF';
const STOCK_HOURS = '20261201:0400-20261201:2000;20261202:0400-20261202:2000';
const STOCK_LIQUID = '20261201:0930-20261201:1600;20261202:0930-20261202:1600';

const stock = (conId: number, symbol: string, primary: string, longName: string, mid: string): IbContractSpec => ({
  conId, symbol, secType: 'STK', exchange: 'SMART', primaryExchange: primary, currency: 'USD', localSymbol: symbol, tradingClass: primary === 'NASDAQ' ? 'NMS' : symbol,
  longName, marketName: primary === 'NASDAQ' ? 'NMS' : symbol, minTick: '0.01', minSize: '1', sizeIncrement: '1', orderTypes: ORDER_TYPES,
  validExchanges: 'SMART,AMEX,NYSE,CBOE,PHLX,ISE,CHX,ARCA,NASDAQ,DRCTEDGE,BEX,BATS,EDGEA,BYX,IEX,LTSE,MEMX,PEARL', timeZoneId: 'US/Eastern',
  tradingHours: STOCK_HOURS, liquidHours: STOCK_LIQUID, marketRuleIds: '26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26,26', stockType: 'COMMON',
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
    validExchanges: 'IDEALPRO', timeZoneId: 'US/Eastern', tradingHours: '20261130:1715-20261201:1700;20261201:1715-20261202:1700',
    liquidHours: '20261130:1715-20261201:1700;20261201:1715-20261202:1700', marketRuleIds: '239', stockType: '', initialMid: '1.08500',
    commission: { rate: '0.00002', minimum: '2', perShare: false },
  },
];

/**
 * Trading-hours text for the days around `now`, in US/Eastern (UTC-5 here). The simulator matches around the
 * clock, so its sessions run back to back (20:00 to 20:00) rather than pretending to close.
 */
export function sessionsAround(now: number): string {
  const day = (offset: number): string => {
    const d = new Date(now - 5 * 3_600_000 + offset * 86_400_000);
    return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
  };
  return [-1, 0, 1].map((o) => `${day(o)}:2000-${day(o + 1)}:2000`).join(';');
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
