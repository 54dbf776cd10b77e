/** Every recorded payload shape in src/venues/tradelocker/fixtures is read by the adapter's own parsers, exactly. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { AccountId } from '../../../src/core';
import { parseExactJson } from '../../../src/venues/tradelocker/http/json';
import { expiryOf } from '../../../src/venues/tradelocker/http/session';
import { accountReportOf, positionReportsOf } from '../../../src/venues/tradelocker/parse/account';
import { instrumentOf, readInstrumentList } from '../../../src/venues/tradelocker/parse/instruments';
import { fillOf, readOrder, reportOf } from '../../../src/venues/tradelocker/parse/orders';
import { columnSets, envelope, rowsOf } from '../../../src/venues/tradelocker/parse/wire';
import { codeOfErrmsg } from '../../../src/venues/tradelocker/reasons';
import { InstrumentTable } from '../../../src/venues/tradelocker/symbols';

const fixture = (name: string): unknown => parseExactJson(readFileSync(join(__dirname, '../../../src/venues/tradelocker/fixtures', name), 'utf8'));
const accountId = AccountId.parse('1001001');

describe('TradeLocker fixtures through the adapter parsers', () => {
  const columns = columnSets(envelope(fixture('config-200.json'), 'config'));
  const list = readInstrumentList(envelope(fixture('instruments-200.json'), 'instruments'));
  const eurusd = instrumentOf(list[0] as (typeof list)[number], envelope(fixture('instrument-details-200.json'), 'details'), undefined);
  const table = new InstrumentTable([eurusd]);

  it('reads config columns and the instrument as trading rules in units', () => {
    expect(columns.orders.slice(0, 7)).toEqual(['id', 'tradableInstrumentId', 'routeId', 'qty', 'side', 'type', 'status']);
    expect(list.map((e) => [e.name, e.tradableInstrumentId, e.tradeRouteId, e.infoRouteId])).toEqual([['EURUSD', '278', '902', '903'], ['USDJPY', '280', '902', '903']]);
    expect([eurusd.instrument.priceIncrement.toString(), eurusd.instrument.sizeIncrement.toString(), eurusd.instrument.minQuantity.toString(), eurusd.lotSize.toString()]).toEqual(['0.00001', '1000', '1000', '100000']);
  });

  it('reads order rows (open and history), positions, executions and the account state exactly', () => {
    const open = rowsOf(envelope(fixture('orders-200.json'), 'orders'), 'orders', columns.orders).map((row) => readOrder(row, table));
    const [limit, stop] = open.map((r) => (r.ok ? reportOf(accountId, r.order, 0) : undefined));
    expect([limit?.status, limit?.type, limit?.venueClientOrderId, limit?.price?.toString(), limit?.quantity.toString()]).toEqual(['accepted', 'limit', 'tmt-0001', '1.07500', '10000']);
    expect([stop?.type, stop?.triggerPrice?.toString(), stop?.venueClientOrderId]).toEqual(['stop-market', '1.07450', undefined]);
    const history = rowsOf(envelope(fixture('orders-history-200.json'), 'history'), 'ordersHistory', columns.ordersHistory).map((row) => readOrder(row, table));
    expect(history.map((r) => (r.ok ? [r.order.status, r.order.averagePrice?.toString()] : r.description))).toEqual([['filled', '1.08512'], ['canceled', undefined]]);
    const positions = positionReportsOf(accountId, 'USD', rowsOf(envelope(fixture('positions-200.json'), 'positions'), 'positions', columns.positions), table, 0);
    expect(positions.map((p) => [p.signedQuantity.toString(), p.averagePrice?.toString(), p.unrealizedPnl?.amount.toString()])).toEqual([['20000', '1.08512', '-2.40']]);
    const [execution] = rowsOf(envelope(fixture('executions-200.json'), 'executions'), 'executions', columns.executions);
    const fill = fillOf(accountId, 'USD', execution ?? {}, table, (id) => (id === '7277816997847406980' ? 'tmt-0000' : undefined));
    expect([fill?.tradeId, fill?.venueClientOrderId, fill?.price.toString(), fill?.quantity.toString(), fill?.occurredAt]).toEqual(['7277816997855000001', 'tmt-0000', '1.08512', '20000', 1705999990012]);
    const account = accountReportOf(accountId, 'USD', envelope(fixture('state-200.json'), 'state'), columns.accountDetails, 0, true);
    expect([account.balances[0]?.total.toString(), account.equity?.amount.toString(), account.marginUsed?.amount.toString(), account.unrealizedPnl?.amount.toString()]).toEqual(['100000.00', '99997.60', '217.02', '-2.40']);
  });

  it('reads the token, place-order answers, quotes and bars', () => {
    expect(expiryOf((fixture('jwt-token-201.json') as { accessToken: string }).accessToken)).toBe(1706003600000);
    expect(envelope(fixture('place-order-200.json'), 'place')).toEqual({ orderId: '7277816997847406989' });
    const refused = fixture('place-order-refused-200.json') as { errmsg: string };
    expect(() => envelope(refused, 'place')).toThrow(/Insufficient funds/);
    expect(codeOfErrmsg(refused.errmsg, 200)).toBe('VENUE_INSUFFICIENT_BALANCE');
    expect(envelope(fixture('quotes-200.json'), 'quotes')).toEqual({ ap: '1.08512', bp: '1.08500', as: '500', bs: '500' });
    const bars = (envelope(fixture('history-200.json'), 'history') as { barDetails: Record<string, string>[] }).barDetails;
    expect(bars.map((b) => [b['t'], b['c']])).toEqual([['1706000000000', '1.08521'], ['1706000060000', '1.08549']]);
    expect((fixture('all-accounts-200.json') as { accounts: { accNum: string }[] }).accounts.map((a) => a.accNum)).toEqual(['1', '2']);
  });
});
