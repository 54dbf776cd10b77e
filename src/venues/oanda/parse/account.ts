import type { Timestamp } from '../../../core/clock';
import type { AccountId } from '../../../core/identifiers';
import { Decimal } from '../../../core/money/decimal';
import { Money } from '../../../core/money/money';
import { Price } from '../../../core/money/price';
import type { AccountReport, PositionStatusReport } from '../../../core/reports';
import { toInstrumentId } from '../symbols';
import { AccountSummaryWire, PositionWire, readWire } from './wire';

/** AccountSummary → the engine's account report. NAV is equity; balance is the one cash balance (home currency). */
export function parseAccountSummary(accountId: AccountId, body: unknown, reportedAt: Timestamp): AccountReport {
  const wire = readWire(AccountSummaryWire, (body as { account?: unknown }).account, 'AccountSummary');
  const money = (text: string): Money => Money.parse(text, wire.currency);
  const balance = Decimal.parse(wire.balance);
  const marginUsed = Decimal.parse(wire.marginUsed);
  return {
    accountId,
    baseCurrency: wire.currency,
    balances: [{ currency: wire.currency, total: balance, free: Decimal.parse(wire.marginAvailable), locked: marginUsed }],
    equity: money(wire.NAV),
    marginUsed: money(wire.marginUsed),
    marginAvailable: money(wire.marginAvailable),
    unrealizedPnl: money(wire.unrealizedPL),
    realizedPnl: money(wire.pl),
    ...(wire.financing === undefined ? {} : { financing: money(wire.financing) }),
    ...(wire.hedgingEnabled === undefined ? {} : { hedgingEnabled: wire.hedgingEnabled }),
    reportedAt,
  };
}

export function lastTransactionIdOf(body: unknown): string | undefined {
  const value = (body as { lastTransactionID?: unknown }).lastTransactionID;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Positions → one report per non-flat leg. OANDA keeps long and short legs apart (hedging accounts hold both),
 * so each leg is reported on its own; short units are negative on the wire already.
 */
export function parsePositions(accountId: AccountId, currency: string, body: unknown, reportedAt: Timestamp): PositionStatusReport[] {
  const list = (body as { positions?: unknown }).positions;
  if (!Array.isArray(list)) throw new RangeError('PositionList: positions must be an array');
  const reports: PositionStatusReport[] = [];
  for (const item of list) {
    const wire = readWire(PositionWire, item, 'Position');
    for (const leg of ['long', 'short'] as const) {
      const side = wire[leg];
      const units = Decimal.parse(side.units);
      if (units.isZero()) continue;
      reports.push({
        accountId,
        instrumentId: toInstrumentId(wire.instrument),
        signedQuantity: units,
        leg,
        ...(side.averagePrice === undefined ? {} : { averagePrice: Price.parse(side.averagePrice) }),
        ...(side.unrealizedPL === undefined ? {} : { unrealizedPnl: Money.parse(side.unrealizedPL, currency) }),
        reportedAt,
      });
    }
  }
  return reports;
}
