import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import type { InstrumentId } from '../../core/identifiers';
import type { Equity, FxPair, Instrument, InstrumentStatus } from '../../core/instruments';
import { decodeContractDetails, type IbContractDetailsMessage } from './parse/account';
import * as encode from './socket/encoder';
import { contractOf, type IbContract } from './symbols';
import type { TwsClient } from './tws-client';
import { IN } from './versions';

export interface IbInstrument {
  readonly instrument: Instrument;
  readonly contract: IbContract;
  readonly details: IbContractDetailsMessage;
}

/**
 * Contract details become the engine's instrument rules: minTick is the price increment, minSize and
 * sizeIncrement the lot rules, and today's trading-hours entry decides whether the instrument is open.
 */
export async function loadInstrument(client: TwsClient, instrumentId: InstrumentId, now: number): Promise<IbInstrument | undefined> {
  const reqId = client.nextRequestId();
  const request = contractOf(instrumentId);
  const rows = await client.collect(encode.reqContractDetails(reqId, request), IN.CONTRACT_DATA, IN.CONTRACT_DATA_END, (f) => Number(f[f[0] === String(IN.CONTRACT_DATA) ? 1 : 2]) === reqId);
  const first = rows[0];
  if (first === undefined) return undefined;
  const details = decodeContractDetails(first);
  const contract = contractOf(instrumentId, details.contract.primaryExch, details.contract.conId);
  return { instrument: toInstrument(instrumentId, details, now), contract, details };
}

function toInstrument(id: InstrumentId, d: IbContractDetailsMessage, now: number): Instrument {
  const tick = d.minTick;
  const lot = d.sizeIncrement ?? Decimal.ONE;
  const base = {
    id, venue: 'IBKR' as const, venueSymbol: d.contract.localSymbol, priceIncrement: tick, sizeIncrement: lot,
    minQuantity: d.minSize ?? lot, status: statusAt(d.tradingHours, now),
  };
  if (d.contract.secType === 'CASH') {
    const fx: FxPair = {
      ...base, kind: 'fx', baseCurrency: Currency.parse(d.contract.symbol), quoteCurrency: Currency.parse(d.contract.currency),
      pipLocation: d.contract.currency === 'JPY' ? -2 : -4, displayPrecision: tick.significantScale(), maxOrderUnits: Decimal.parse('100000000'),
      // IB publishes FX margin per account tier, not in contract details: 3% is IB's usual rate on the majors.
      marginRate: Decimal.parse('0.03'), trailingStopDistance: { min: tick, max: Decimal.ONE },
    };
    return fx;
  }
  const equity: Equity = { ...base, kind: 'equity', baseCurrency: Currency.parse(d.contract.currency), quoteCurrency: Currency.parse(d.contract.currency), exchange: d.contract.primaryExch };
  return equity;
}

/**
 * `20261201:0930-20261201:1600;20261202:CLOSED`: open when `now` falls in a listed session, closed when the
 * list covers now's day (a session on it, or CLOSED) and none contains now; an empty list reads as open.
 * Times are in the contract's zone; IB's US contracts use US/Eastern, read here as UTC-5 (no tz database in
 * the engine), so within an hour of a session edge in summer the status may lag by that hour.
 */
export function statusAt(tradingHours: string, now: number): InstrumentStatus {
  if (tradingHours === '') return 'trading';
  const today = easternDay(now);
  let coversToday = false;
  for (const session of tradingHours.split(';')) {
    if (session.startsWith(`${today}:CLOSED`)) return 'closed';
    const match = /^(\d{8}):(\d{4})-(\d{8}):(\d{4})$/.exec(session);
    if (match === null) continue;
    const [, d1 = '', t1 = '', d2 = '', t2 = ''] = match;
    if (d1 === today || d2 === today) coversToday = true;
    if (now >= easternToUtc(d1, t1) && now < easternToUtc(d2, t2)) return 'trading';
  }
  return coversToday ? 'closed' : 'trading';
}

const EASTERN_OFFSET_HOURS = 5;

function easternDay(now: number): string {
  const d = new Date(now - EASTERN_OFFSET_HOURS * 3_600_000);
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

function easternToUtc(day: string, time: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)), Number(time.slice(0, 2)) + EASTERN_OFFSET_HOURS, Number(time.slice(2, 4)));
}
