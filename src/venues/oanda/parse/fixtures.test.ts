import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { AccountId } from '../../../core/identifiers';
import { parseAccountSummary, parsePositions } from './account';
import { parseInstruments } from './instruments';
import { KnownOrders } from './known-orders';
import { PricingLineParser } from './pricing';
import { parseOandaTime } from './time';
import { mapTransaction } from './transactions';
import type { TransactionWire } from './wire';

/** Real payloads recorded from OANDA practice accounts (see fixtures/README.md). */
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'));
const accountId = AccountId.parse('101-004-1435156-001');

describe('parsing recorded OANDA payloads', () => {
  it('maps instruments to engine rules: tick from displayPrecision, lot from tradeUnitsPrecision, bounds exact', () => {
    const eurUsd = parseInstruments(fixture('account-instruments-200.json')).find((i) => i.venueSymbol === 'EUR_USD');
    expect(eurUsd?.id).toBe('EUR_USD.OANDA');
    expect(eurUsd?.priceIncrement.toString()).toBe('0.00001');
    expect(eurUsd?.sizeIncrement.toString()).toBe('1');
    expect(eurUsd?.pipLocation).toBe(-4);
    expect(eurUsd?.marginRate.toString()).toBe('0.05');
    expect(eurUsd?.maxOrderUnits.toString()).toBe('100000000');
    expect(eurUsd?.maxPositionSize).toBeUndefined();
    expect(eurUsd?.trailingStopDistance.min.toString()).toBe('0.00050');
    expect(eurUsd?.trailingStopDistance.max.toString()).toBe('1.00000');
  });

  it('reads the account summary exactly (NAV as equity, margin used as locked)', () => {
    const report = parseAccountSummary(accountId, fixture('account-summary-200.json'), 0);
    expect(report.baseCurrency).toBe('EUR');
    expect(report.balances[0]?.total.toString()).toBe('35454.4740');
    expect(report.balances[0]?.locked.toString()).toBe('10581.5000');
    expect(report.equity?.amount.toString()).toBe('35454.4740');
    expect(report.realizedPnl?.amount.toString()).toBe('-13840.3525');
  });

  it('reports only non-flat position legs', () => {
    const reports = parsePositions(accountId, 'EUR', fixture('positions-200.json'), 0);
    expect(reports.every((r) => !r.signedQuantity.isZero())).toBe(true);
  });

  it('maps an ORDER_FILL of a trade close to a sell fill with the exact price and booked P&L', () => {
    const fill = fixture('trade-close-200.json')['orderFillTransaction'] as TransactionWire;
    const mapped = mapTransaction(fill, { accountId, currency: 'EUR', orders: new KnownOrders(), now: 0 });
    const report = mapped.reports.find((r) => r.kind === 'fill');
    expect(report?.kind).toBe('fill');
    if (report?.kind !== 'fill') return;
    expect(report.report.side).toBe('sell');
    expect(report.report.quantity.toString()).toBe('100');
    expect(report.report.price.toString()).toBe('1.09289');
    expect(report.report.realizedPnl?.amount.toString()).toBe('-0.1455');
    expect(report.report.tradeId).toBe('2317');
    expect(report.report.occurredAt).toBe(parseOandaTime('2016-10-28T15:11:58.023004583Z'));
    expect(mapped.unknownOrderIds).toEqual(['2316']);
  });

  it('follows an order through sinceid: created, then canceled; account housekeeping maps to nothing', () => {
    const orders = new KnownOrders();
    const transactions = fixture('transactions-sinceid-200.json')['transactions'] as TransactionWire[];
    const kinds = transactions.map((t) => mapTransaction(t, { accountId, currency: 'EUR', orders, now: 0 }).reports.map((r) => (r.kind === 'order' ? r.report.status : r.kind)));
    expect(kinds).toEqual([['accepted'], ['canceled'], ['accepted'], [], []]);
    const created = orders.get(accountId, '2307');
    expect(created?.side).toBe('sell');
    expect(created?.price?.toString()).toBe('1.25000');
    expect(created?.venueClientOrderId).toBe('myID');
  });

  it('reports an unknown transaction type as unrecognized, never guessed', () => {
    const mapped = mapTransaction({ id: '9', time: '2016-10-28T15:11:58.023004583Z', type: 'SOMETHING_NEW' }, { accountId, currency: 'EUR', orders: new KnownOrders(), now: 0 });
    expect(mapped.reports.map((r) => r.kind)).toEqual(['unrecognized']);
  });

  it('parses recorded pricing-stream lines into exact quotes and heartbeats', () => {
    const parser = new PricingLineParser();
    const lines = readFileSync(new URL('../fixtures/pricing-stream.jsonl', import.meta.url), 'utf8').trim().split('\n');
    const parsed = lines.map((line) => parser.parse(line, 0));
    expect(parsed.map((p) => p.kind)).toEqual(['price', 'heartbeat', 'price', 'price']);
    const first = parsed[0];
    if (first?.kind !== 'price') throw new Error('expected a price');
    expect(first.tick.instrumentId).toBe('EUR_JPY.OANDA');
    expect(first.tick.bid.toString()).toBe('114.295');
    expect(first.tick.ask.toString()).toBe('114.312');
    expect(first.tick.bidSize?.toString()).toBe('1000000');
    expect(parser.parse('{"type":"PRICE"}', 0).kind).toBe('unrecognized');
    expect(parser.parse('not json', 0).kind).toBe('unrecognized');
  });

  it('attaches quoteHomeConversionFactors in the streaming account\'s home currency, exactly, and only when valid', () => {
    const parser = new PricingLineParser();
    const line = (factors: unknown): string => JSON.stringify({
      type: 'PRICE', instrument: 'EUR_GBP', time: '2016-10-27T08:38:43.094548890Z', tradeable: true,
      bids: [{ price: '0.89512', liquidity: 1000000 }], asks: [{ price: '0.89526', liquidity: 1000000 }],
      closeoutBid: '0.89512', closeoutAsk: '0.89526', quoteHomeConversionFactors: factors,
    });
    const good = parser.parse(line({ positiveUnits: '1.22052000', negativeUnits: '1.22076000' }), 0, 'USD');
    if (good.kind !== 'price') throw new Error('expected a price');
    const [factors] = good.tick.homeConversions ?? [];
    expect(factors?.currency).toBe('USD');
    expect(factors?.positiveUnits.toString()).toBe('1.22052000');
    expect(factors?.negativeUnits.toString()).toBe('1.22076000');
    // Without the account's home currency the factors mean nothing; malformed ones are not guessed at.
    const noHome = parser.parse(line({ positiveUnits: '1.2', negativeUnits: '1.3' }), 0);
    expect(noHome.kind === 'price' && noHome.tick.homeConversions).toBe(undefined);
    for (const bad of [{ positiveUnits: 1.2, negativeUnits: '1.3' }, { positiveUnits: '-1', negativeUnits: '1' }, { negativeUnits: '1' }, 'x']) {
      const parsed = parser.parse(line(bad), 0, 'USD');
      expect(parsed.kind === 'price' && parsed.tick.homeConversions).toBe(undefined);
    }
  });
});
