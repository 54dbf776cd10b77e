import { Decimal, type SignalRecordView } from '../../core';
import type { StrategyProfile } from './pattern-detector';

const DAY_MS = 86_400_000;

/**
 * An agent's recorded profile from its closed signals (a backtest's, typically): the reference pattern
 * detection compares live trading with. Money stays exact; slippage is zero where the run had none to measure.
 */
export function profileFromSignals(
  agentId: string,
  records: readonly SignalRecordView[],
): StrategyProfile | undefined {
  const closed = records.filter(
    (record) =>
      record.signal.agentId === agentId &&
      record.outcome.state === 'closed' &&
      record.outcome.realizedPnl !== undefined &&
      record.signal.intent !== 'flat',
  );
  if (closed.length === 0) return undefined;
  const pnls = closed.map((record) => Decimal.parse(record.outcome.realizedPnl as string));
  const wins = pnls.filter((pnl) => pnl.gt(Decimal.ZERO)).length;
  const count = Decimal.fromInteger(closed.length);
  const perDay = new Map<number, number>();
  for (const record of closed) {
    const day = Math.floor(record.signal.receivedAt / DAY_MS);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  return {
    agentId,
    winRate: Decimal.fromInteger(wins).div(count, 6, 'half-even'),
    expectancy: pnls.reduce((sum, pnl) => sum.add(pnl), Decimal.ZERO).div(count, 8, 'half-even'),
    slippage: Decimal.ZERO,
    instruments: [...new Set(closed.map((record) => record.signal.instrumentId as string))].sort(),
    sides: [...new Set(closed.map((record) => record.signal.intent as 'long' | 'short'))].sort(),
    maxHoldingMs: Math.max(...closed.map((record) => record.outcome.holdingMs ?? 0)),
    maxTradesPerDay: Math.max(...perDay.values()),
  };
}
