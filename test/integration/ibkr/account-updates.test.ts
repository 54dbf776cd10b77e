import { describe, expect, it } from 'vitest';
import { ClientOrderId, Decimal, InstrumentId, Quantity, type PositionStatusReport, type AccountReport } from '../../../src/core';
import { eventually } from './harness';
import { startEngineRig } from './engine-harness';

const AAPL = InstrumentId.parse('AAPL.IBKR');
const REQ_ACCOUNT_DATA = 6;

describe('IBKR reqAccountUpdates: the account and portfolio stream', () => {
  it('subscribes at connect; a fill brings a portfolio update (position) and an account batch whose cash is TWS\'s, and TMT agrees with TWS', async () => {
    const rig = await startEngineRig({ quoteOf: AAPL });
    try {
      const positions: PositionStatusReport[] = [];
      const accounts: AccountReport[] = [];
      rig.pair.client.onReport((r) => {
        if (r.kind === 'position') positions.push(r.report);
        if (r.kind === 'account') accounts.push(r.report);
      });
      expect(rig.pair.sim.arrivals.some((a) => a.msgId === REQ_ACCOUNT_DATA)).toBe(true);
      const id = ClientOrderId.parse('acct-upd-1');
      const outcome = await rig.engine.submit({
        clientOrderId: id, accountId: rig.pair.accountId, instrumentId: AAPL, side: 'buy', type: 'market', quantity: Quantity.parse('10'),
        timeInForce: 'DAY', postOnly: false, reduceOnly: false,
      }, 'ibkr-account-updates');
      expect(outcome.status).toBe('accepted');
      await eventually('the fill', () => (rig.engine.order(id)?.status === 'filled' ? true : undefined));
      const position = await eventually('a portfolio update for AAPL', () => positions.find((p) => p.instrumentId === AAPL && p.signedQuantity.eq(Decimal.fromInteger(10))));
      expect(position.averagePrice?.isPositive()).toBe(true);
      const cash = rig.pair.sim.truth().cash.rescale(2, 'half-even');
      const account = await eventually('an account batch with the cash after the fill', () => accounts.find((a) => a.balances.some((b) => b.currency === 'USD' && b.total.eq(cash))));
      expect(account.equity?.currency).toBe('USD');
      const venue = await rig.matches();
      expect(venue.positions.find((p) => p.instrumentId === AAPL)?.quantity.toString()).toBe('10');
    } finally {
      await rig.close();
    }
  }, 60_000);
});
