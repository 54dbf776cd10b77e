import { TmtError } from '../../../core/errors';
import type { FxPair } from '../../../core/instruments';
import { Currency } from '../../../core/money/currency';
import { Decimal } from '../../../core/money/decimal';
import { toInstrumentId, type TradeLockerInstrument } from '../symbols';

/** An entry of GET /trade/accounts/{id}/instruments: ids and routes (TRADE to trade, INFO for market data). */
export interface InstrumentListEntry {
  readonly tradableInstrumentId: string;
  readonly name: string;
  readonly tradeRouteId: string;
  readonly infoRouteId: string;
}

export function readInstrumentList(d: unknown): InstrumentListEntry[] {
  const list = (d as { instruments?: unknown } | undefined)?.instruments;
  if (!Array.isArray(list)) throw new TmtError('VENUE_PROTOCOL', 'TradeLocker instruments answer has no d.instruments array');
  return list.flatMap((item: unknown) => {
    const entry = item as { tradableInstrumentId?: unknown; name?: unknown; routes?: unknown };
    const routes = Array.isArray(entry.routes) ? (entry.routes as { id?: unknown; type?: unknown }[]) : [];
    const route = (type: string): string | undefined => {
      const found = routes.find((r) => r.type === type)?.id;
      return typeof found === 'string' ? found : undefined;
    };
    const trade = route('TRADE');
    const info = route('INFO');
    if (typeof entry.tradableInstrumentId !== 'string' || typeof entry.name !== 'string' || trade === undefined || info === undefined) return [];
    return [{ tradableInstrumentId: entry.tradableInstrumentId, name: entry.name, tradeRouteId: trade, infoRouteId: info }];
  });
}

/**
 * GET /trade/instruments/{id} → the instrument as trading rules, in units: the engine's size increment is
 * lotStep × lotSize and its minimum minLot × lotSize; the tick is the first tickSize band's (FX has one band).
 */
export function instrumentOf(entry: InstrumentListEntry, details: unknown, profileMaxLeverage: number | undefined): TradeLockerInstrument {
  const d = details as Record<string, unknown>;
  const number = (key: string): Decimal => {
    const value = d[key];
    if (typeof value !== 'string') throw new TmtError('VENUE_PROTOCOL', `TradeLocker instrument ${entry.name} ${key} must be a number, found ${JSON.stringify(value)}`);
    return Decimal.parse(value);
  };
  const bands = Array.isArray(d['tickSize']) ? (d['tickSize'] as { tickSize?: unknown }[]) : [];
  const tickText = bands[0]?.tickSize;
  if (typeof tickText !== 'string') throw new TmtError('VENUE_PROTOCOL', `TradeLocker instrument ${entry.name} tickSize[0].tickSize must be a number`);
  const tick = Decimal.parse(tickText);
  const lotSize = number('lotSize');
  const baseCurrency = typeof d['baseCurrency'] === 'string' ? d['baseCurrency'] : entry.name.slice(0, 3);
  const quoteCurrency = typeof d['quotingCurrency'] === 'string' ? d['quotingCurrency'] : entry.name.slice(3, 6);
  const venueLeverage = typeof d['leverage'] === 'string' ? Decimal.parse(d['leverage']) : Decimal.fromInteger(100);
  const leverage = profileMaxLeverage === undefined ? venueLeverage : venueLeverage.min(Decimal.fromInteger(profileMaxLeverage));
  const maxUnits = number('maxLot').mul(lotSize).normalize();
  const instrument: FxPair = {
    kind: 'fx',
    id: toInstrumentId(entry.name),
    venue: 'TRADELOCKER',
    venueSymbol: entry.name,
    baseCurrency: Currency.parse(baseCurrency),
    quoteCurrency: Currency.parse(quoteCurrency),
    priceIncrement: tick,
    sizeIncrement: number('lotStep').mul(lotSize).normalize(),
    minQuantity: number('minLot').mul(lotSize).normalize(),
    maxQuantity: maxUnits,
    status: 'trading',
    pipLocation: tick.significantScale() <= 3 ? -2 : -4,
    displayPrecision: tick.significantScale(),
    maxOrderUnits: maxUnits,
    marginRate: Decimal.ONE.div(leverage, 6, 'half-even').normalize(),
    trailingStopDistance: { min: tick, max: tick.mul(Decimal.fromInteger(100_000)) },
  };
  return { instrument, tradableInstrumentId: entry.tradableInstrumentId, tradeRouteId: entry.tradeRouteId, infoRouteId: entry.infoRouteId, lotSize };
}
