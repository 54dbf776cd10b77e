import type { Timestamp } from '../../../core/clock';
import { TmtError } from '../../../core/errors';
import type { AccountId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import type { AccountReport, PositionStatusReport } from '../../../core/reports';
import { lotsToUnits, type InstrumentTable } from '../symbols';
import { decimal, optionalText, text, type Row } from './wire';

/** GET /trade/accounts/{id}/state `accountDetailsData` (one value per accountDetailsConfig column) → the account report. */
export function accountReportOf(accountId: AccountId, currency: string, d: unknown, columns: readonly string[], reportedAt: Timestamp, hedging: boolean): AccountReport {
  const values = (d as { accountDetailsData?: unknown } | undefined)?.accountDetailsData;
  if (!Array.isArray(values)) throw new TmtError('VENUE_PROTOCOL', 'TradeLocker account state has no d.accountDetailsData array');
  const field = (name: string): Decimal => {
    const index = columns.indexOf(name);
    const value: unknown = index < 0 ? undefined : values[index];
    if (typeof value !== 'string') throw new TmtError('VENUE_PROTOCOL', `TradeLocker account state ${name} must be a number, found ${JSON.stringify(value)}`);
    return Decimal.parse(value);
  };
  const money = (value: Decimal): Money => Money.of(value, currency);
  const balance = field('balance');
  return {
    accountId,
    baseCurrency: currency,
    balances: [{ currency, total: balance, free: field('availableFunds'), locked: field('blockedBalance') }],
    equity: money(field('projectedBalance')),
    marginUsed: money(field('initialMarginReq')),
    marginAvailable: money(field('availableFunds')),
    unrealizedPnl: money(field('openNetPnL')),
    realizedPnl: money(field('todayNet')),
    hedgingEnabled: hedging,
    reportedAt,
  };
}

/** Position rows → one report per TradeLocker position (a hedging account may hold a long and a short). */
export function positionReportsOf(accountId: AccountId, currency: string, rows: readonly Row[], instruments: InstrumentTable, reportedAt: Timestamp): PositionStatusReport[] {
  const reports: PositionStatusReport[] = [];
  for (const row of rows) {
    const entry = instruments.byTradableId(text(row, 'tradableInstrumentId'));
    if (entry === undefined) continue;
    const side = text(row, 'side');
    if (side !== 'buy' && side !== 'sell') throw new TmtError('VENUE_PROTOCOL', `TradeLocker position side must be buy or sell, found ${side}`);
    const units = lotsToUnits(entry, decimal(row, 'qty'));
    const unrealized = optionalText(row, 'unrealizedPl');
    reports.push({
      accountId,
      instrumentId: entry.instrument.id,
      signedQuantity: side === 'buy' ? units : units.neg(),
      leg: side === 'buy' ? 'long' : 'short',
      averagePrice: Price.of(decimal(row, 'avgPrice')),
      ...(unrealized === undefined ? {} : { unrealizedPnl: Money.parse(unrealized, currency) }),
      reportedAt,
    });
  }
  return reports;
}
