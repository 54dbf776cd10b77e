import type { Timestamp } from '../../core/clock';
import type { AccountId } from '../../core/identifiers';
import { Decimal } from '../../core/money/decimal';
import { Money } from '../../core/money/money';
import type { AccountReport } from '../../core/reports';

/** One account value as TWS sends it, from reqAccountSummary or reqAccountUpdates alike. */
export interface IbAccountValue {
  readonly tag: string;
  readonly value: string;
  readonly currency: string;
}

/**
 * The engine's account report from TWS's account values: NetLiquidation is the equity, InitMarginReq the margin
 * used, AvailableFunds what is free, and CashBalance per currency the balances (BASE, IB's sum, left out).
 */
export function accountReportOf(accountId: AccountId, values: readonly IbAccountValue[], now: Timestamp): AccountReport {
  const value = (tag: string): Decimal | undefined => {
    const row = values.find((r) => r.tag === tag && r.currency !== 'BASE');
    return row === undefined ? undefined : Decimal.tryParse(row.value);
  };
  const base = values.find((r) => r.tag === 'NetLiquidation' && r.currency !== 'BASE')?.currency ?? 'USD';
  const balances = values.filter((r) => r.tag === 'CashBalance' && r.currency !== 'BASE').map((r) => {
    const total = Decimal.parse(r.value);
    return { currency: r.currency, total, free: total, locked: Decimal.ZERO };
  });
  const money = (tag: string): Money | undefined => {
    const v = value(tag);
    return v === undefined ? undefined : Money.of(v, base);
  };
  const equity = money('NetLiquidation');
  const marginUsed = money('InitMarginReq');
  const marginAvailable = money('AvailableFunds');
  return {
    accountId, baseCurrency: base, balances,
    ...(equity === undefined ? {} : { equity }),
    ...(marginUsed === undefined ? {} : { marginUsed }),
    ...(marginAvailable === undefined ? {} : { marginAvailable }),
    hedgingEnabled: false, reportedAt: now,
  };
}
