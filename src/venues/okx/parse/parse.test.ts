import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountId, InstrumentId } from '../../../core/identifiers';
import { engineCodeFor } from './errors';
import { fillFromPush, orderReport } from './reports';
import type { WireInstrument, WireOrder, WireOrderAck } from './wire';
import { instrumentFromRow } from '../symbols';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8')) as T;
const context = { accountId: AccountId.parse('okx-test'), instrumentId: InstrumentId.of('BTC-USDT', 'OKX'), now: 0 };

describe('okx payload parsing (docs-v5 fixtures)', () => {
  it('reads a SPOT instrument: tick, lot, minimum and state', () => {
    const row = fixture<{ data: WireInstrument[] }>('instruments-spot.json').data[0] as WireInstrument;
    const instrument = instrumentFromRow(row);
    expect(instrument?.id).toBe('BTC-USDT.OKX');
    expect([instrument?.priceIncrement.toString(), instrument?.sizeIncrement.toString(), instrument?.minQuantity.toString(), instrument?.status]).toEqual(['0.1', '0.00000001', '0.00001', 'trading']);
  });

  it('reads sCode inside a 200 answer: success and a refused order', () => {
    expect(fixture<{ data: WireOrderAck[] }>('place-order.json').data[0]?.sCode).toBe('0');
    const failed = fixture<{ code: string; data: WireOrderAck[] }>('place-order-failed.json');
    expect(failed.code).toBe('1');
    expect(engineCodeFor(failed.data[0]?.sCode ?? '')).toBe('VENUE_INSUFFICIENT_BALANCE');
    expect(engineCodeFor('51016')).toBe('VENUE_DUPLICATE_ORDER');
    expect(engineCodeFor('50011')).toBe('VENUE_RATE_LIMITED');
    expect(engineCodeFor('50102')).toBe('VENUE_TIMESTAMP');
    expect(engineCodeFor('50113')).toBe('VENUE_AUTHENTICATION');
  });

  it('reads an orders push as an order report and its fill (fee sign turned into a cost)', () => {
    const order = fixture<{ data: WireOrder[] }>('orders-push.json').data[0] as WireOrder;
    const report = orderReport(order, context);
    expect([report.status, report.type, report.timeInForce, report.filledQuantity.toString(), report.price?.toString()]).toEqual(['partially-filled', 'limit', 'GTC', '0.0005', '30000']);
    const fill = fillFromPush(order, context);
    expect([fill?.tradeId, fill?.quantity.toString(), fill?.liquidity, fill?.commission.amount.toString(), fill?.commission.currency]).toEqual(['242589207', '0.0005', 'maker', '0.0000004', 'BTC']);
  });

  it('refuses to guess an unknown state', () => {
    const order = { ...fixture<{ data: WireOrder[] }>('orders-push.json').data[0], state: 'mystery' } as WireOrder;
    expect(() => orderReport(order, context)).toThrow(/unknown okx state/);
  });
});
