import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { Decimal } from '../../../core';
import type { FixField, FixMessage } from '../../fix/codec';
import { parseCollateralReport, parsePositionReport } from './account';
import { parseExecutionReport } from './execution-report';

/** FXCM's published samples (fixtures/*.fix, "|" for SOH) read as messages; their checksums are as FXCM printed them. */
function sample(name: string): FixMessage {
  const line = readFileSync(join(import.meta.dirname, '../fixtures', name), 'utf8').split('\n').find((l) => l.startsWith('8=')) ?? '';
  const fields = line.split('|').filter((p) => p !== '').map((p): FixField => [Number(p.slice(0, p.indexOf('='))), p.slice(p.indexOf('=') + 1)]);
  const body = fields.filter(([t]) => t !== 8 && t !== 9 && t !== 10);
  return { msgType: body[0]?.[1] ?? '', fields: body, raw: line };
}

describe('FXCM payload parsers on FXCM\'s published samples', () => {
  it('reads a filled market ExecutionReport exactly (decimal strings, no floats)', () => {
    const parsed = parseExecutionReport(sample('execution-report-filled.fix'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value).toMatchObject({ orderId: '225909074', clOrdId: '635959630109097564', execKind: 'trade', status: 'filled', side: 'buy', type: 'market', timeInForce: 'GTC', symbol: 'SPX500', account: '01537581' });
    expect(parsed.value.avgPx.eq(Decimal.parse('2047.53'))).toBe(true);
    expect(parsed.value.lastQty.eq(Decimal.parse('10'))).toBe(true);
  });

  it('reads the end of a partly filled market range order: CumQty kept, the worst price in StopPx', () => {
    const parsed = parseExecutionReport(sample('execution-report-partial-end.fix'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.cumQty.toString()).toBe('600000');
    expect(parsed.value.type).toBe('market');
    expect(parsed.value.execKind).toBe('canceled');
  });

  it('reports an ExecType outside FIX 4.4 as a problem, never as a guess', () => {
    const message = sample('execution-report-filled.fix');
    const changed = { ...message, fields: message.fields.map(([t, v]): FixField => [t, t === 150 ? 'Z' : v]) };
    const parsed = parseExecutionReport(changed);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain('ExecType(150) "Z"');
  });

  it('reads a CollateralReport: EndCash as the balance, position maintenance from PartySubIDType 4000', () => {
    const report = parseCollateralReport(sample('collateral-report.fix'));
    expect(report?.account).toBe('01960313');
    expect(report?.balance.toString()).toBe('1000562.37');
    expect(report?.positionMaintenance).toBe('Y');
    expect(report?.last).toBe(true);
  });

  it('reads an open PositionReport: LongQty as a signed quantity, SettlPrice as the open price', () => {
    const position = parsePositionReport(sample('position-report.fix'));
    expect(position?.signedQuantity.toString()).toBe('10000');
    expect(position?.openPrice?.toString()).toBe('1.10728');
    expect(position?.last).toBe(false);
  });
});
