import { TmtError } from '../../core/errors/tmt-error';
import { isKnownTimeZone, zonedDay, zonedToUtc } from '../../shared/time-zone';
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
    minQuantity: d.minSize ?? lot, status: statusAt(d.tradingHours, d.timeZoneId, now),
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
 * Times are wall times in the contract's `timeZoneId` (US/Eastern for US stocks), read DST-correct.
 */
export function statusAt(tradingHours: string, timeZoneId: string, now: number): InstrumentStatus {
  if (tradingHours === '') return 'trading';
  if (!isKnownTimeZone(timeZoneId)) {
    throw new TmtError('VENUE_PROTOCOL', `contract details: timeZoneId '${timeZoneId}' is not a known time zone, so tradingHours cannot be read`, { details: { field: 'timeZoneId', found: timeZoneId } });
  }
  const today = zonedDay(now, timeZoneId);
  let coversToday = false;
  for (const session of tradingHours.split(';')) {
    if (session.startsWith(`${today}:CLOSED`)) return 'closed';
    const match = /^(\d{8}):(\d{4})-(\d{8}):(\d{4})$/.exec(session);
    if (match === null) continue;
    const [, d1 = '', t1 = '', d2 = '', t2 = ''] = match;
    if (d1 === today || d2 === today) coversToday = true;
    if (now >= zonedToUtc(d1, t1, timeZoneId) && now < zonedToUtc(d2, t2, timeZoneId)) return 'trading';
  }
  return coversToday ? 'closed' : 'trading';
}
