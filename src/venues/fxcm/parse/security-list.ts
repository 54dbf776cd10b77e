import { Currency } from '../../../core/money/currency';
import { Decimal } from '../../../core/money/decimal';
import type { FxPair } from '../../../core/instruments';
import { fieldOf, groupOf, type FixMessage } from '../../fix/codec';
import { Tag } from '../../fix/tags';
import { instrumentIdOfSymbol } from '../symbols';

const SECURITY_TAGS = new Set([15, 228, 231, 460, 561, 9000, 9001, 9002, 9003, 9004, 9005, 9011, 9020, 9080, 9090, 9091, 9092, 9093, 9094, 9095, 9096]);

/** FXCM's system parameters (9016 group) by name: BASE_CRNCY, BASE_UNIT_SIZE, END_TRADING_DAY... */
export function systemParameters(message: FixMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of groupOf(message, Tag.FXCMNoParam, Tag.FXCMParamName, new Set([Tag.FXCMParamValue]))) {
    const name = entry.find(([t]) => t === Tag.FXCMParamName)?.[1];
    const value = entry.find(([t]) => t === Tag.FXCMParamValue)?.[1];
    if (name !== undefined && value !== undefined) out.set(name, value);
  }
  return out;
}

/**
 * The instruments of a TradingSessionStatus (h): tick 10^-FXCMSymPrecision(9001), pip FXCMSymPointSize(9002),
 * size bounds FXCMMinQuantity/FXCMMaxQuantity (9095/9094) on a lot of BASE_UNIT_SIZE. FX pairs only (9080=1);
 * margin is not on FXCM's wire, so the account profile's rate is used.
 */
export function parseSecurityList(message: FixMessage, marginRate: Decimal): { instruments: FxPair[]; problems: string[] } {
  const params = systemParameters(message);
  const lot = Decimal.tryParse(params.get('BASE_UNIT_SIZE') ?? '1000') ?? Decimal.fromInteger(1000);
  const instruments: FxPair[] = [];
  const problems: string[] = [];
  for (const entry of groupOf(message, Tag.NoRelatedSym, Tag.Symbol, SECURITY_TAGS)) {
    const get = (tag: number) => entry.find(([t]) => t === tag)?.[1];
    const symbol = get(Tag.Symbol) ?? '';
    if (get(Tag.FXCMProductID) !== '1') continue;
    const precision = Number.parseInt(get(Tag.FXCMSymPrecision) ?? '', 10);
    const point = Decimal.tryParse(get(Tag.FXCMSymPointSize) ?? '');
    const min = Decimal.tryParse(get(Tag.FXCMMinQuantity) ?? '') ?? lot;
    const max = Decimal.tryParse(get(Tag.FXCMMaxQuantity) ?? '');
    const [base, quote] = symbol.split('/');
    if (!Number.isInteger(precision) || point === undefined || max === undefined || base === undefined || quote === undefined) {
      problems.push(`security ${symbol}: FXCMSymPrecision(9001), FXCMSymPointSize(9002), FXCMMaxQuantity(9094) and a BASE/QUOTE symbol are required`);
      continue;
    }
    instruments.push({
      kind: 'fx', id: instrumentIdOfSymbol(symbol), venue: 'FXCM', venueSymbol: symbol,
      baseCurrency: Currency.parse(base), quoteCurrency: Currency.parse(quote),
      priceIncrement: Decimal.of(1n, precision), sizeIncrement: lot, minQuantity: min.max(lot), maxQuantity: max,
      status: get(Tag.FXCMTradingStatus) === 'O' ? 'trading' : 'closed', pipLocation: -point.significantScale(), displayPrecision: precision,
      maxOrderUnits: max, marginRate, trailingStopDistance: { min: point, max: point.mul(Decimal.fromInteger(1000)) },
    });
  }
  if (fieldOf(message, Tag.TradSesStatus) !== '2') problems.push(`TradSesStatus(340) is ${fieldOf(message, Tag.TradSesStatus) ?? 'missing'}: the market is not open`);
  return { instruments, problems };
}
