import { Currency, Decimal, InstrumentId, Price, type CryptoSpot, type VenueName } from '../../core';
import type { SimulatedInstrument } from '../matching';

/** One listed SPOT instrument as GET /api/v5/public/instruments shows it (strings exactly as on the wire). */
export interface SimInstrument {
  readonly instId: string;
  readonly baseCcy: string;
  readonly quoteCcy: string;
  readonly tickSz: string;
  readonly lotSz: string;
  readonly minSz: string;
  readonly maxLmtSz: string;
  readonly maxMktSz: string;
  readonly maxMktAmt: string;
  /** live | suspend | preopen | test */
  state: 'live' | 'suspend' | 'preopen';
  /** Starting mid of the simulated market. */
  readonly mid: string;
  /** Typical displayed size per level. */
  readonly levelSize: string;
}

/** OKX's spot listings for the three pairs the issue names (tick and lot sizes as the venue publishes them). */
export const DEFAULT_INSTRUMENTS: readonly SimInstrument[] = [
  { instId: 'BTC-USDT', baseCcy: 'BTC', quoteCcy: 'USDT', tickSz: '0.1', lotSz: '0.00000001', minSz: '0.00001', maxLmtSz: '9999999999', maxMktSz: '1000000', maxMktAmt: '1000000', state: 'live', mid: '60000', levelSize: '0.5' },
  { instId: 'ETH-USDT', baseCcy: 'ETH', quoteCcy: 'USDT', tickSz: '0.01', lotSz: '0.000001', minSz: '0.0001', maxLmtSz: '9999999999', maxMktSz: '1000000', maxMktAmt: '1000000', state: 'live', mid: '3000', levelSize: '5' },
  { instId: 'ETH-BTC', baseCcy: 'ETH', quoteCcy: 'BTC', tickSz: '0.00001', lotSz: '0.000001', minSz: '0.001', maxLmtSz: '9999999999', maxMktSz: '1000000', maxMktAmt: '1000000', state: 'live', mid: '0.05', levelSize: '5' },
];

/** The `data` row of GET /api/v5/public/instruments?instType=SPOT (every field OKX sends for SPOT). */
export function instrumentRow(s: SimInstrument, listTime: number): Record<string, string> {
  return {
    alias: '',
    auctionEndTime: '',
    baseCcy: s.baseCcy,
    category: '1',
    ctMult: '',
    ctType: '',
    ctVal: '',
    ctValCcy: '',
    contTdSwTime: '',
    expTime: '',
    futureSettlement: 'false',
    instFamily: '',
    instId: s.instId,
    instType: 'SPOT',
    lever: '10',
    listTime: String(listTime),
    lotSz: s.lotSz,
    maxIcebergSz: '9999999999.0000000000000000',
    maxLmtAmt: '20000000',
    maxLmtSz: s.maxLmtSz,
    maxMktAmt: s.maxMktAmt,
    maxMktSz: s.maxMktSz,
    maxStopSz: s.maxMktSz,
    maxTriggerSz: '9999999999.0000000000000000',
    maxTwapSz: '9999999999.0000000000000000',
    minSz: s.minSz,
    openType: '',
    optType: '',
    quoteCcy: s.quoteCcy,
    ruleType: 'normal',
    settleCcy: '',
    state: s.state,
    stk: '',
    tickSz: s.tickSz,
    uly: '',
  };
}

/** The matching engine's view of an instrument (the simulator's own reading, independent of the adapter's). */
export function simulatedInstrument(s: SimInstrument, venue: VenueName): SimulatedInstrument {
  const instrument: CryptoSpot = {
    kind: 'crypto-spot',
    id: InstrumentId.of(s.instId, venue),
    venue,
    venueSymbol: s.instId,
    baseCurrency: Currency.parse(s.baseCcy),
    quoteCurrency: Currency.parse(s.quoteCcy),
    priceIncrement: Decimal.parse(s.tickSz),
    sizeIncrement: Decimal.parse(s.lotSz),
    minQuantity: Decimal.parse(s.minSz),
    maxQuantity: Decimal.parse(s.maxLmtSz),
    status: 'trading',
    minNotionalAppliesToMarket: false,
  };
  return {
    instrument,
    // OKX's regular spot tier (Lv1): maker 0.08%, taker 0.10%.
    fees: { maker: Decimal.parse('0.0008'), taker: Decimal.parse('0.001') },
    synthetic: { initialMid: Price.parse(s.mid), spreadTicks: 2, volatilityTicks: 3, depth: 25, levelSize: Decimal.parse(s.levelSize), stepMs: 250, tradesPerStep: 1 },
  };
}
