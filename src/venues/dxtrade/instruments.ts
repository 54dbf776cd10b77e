import { TmtError } from '../../core/errors';
import type { FxPair, InstrumentStatus } from '../../core/instruments';
import { Currency } from '../../core/money/currency';
import { Decimal } from '../../core/money/decimal';
import type { Logger } from '../../shared/logger';
import type { DxtradeRestClient } from './http/rest-client';
import { InstrumentDetailsSchema, InstrumentSchema, parseEach, type InstrumentDetailsWire, type InstrumentWire } from './parse/wire';
import type { DxtradeProfile } from './profiles';
import { instrumentIdOfSymbol } from './symbols';
import { scheduleOf, type DxSchedule } from './trading-hours';

/** Instrument Details' tradingStatus: FULL trades, CLOSE_ONLY only reduces, NO is closed. */
const STATUS: Readonly<Record<InstrumentDetailsWire['tradingStatus'], InstrumentStatus>> = { FULL: 'trading', CLOSE_ONLY: 'cancel-only', NO: 'closed' };

/** The trading rules of one FX instrument from its Instrument and its account's Instrument Details. */
export function instrumentOf(wire: InstrumentWire, details: InstrumentDetailsWire): FxPair {
  const [base = wire.firstCurrency ?? '', quote = wire.currency] = wire.symbol.split('/');
  const pip = wire.pipSize ?? wire.priceIncrement.mul(Decimal.fromInteger(10));
  return {
    kind: 'fx', id: instrumentIdOfSymbol(wire.symbol), venue: 'DXTRADE', venueSymbol: wire.symbol,
    baseCurrency: Currency.parse(base), quoteCurrency: Currency.parse(quote),
    priceIncrement: wire.priceIncrement, sizeIncrement: details.minOrderSizeIncrement, minQuantity: details.minOrderSize, maxQuantity: details.maxOrderSize,
    status: STATUS[details.tradingStatus], pipLocation: -pip.significantScale(), displayPrecision: wire.priceIncrement.scale,
    maxOrderUnits: details.maxOrderSize, marginRate: details.marginRate ?? Decimal.parse('0.02'),
    trailingStopDistance: { min: pip, max: pip.mul(Decimal.fromInteger(1000)) },
  };
}

/** GET /instruments/query and GET /accounts/{account}/instruments/query, joined by symbol; FX only; each with its trading hours. */
export async function loadInstruments(rest: DxtradeRestClient, account: string, logger: Logger, profile: DxtradeProfile): Promise<{ instruments: FxPair[]; schedules: Map<string, DxSchedule> }> {
  const [list, details] = await Promise.all([rest.instruments(), rest.accountInstruments(account)]);
  if (list.status !== 200 || details.status !== 200) throw new TmtError('VENUE_PROTOCOL', `DXtrade instruments answered ${list.status}/${details.status}`);
  const instruments = parseEach(InstrumentSchema, (list.body as { instruments?: unknown } | undefined)?.instruments);
  const rules = parseEach(InstrumentDetailsSchema, (details.body as { instrumentDetails?: unknown } | undefined)?.instrumentDetails);
  for (const problem of [...instruments.problems, ...rules.problems]) logger.warn({ problem }, 'DXtrade instrument unreadable');
  const bySymbol = new Map(rules.values.map((d) => [d.symbol, d]));
  const out: FxPair[] = [];
  const schedules = new Map<string, DxSchedule>();
  for (const wire of instruments.values) {
    const rule = bySymbol.get(wire.symbol);
    if (rule === undefined || !['FOREX', 'CFD_FOREX', 'CURRENCY'].includes(wire.type)) continue;
    out.push(instrumentOf(wire, rule));
    schedules.set(wire.symbol, scheduleOf(wire, profile));
  }
  return { instruments: out, schedules };
}
