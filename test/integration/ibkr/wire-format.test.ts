import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InstrumentId } from '../../../src/core';
import { readPlaceOrder } from '../../../src/simulators/ibkr/place-order';
import { contractOf, encodePlaceOrder, FrameDecoder, frameFields } from '../../../src/venues/ibkr';
import { decodeAccountSummary, decodeContractDetails, decodePosition, decodeTickByTick, decodeTickPrice } from '../../../src/venues/ibkr/parse/account';
import { decodeCommissionReport, decodeError, decodeExecution, decodeOpenOrder, decodeOrderStatus } from '../../../src/venues/ibkr/parse/messages';

const fixture = JSON.parse(readFileSync(new URL('../../../src/venues/ibkr/fixtures/server-178.json', import.meta.url), 'utf8')) as { serverVersion: number; messages: Record<string, string[]> };
const m = (name: string): string[] => {
  const fields = fixture.messages[name];
  if (fields === undefined) throw new Error(`fixture has no ${name}`);
  return fields;
};

describe('IBKR wire format (server version 178 fixtures)', () => {
  it('decodes order, execution and commission messages into exact decimals', () => {
    const status = decodeOrderStatus(m('orderStatus'));
    expect(status.orderId).toBeGreaterThan(0);
    expect(['Submitted', 'Filled']).toContain(status.status);
    const open = decodeOpenOrder(m('openOrder'), fixture.serverVersion);
    expect(open.contract.conId).toBe(265598);
    expect(open.orderRef).toBe('fixture-1');
    expect(open.totalQuantity.toString()).toBe('10');
    expect(['Submitted', 'Filled']).toContain(open.status);
    const execution = decodeExecution(m('execDetails'), fixture.serverVersion);
    expect(execution.execId).toMatch(/^[0-9a-f]{8}\.[0-9a-f]{8}\.01\.01$/);
    expect(execution.shares.toString()).toBe('10');
    expect(execution.side).toBe('BOT');
    const commission = decodeCommissionReport(m('commissionReport'));
    expect(commission.execId).toBe(execution.execId);
    expect(commission.commission?.toString()).toBe('1.00');
  });

  it('decodes contract details, positions, account summary, ticks and errors', () => {
    const details = decodeContractDetails(m('contractData'));
    expect(details.contract.primaryExch).toBe('NASDAQ');
    expect(details.minTick.toString()).toBe('0.01');
    expect(details.sizeIncrement?.toString()).toBe('1');
    expect(decodePosition(m('position')).position.toString()).toBe('10');
    expect(decodeAccountSummary(m('accountSummary')).account).toMatch(/^DU/);
    const tick = decodeTickPrice(m('tickPrice'));
    expect(tick.price?.isPositive()).toBe(true);
    const tbt = decodeTickByTick(m('tickByTick'));
    expect(tbt.tickType).toBe(3);
    expect(tbt.bid?.lt(tbt.ask ?? tbt.bid)).toBe(true);
    expect(decodeError(m('error')).code).toBe(2104);
  });

  it('frames and splits messages byte for byte, across arbitrary chunk boundaries', () => {
    const frames = Buffer.concat([frameFields(m('orderStatus')), frameFields(m('execDetails'))]);
    const decoder = new FrameDecoder();
    const out: string[][] = [];
    for (let i = 0; i < frames.length; i += 7) out.push(...decoder.push(frames.subarray(i, i + 7)));
    expect(out).toEqual([m('orderStatus'), m('execDetails')]);
  });

  it('encodes placeOrder so that a TWS-side reader finds every field where EClient puts it', () => {
    for (const version of [176, 177, 178]) {
      const fields = encodePlaceOrder({
        orderId: 42, contract: contractOf(InstrumentId.parse('AAPL.IBKR'), 'NASDAQ', 265598), action: 'SELL', totalQuantity: '15', orderType: 'STP LMT', lmtPrice: '189.50',
        auxPrice: '189.75', tif: 'GTD', ocaGroup: 'oca-1', ocaType: 1, account: 'DU1234567', orderRef: 'ref-42', transmit: true, parentId: 0, displaySize: '5',
        outsideRth: true, goodTillDate: '20261201 20:00:00 UTC', trailStopPrice: '', trailingPercent: '', lmtPriceOffset: '',
      }, version);
      const read = readPlaceOrder(fields, version);
      expect(read.orderId).toBe(42);
      expect(read.contract.conId).toBe(265598);
      expect(read.totalQuantity?.toString()).toBe('15');
      expect(read.lmtPrice?.toString()).toBe('189.50');
      expect(read.auxPrice?.toString()).toBe('189.75');
      expect(read.ocaType).toBe(1);
      expect(read.orderRef).toBe('ref-42');
      expect(read.displaySize).toBe(5);
      expect(read.outsideRth).toBe(true);
      expect(read.goodTillDate).toBe('20261201 20:00:00 UTC');
    }
  });

  it('encodes a TRAIL LIMIT: trailing amount in auxPrice, initial stop in trailStopPrice, lmtPriceOffset in the adjusted-order block', () => {
    for (const version of [176, 177, 178]) {
      const fields = encodePlaceOrder({
        orderId: 43, contract: contractOf(InstrumentId.parse('AAPL.IBKR'), 'NASDAQ', 265598), action: 'SELL', totalQuantity: '10', orderType: 'TRAIL LIMIT', lmtPrice: '',
        auxPrice: '1.50', tif: 'GTC', ocaGroup: '', ocaType: 0, account: 'DU1234567', orderRef: 'ref-43', transmit: true, parentId: 0, displaySize: '',
        outsideRth: false, goodTillDate: '', trailStopPrice: '188.00', trailingPercent: '', lmtPriceOffset: '0.25',
      }, version);
      const read = readPlaceOrder(fields, version);
      expect(read.orderType).toBe('TRAIL LIMIT');
      expect(read.auxPrice?.toString()).toBe('1.50');
      expect(read.trailStopPrice?.toString()).toBe('188.00');
      expect(read.lmtPriceOffset?.toString()).toBe('0.25');
      expect(read.lmtPrice).toBeUndefined();
      expect(read.orderRef).toBe('ref-43');
    }
  });
});
